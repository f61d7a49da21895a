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

    select * from {{ ref('int_segment_identifiers') }}

),

resolved as (

    select
        tracks.track_id,
        tracks.anonymous_id,
        tracks.user_id,
        tracks.event_name,
        tracks.event_at,
        {{ saas_metrics.segment_identity_value('person_id') }} as person_id
    from tracks
    {{ saas_metrics.segment_identity_joins('tracks', 'segment_identity') }}

),

final as (

    select
        track_id,
        {{ saas_metrics.segment_visitor_id() }} as visitor_id,
        person_id,
        anonymous_id,
        user_id,
        event_name,
        event_at
    from resolved
    where coalesce(anonymous_id, user_id) is not null

)

select * from final
