-- grain: one row per Segment page view (page_id), resolved to its visitor.
-- A visitor is the person behind the page view where known (docs/metrics.md
-- metric 14): the person of its user_id when that is identified to an
-- email, else the person of its anonymous_id (an id belongs to the email of
-- its latest identify, int_identity; an anonymous id identified later
-- belongs to its person retroactively, for every page view it made);
-- else the anonymous id itself, else the unidentified user id.
-- The hosts of the page URL and of the referrer are parsed here (lower case,
-- without scheme, port, path, query or fragment) for the channel rules.
with

pages as (

    select
        page_id,
        anonymous_id,
        user_id,
        event_at,
        url,
        referrer,
        utm_source,
        utm_medium
    from {{ ref('stg_segment__pages') }}

),

segment_identity as (

    select * from {{ ref('int_segment_identifiers') }}

),

resolved as (

    select
        pages.page_id,
        pages.anonymous_id,
        pages.user_id,
        pages.event_at,
        pages.utm_source,
        pages.utm_medium,
        lower(trim(pages.url)) as url_lower,
        lower(trim(pages.referrer)) as referrer_lower,
        {{ saas_metrics.segment_identity_value('person_id') }} as person_id
    from pages
    {{ saas_metrics.segment_identity_joins('pages', 'segment_identity') }}

),

-- the hosts: lower case, without scheme, port, path, query or fragment
hosts as (

    select
        *,
        {{ saas_metrics.url_host('url_lower') }} as url_host,
        {{ saas_metrics.url_host('referrer_lower') }} as referrer_host
    from resolved

),

final as (

    select
        page_id,
        {{ saas_metrics.segment_visitor_id() }} as visitor_id,
        person_id,
        anonymous_id,
        user_id,
        event_at,
        url_host,
        referrer_host,
        utm_source,
        utm_medium
    from hosts
    where coalesce(anonymous_id, user_id) is not null

)

select * from final
