-- grain: one row per Segment identifier (a user_id or an anonymous_id) that
-- belongs to a person: the person and the email of its latest identify
-- (int_identity). The identity every Segment event is resolved with
-- (macros/segment_identity.sql): int_page_views_resolved,
-- int_track_events_resolved, int_lifecycle_contact_activity.
{{ config(materialized='view') }}

with

identity as (

    select
        identifier_type,
        identifier,
        person_id,
        email_normalized
    from {{ ref('int_identity') }}

),

final as (

    select * from identity
    where
        identifier_type in ('segment_user', 'segment_anonymous')
        and person_id is not null

)

select * from final
