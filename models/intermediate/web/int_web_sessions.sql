-- grain: one row per web session (visitor_id, session_number).
-- Sessions (docs/metrics.md metric 15): a visitor's page views in time order; a
-- page view starts a new session when it is the visitor's first, when 30
-- minutes or more have passed since the visitor's previous page view
-- (a gap of exactly 30 minutes starts a new session), or when its UTC date
-- differs from the previous page view's.
-- Channel: the session's first page view is classified by seed
-- channel_rules (the matching rule with the lowest priority wins). A
-- referrer on the site itself (a host of the tracked page URLs, www.
-- removed, or a domain of seed site_domains, or a subdomain of either) is
-- internal: direct, unless the page view has a UTM source or medium, which
-- wins. Rules are matched once per distinct traffic source (UTM medium,
-- UTM source, referrer host), never per page view.
-- has_signup: the visitor has a signed_up track event between the first
-- page view and 30 minutes after the last page view of the session
-- (both ends included).
with

page_views as (

    select
        page_id,
        visitor_id,
        event_at,
        referrer_host,
        coalesce(lower(trim(utm_source)), '') as utm_source,
        coalesce(lower(trim(utm_medium)), '') as utm_medium
    from {{ ref('int_page_views_resolved') }}

),

page_hosts as (

    select url_host
    from {{ ref('int_page_views_resolved') }}
    where url_host is not null

),

signups as (

    select
        visitor_id,
        event_at as signed_up_at
    from {{ ref('int_track_events_resolved') }}
    where event_name = 'signed_up'

),

channel_rules as (

    select
        priority,
        channel_group,
        has_utm,
        -- an empty cell is no condition
        nullif(lower(trim(utm_medium_like)), '') as utm_medium_like,
        nullif(lower(trim(utm_source_like)), '') as utm_source_like,
        nullif(lower(trim(referrer_type)), '') as referrer_type,
        nullif(lower(trim(referrer_host_like)), '') as referrer_host_like
    from {{ ref('channel_rules') }}

),

extra_site_domains as (

    select lower(trim(domain_name)) as domain_name
    from {{ ref('site_domains') }}
    where trim(domain_name) <> ''

),

-- sessionising, in one pass over a visitor's page views in time order:
-- the previous page view, the page view's position, and the visitor's
-- page view count and last page view time
page_view_gaps as (

    select
        page_id,
        visitor_id,
        event_at,
        referrer_host,
        utm_source,
        utm_medium,
        lag(event_at) over (
            partition by visitor_id
            order by event_at, page_id
        ) as previous_event_at,
        row_number() over (
            partition by visitor_id
            order by event_at, page_id
        ) as page_position,
        count(*) over (
            partition by visitor_id
            order by event_at, page_id
            rows between unbounded preceding and unbounded following
        ) as visitor_page_views,
        max(event_at) over (
            partition by visitor_id
            order by event_at, page_id
            rows between unbounded preceding and unbounded following
        ) as visitor_last_event_at
    from page_views

),

session_starts as (

    select
        *,
        case
            when previous_event_at is null then 1
            when event_at >= {{ dbt.dateadd('minute', 30, 'previous_event_at') }} then 1
            when cast(event_at as date) <> cast(previous_event_at as date) then 1
            else 0
        end as is_session_start
    from page_view_gaps

),

first_page_views as (

    select
        page_id,
        visitor_id,
        event_at,
        previous_event_at,
        page_position,
        visitor_page_views,
        visitor_last_event_at,
        utm_source,
        utm_medium,
        referrer_host
    from session_starts
    where is_session_start = 1

),

-- a session runs from its first page view to the page view before the
-- next session's first (whose previous page view it is), or to the
-- visitor's last page view
numbered_sessions as (

    select
        *,
        row_number() over (
            partition by visitor_id
            order by event_at, page_id
        ) as session_number,
        lead(page_position) over (
            partition by visitor_id
            order by event_at, page_id
        ) as next_session_position,
        lead(previous_event_at) over (
            partition by visitor_id
            order by event_at, page_id
        ) as next_session_previous_event_at
    from first_page_views

),

session_bounds as (

    select
        visitor_id,
        session_number,
        event_at as started_at,
        case
            when next_session_position is null then visitor_last_event_at
            else next_session_previous_event_at
        end as ended_at,
        coalesce(next_session_position, visitor_page_views + 1) - page_position as page_views,
        page_id as first_page_id,
        utm_source,
        utm_medium,
        coalesce(referrer_host, '') as referrer_host,
        (utm_source <> '' or utm_medium <> '') as has_utm
    from numbered_sessions

),

