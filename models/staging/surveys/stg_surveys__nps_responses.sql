-- grain: one row per NPS response (response_id), valid rows only: score a
-- whole number from 0 to 10, responded_at a valid timestamp.
with

responses as (

    select * from {{ ref('base_surveys__nps_responses') }}

),

final as (

    select
        response_id,
        email,
        lower(trim(email)) as email_normalized,
        score,
        comment_text,
        responded_at
    from responses
    where row_fate = 'kept'

)

select * from final
