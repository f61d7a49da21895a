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

    select
        identifier_type,
        identifier,
        email_normalized
    from {{ ref('int_identity') }}
    where
        identifier_type in ('segment_user', 'segment_anonymous')
        and email_normalized is not null

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

user_emails as (

    select
        identifier as user_id,
        email_normalized
    from identity
    where identifier_type = 'segment_user'

),

anonymous_emails as (

    select
        identifier as anonymous_id,
        email_normalized
    from identity
    where identifier_type = 'segment_anonymous'

),

track_activity as (

    select
        coalesce(user_emails.email_normalized, anonymous_emails.email_normalized) as email_key,
        'track' as activity_type,
        tracks.event_name as activity_name,
        min(tracks.event_at) as first_at,
        count(*) as occurrences
    from tracks
    left join user_emails
        on tracks.user_id = user_emails.user_id
    left join anonymous_emails
        on tracks.anonymous_id = anonymous_emails.anonymous_id
    where coalesce(user_emails.email_normalized, anonymous_emails.email_normalized) is not null
    group by
        coalesce(user_emails.email_normalized, anonymous_emails.email_normalized),
        tracks.event_name

),

page_activity as (

    select
        coalesce(user_emails.email_normalized, anonymous_emails.email_normalized) as email_key,
        'page' as activity_type,
        pages.page_path as activity_name,
        min(pages.event_at) as first_at,
        count(*) as occurrences
    from pages
    left join user_emails
        on pages.user_id = user_emails.user_id
    left join anonymous_emails
        on pages.anonymous_id = anonymous_emails.anonymous_id
    where coalesce(user_emails.email_normalized, anonymous_emails.email_normalized) is not null
    group by
        coalesce(user_emails.email_normalized, anonymous_emails.email_normalized),
        pages.page_path

),

person_activity as (

    select * from track_activity
    union all
    select * from page_activity

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
