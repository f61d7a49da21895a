-- grain: one row per Chargebee subscription (newest valid version).
with

subscriptions as (

    select * from {{ ref('base_chargebee__subscriptions') }}

),

final as (

    select
        subscription_id,
        customer_id,
        plan_id,
        plan_quantity,
        plan_unit_price_minor,
        currency_code,
        billing_period,
        billing_period_unit,
        status,
        created_at,
        started_at,
        activated_at,
        trial_start,
        trial_end,
        current_term_start,
        current_term_end,
        cancelled_at,
        cancel_reason,
        updated_at,
        -- A subscription ends at its cancelled_at, even mid-term; a
        -- cancelled (or transferred) one without cancelled_at ends at its
        -- current term end, else at its last update (docs/metrics.md, settled
        -- details).
        coalesce(
            cancelled_at,
            case when status in ('{{ saas_metrics.ended_subscription_statuses() | join("', '") }}') then coalesce(current_term_end, updated_at) end
        ) as ended_at
    from subscriptions
    where row_fate = 'kept'

)

select * from final