-- the site's own domains: every host a tracked page was viewed on (a
-- leading www. removed) and the extra domains of seed site_domains
site_domains as (

    select distinct
        case
            when url_host like 'www.%' then substr(url_host, 5)
            else url_host
        end as domain_name
    from page_hosts
    union
    select domain_name from extra_site_domains

),

referrer_hosts as (

    select distinct referrer_host
    from session_bounds
    where referrer_host <> ''

),

referrer_host_types as (

    select
        referrer_hosts.referrer_host,
        case
            when max(site_domains.domain_name) is not null then 'internal'
            else 'external'
        end as referrer_type
    from referrer_hosts
    left join site_domains
        on
            referrer_hosts.referrer_host = site_domains.domain_name
            or referrer_hosts.referrer_host like {{ dbt.concat(["'%.'", 'site_domains.domain_name']) }}
    group by referrer_hosts.referrer_host

),

-- every distinct traffic source of a session's first page view
traffic_sources as (

    select distinct
        session_bounds.has_utm,
        session_bounds.utm_medium,
        session_bounds.utm_source,
        session_bounds.referrer_host,
        coalesce(referrer_host_types.referrer_type, 'none') as referrer_type
    from session_bounds
    left join referrer_host_types
        on session_bounds.referrer_host = referrer_host_types.referrer_host

),

rule_matches as (

    select
        traffic_sources.has_utm,
        traffic_sources.utm_medium,
        traffic_sources.utm_source,
        traffic_sources.referrer_host,
        traffic_sources.referrer_type,
        channel_rules.channel_group,
        row_number() over (
            partition by
                traffic_sources.utm_medium,
                traffic_sources.utm_source,
                traffic_sources.referrer_host
            order by channel_rules.priority
        ) as match_rank
    from traffic_sources
    inner join channel_rules
        on
            traffic_sources.has_utm = channel_rules.has_utm
            and (
                channel_rules.utm_medium_like is null
                or traffic_sources.utm_medium like channel_rules.utm_medium_like
            )
            and (
                channel_rules.utm_source_like is null
                or traffic_sources.utm_source like channel_rules.utm_source_like
            )
            and (
                channel_rules.referrer_type is null
                or traffic_sources.referrer_type = channel_rules.referrer_type
            )
            and (
                channel_rules.referrer_host_like is null
                or {{ dbt.concat(["'.'", 'traffic_sources.referrer_host']) }}
                like channel_rules.referrer_host_like
            )

),

source_channels as (

    select
        utm_medium,
        utm_source,
        referrer_host,
        referrer_type,
        channel_group
    from rule_matches
    where match_rank = 1

),

session_signups as (

    select distinct
        session_bounds.visitor_id,
        session_bounds.session_number
    from session_bounds
    inner join signups
        on
            session_bounds.visitor_id = signups.visitor_id
            and session_bounds.started_at <= signups.signed_up_at
            and {{ dbt.dateadd('minute', 30, 'session_bounds.ended_at') }} >= signups.signed_up_at

),

final as (

    select
        {{ dbt.hash(dbt.concat([
            'session_bounds.visitor_id',
            "'|'",
            'cast(session_bounds.session_number as ' ~ dbt.type_string() ~ ')',
        ])) }} as session_id,
        session_bounds.visitor_id,
        cast(session_bounds.session_number as {{ dbt.type_bigint() }}) as session_number,
        {{ saas_metrics.month_of('session_bounds.started_at') }} as session_month,
        session_bounds.started_at,
        session_bounds.ended_at,
        cast(session_bounds.page_views as {{ dbt.type_bigint() }}) as page_views,
        session_bounds.first_page_id,
        nullif(session_bounds.utm_source, '') as utm_source,
        nullif(session_bounds.utm_medium, '') as utm_medium,
        nullif(session_bounds.referrer_host, '') as referrer_host,
        source_channels.referrer_type,
        coalesce(source_channels.channel_group, 'other') as channel_group,
        session_signups.visitor_id is not null as has_signup
    from session_bounds
    left join source_channels
        on
            session_bounds.utm_medium = source_channels.utm_medium
            and session_bounds.utm_source = source_channels.utm_source
            and session_bounds.referrer_host = source_channels.referrer_host
    left join session_signups
        on
            session_bounds.visitor_id = session_signups.visitor_id
            and session_bounds.session_number = session_signups.session_number

)

select * from final
