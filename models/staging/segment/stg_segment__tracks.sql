-- grain: one row per Segment track event (id), duplicate deliveries removed.
with

tracks as (

    select * from {{ ref('base_segment__tracks') }}

),

final as (

    select
        track_id,
        anonymous_id,
        user_id,
        event_name,
        event_text,
        event_at
    from tracks
    where row_fate = 'kept'

)

select * from final
