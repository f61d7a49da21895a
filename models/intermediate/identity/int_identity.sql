-- grain: one row per identifier of a person in a source system
-- (identifier_type, identifier). A person is matched across systems by
-- email, trimmed and lower-cased (docs/inputs.md, "Identity"):
--   hubspot_contact    HubSpot Record ID        its Email
--   chargebee_customer Chargebee customer id    its email
--   segment_user       Segment user_id          email of its latest identify
--   segment_anonymous  Segment anonymous_id     email of its latest identify
--   nps_response       NPS response_id          its email
-- Segment ids seen in events but never identified, and any id without an
-- email, are listed with is_linked = false: the ids it could not link.
with

contacts as (

    select
        contact_id,
        email_normalized
    from {{ ref('stg_hubspot__contacts') }}

),

customers as (

    select
        customer_id,
        email_normalized
    from {{ ref('stg_chargebee__customers') }}

),

identifies as (

    select
        identify_id,
        user_id,
        anonymous_id,
        email_normalized,
        event_at
    from {{ ref('stg_segment__identifies') }}
    where email_normalized is not null

),

nps_responses as (

    select
        response_id,
        email_normalized
    from {{ ref('stg_surveys__nps_responses') }}

),

pages as (

    select
        user_id,
        anonymous_id
    from {{ ref('stg_segment__pages') }}

),

tracks as (

    select
        user_id,
        anonymous_id
    from {{ ref('stg_segment__tracks') }}

),

-- an id identified to two emails belongs to the email of its latest identify
segment_user_emails as (

    select
        user_id as identifier,
        email_normalized,
        row_number() over (
            partition by user_id
            order by event_at desc, identify_id desc
        ) as recency
    from identifies
    where user_id is not null

),

segment_anonymous_emails as (

    select
        anonymous_id as identifier,
        email_normalized,
        row_number() over (
            partition by anonymous_id
            order by event_at desc, identify_id desc
        ) as recency
    from identifies
    where anonymous_id is not null

),

segment_ids_seen as (

    select distinct
        'segment_user' as identifier_type,
        user_id as identifier
    from pages
    where user_id is not null
    union
    select distinct
        'segment_user' as identifier_type,
        user_id as identifier
    from tracks
    where user_id is not null
    union
    select distinct
        'segment_anonymous' as identifier_type,
        anonymous_id as identifier
    from pages
    where anonymous_id is not null
    union
    select distinct
        'segment_anonymous' as identifier_type,
        anonymous_id as identifier
    from tracks
    where anonymous_id is not null

),

identified_segment_ids as (

    select
        'segment_user' as identifier_type,
        identifier,
        email_normalized
    from segment_user_emails
    where recency = 1
    union all
    select
        'segment_anonymous' as identifier_type,
        identifier,
        email_normalized
    from segment_anonymous_emails
    where recency = 1

),

segment_ids as (

    select
        coalesce(identified_ids.identifier_type, seen_ids.identifier_type) as identifier_type,
        coalesce(identified_ids.identifier, seen_ids.identifier) as identifier,
        identified_ids.email_normalized
    from identified_segment_ids as identified_ids
    full outer join segment_ids_seen as seen_ids
        on
            identified_ids.identifier_type = seen_ids.identifier_type
            and identified_ids.identifier = seen_ids.identifier

),

all_ids as (

    select
        'hubspot_contact' as identifier_type,
        contact_id as identifier,
        email_normalized
    from contacts
    union all
    select
        'chargebee_customer' as identifier_type,
        customer_id as identifier,
        email_normalized
    from customers
    union all
    select
        identifier_type,
        identifier,
        email_normalized
    from segment_ids
    union all
    select
        'nps_response' as identifier_type,
        response_id as identifier,
        email_normalized
    from nps_responses

),

contact_emails as (

    select distinct email_normalized
    from contacts
    where email_normalized is not null

),

customer_emails as (

    select distinct email_normalized
    from customers
    where email_normalized is not null

),

final as (

    select
        all_ids.identifier_type,
        all_ids.identifier,
        all_ids.email_normalized,
        case
            when all_ids.email_normalized is not null then {{ dbt.hash('all_ids.email_normalized') }}
        end as person_id,
        all_ids.email_normalized is not null as is_linked,
        contact_emails.email_normalized is not null as has_hubspot_contact,
        customer_emails.email_normalized is not null as has_chargebee_customer
    from all_ids
    left join contact_emails
        on all_ids.email_normalized = contact_emails.email_normalized
    left join customer_emails
        on all_ids.email_normalized = customer_emails.email_normalized

)

select * from final
