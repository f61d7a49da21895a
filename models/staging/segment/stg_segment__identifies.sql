-- grain: one row per Segment identify call (id), duplicate deliveries
-- removed; links anonymous_id and user_id to an email.
with

identifies as (

    select * from {{ ref('base_segment__identifies') }}

),

final as (

    select
        identify_id,
        anonymous_id,
        user_id,
        email,
        lower(trim(email)) as email_normalized,
        event_at
    from identifies
    where row_fate = 'kept'

)

select * from final
