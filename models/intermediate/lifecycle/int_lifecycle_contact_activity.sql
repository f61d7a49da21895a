-- grain: one row per HubSpot contact, activity type (track | page) and
-- activity name (the Segment event name, or the page path lower-cased
-- without a trailing slash): the first and the number of times the
-- contact's person did it.
-- A contact's activity is found through the identity by email: an event
-- belongs to the person of its user_id where that is identified, else to
-- the person of its anonymous_id (an id belongs to the email of its latest
-- identify, int_identity); the contact's email is compared trimmed and
-- lower-cased (docs/inputs.md, "Identity across systems").
-- Events are aggregated to email x activity before the join to contacts.
with

contacts as (

    select
        contact_id,
        lower(trim(email)) as email_key
    from {{ ref('stg_hubspot__contacts') }}
    where email is not null

),

identity as (

    select * from {{ ref('int_segment_identifiers') }}

),

tracks as (

    select
        user_id,
        anonymous_id,
        event_name,
        event_at
    from {{ ref('stg_segment__tracks') }}
    where event_name is not null

),

pages as (

    select
        user_id,
        anonymous_id,
        case
            when trim(trailing '/' from lower(trim(page_path))) = '' then '/'
            else trim(trailing '/' from lower(trim(page_path)))
        end as page_path,
        event_at
    from {{ ref('stg_segment__pages') }}
    where page_path is not null

),

-- the events of both types, each with its activity name
activity as (

    select
        user_id,
        anonymous_id,
        'track' as activity_type,
        event_name as activity_name,
        event_at
    from tracks
    union all
    select
        user_id,
        anonymous_id,
        'page' as activity_type,
        page_path as activity_name,
        event_at
    from pages

),

person_activity as (

    select
        {{ saas_metrics.segment_identity_value('email_normalized') }} as email_key,
        activity.activity_type,
        activity.activity_name,
        min(activity.event_at) as first_at,
        count(*) as occurrences
    from activity
    {{ saas_metrics.segment_identity_joins('activity', 'identity') }}
    where {{ saas_metrics.segment_identity_value('email_normalized') }} is not null
    group by
        {{ saas_metrics.segment_identity_value('email_normalized') }},
        activity.activity_type,
        activity.activity_name

),

final as (

    select
        contacts.contact_id,
        person_activity.activity_type,
        person_activity.activity_name,
        person_activity.first_at,
        cast(person_activity.occurrences as {{ dbt.type_bigint() }}) as occurrences
    from contacts
    inner join person_activity
        on contacts.email_key = person_activity.email_key

)

select * from final
