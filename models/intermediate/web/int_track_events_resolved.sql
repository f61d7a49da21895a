-- grain: one row per Segment track event (track_id), resolved to its
-- visitor exactly as page views are (int_page_views_resolved): the person
-- of its user_id when identified, else the person of its anonymous_id
-- (retroactively), else the anonymous id, else the unidentified user id.
-- person_id is null when the event cannot be tied to a person: such events
-- are no identified user's activity (docs/metrics.md metric 14).
with

tracks as (

    select
        track_id,
        anonymous_id,
        user_id,
        event_name,
        event_at
    from {{ ref('stg_segment__tracks') }}

),

segment_identity as (

    select
        identifier_type,
        identifier,
        person_id
    from {{ ref('int_identity') }}
    where
        identifier_type in ('segment_user', 'segment_anonymous')
        and person_id is not null

),

user_persons as (

    select
        identifier as user_id,
        person_id
    from segment_identity
    where identifier_type = 'segment_user'

),

anonymous_persons as (

    select
        identifier as anonymous_id,
        person_id
    from segment_identity
    where identifier_type = 'segment_anonymous'

),

resolved as (

    select
        tracks.track_id,
        tracks.anonymous_id,
        tracks.user_id,
        tracks.event_name,
        tracks.event_at,
        coalesce(user_persons.person_id, anonymous_persons.person_id) as person_id
    from tracks
    left join user_persons
        on tracks.user_id = user_persons.user_id
    left join anonymous_persons
        on tracks.anonymous_id = anonymous_persons.anonymous_id

),

final as (

    select
        track_id,
        coalesce(
            person_id,
            {{ dbt.concat(["'anonymous:'", 'anonymous_id']) }},
            {{ dbt.concat(["'user:'", 'user_id']) }}
        ) as visitor_id,
        person_id,
        anonymous_id,
        user_id,
        event_name,
        event_at
    from resolved
    where coalesce(anonymous_id, user_id) is not null

)

select * from final
