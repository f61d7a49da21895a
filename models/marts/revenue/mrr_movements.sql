-- grain: one row per customer, month with a movement (new, expansion,
-- contraction, churn, reactivation, fx_adjustment: int_customer_months) and
-- original currency the customer had MRR in at the start or the end of the
-- month (a customer billed in one currency has one row per month).
-- mrr_start / mrr_end: the currency's MRR at the end of the month before /
-- of the month, in the reporting currency (_original: in the currency);
-- movement_mrr: the currency's part of the customer's movement, signed as in
-- mrr (positive): mrr_start - mrr_end for churn and contraction, else
-- mrr_end - mrr_start. So the sum of movement_mrr per month and movement
-- equals mrr's column of that movement, exactly
-- (tests/dbt/singular/assert_mrr_movements_sum_to_mrr.sql).
-- plan_id: the plan of the customer's largest subscription in the currency
-- at the end of the month (at its start for churn); previous_plan_id: at the
-- start. A churn and a return within one month leave no row.
with

customer_months as (

    select
        customer_id,
        month,
        movement,
        is_paying,
        was_paying
    from {{ ref('int_customer_months') }}
    where movement != 'unchanged'

),

subscription_months as (

    select
        subscription_id,
        customer_id,
        currency_code,
        month,
        mrr_original,
        mrr_reporting
    from {{ ref('int_subscription_months') }}

),

subscriptions as (

    select
        subscription_id,
        plan_id
    from {{ ref('stg_chargebee__subscriptions') }}

),

customer_attributes as (

    select * from {{ ref('int_customer_attributes') }}

),

churns as (

    select
        customer_id,
        month,
        churn_type,
        cancel_reason
    from {{ ref('int_churn_classified') }}

),

subscription_amounts as (

    -- each subscription's MRR at the end of the month (period_end = 1) and at
    -- the end of the month before (period_end = 0), counted only when the
    -- customer was paying then (as int_customer_months)
    select
        customer_months.customer_id,
        customer_months.month,
        subscription_months.currency_code,
        subscription_months.subscription_id,
        1 as period_end,
        subscription_months.mrr_original,
        subscription_months.mrr_reporting
    from customer_months
    inner join subscription_months
        on
            customer_months.customer_id = subscription_months.customer_id
            and customer_months.month = subscription_months.month
    where customer_months.is_paying

    union all

    select
        customer_months.customer_id,
        customer_months.month,
        subscription_months.currency_code,
        subscription_months.subscription_id,
        0 as period_end,
        subscription_months.mrr_original,
        subscription_months.mrr_reporting
    from customer_months
    inner join subscription_months
        on
            customer_months.customer_id = subscription_months.customer_id
            and subscription_months.month = {{ saas_metrics.add_months('customer_months.month', -1) }}
    where customer_months.was_paying

),

currency_amounts as (

    select
        customer_id,
        month,
        currency_code,
        sum(case when period_end = 0 then mrr_original else 0 end) as mrr_start_original,
        sum(case when period_end = 1 then mrr_original else 0 end) as mrr_end_original,
        sum(case when period_end = 0 then mrr_reporting else 0 end) as mrr_start,
        sum(case when period_end = 1 then mrr_reporting else 0 end) as mrr_end
    from subscription_amounts
    group by customer_id, month, currency_code

),

plans_ranked as (

    select
        subscription_amounts.customer_id,
        subscription_amounts.month,
        subscription_amounts.currency_code,
        subscription_amounts.period_end,
        subscriptions.plan_id,
        row_number() over (
            partition by
                subscription_amounts.customer_id,
                subscription_amounts.month,
                subscription_amounts.currency_code,
                subscription_amounts.period_end
            order by subscription_amounts.mrr_reporting desc, subscriptions.plan_id asc
        ) as plan_rank
    from subscription_amounts
    left join subscriptions
        on subscription_amounts.subscription_id = subscriptions.subscription_id

),

plans as (

    select
        customer_id,
        month,
        currency_code,
        max(case when period_end = 1 then plan_id end) as plan_id_end,
        max(case when period_end = 0 then plan_id end) as plan_id_start
    from plans_ranked
    where plan_rank = 1
    group by customer_id, month, currency_code

),

final as (

    select
        currency_amounts.month,
        currency_amounts.customer_id,
        customer_months.movement,
        churns.churn_type,
        churns.cancel_reason,
        currency_amounts.currency_code,
        {{ saas_metrics.to_money('currency_amounts.mrr_start') }} as mrr_start,
        {{ saas_metrics.to_money('currency_amounts.mrr_end') }} as mrr_end,
        {{ saas_metrics.to_money(
            "case when customer_months.movement in ('churn', 'contraction')"
            ~ " then currency_amounts.mrr_start - currency_amounts.mrr_end"
            ~ " else currency_amounts.mrr_end - currency_amounts.mrr_start end"
        ) }} as movement_mrr,
        {{ saas_metrics.to_money('currency_amounts.mrr_start_original') }} as mrr_start_original,
        {{ saas_metrics.to_money('currency_amounts.mrr_end_original') }} as mrr_end_original,
        coalesce(plans.plan_id_end, plans.plan_id_start) as plan_id,
        plans.plan_id_start as previous_plan_id,
        customer_attributes.country,
        customer_attributes.acquisition_channel,
        customer_attributes.billing_system
    from currency_amounts
    inner join customer_months
        on
            currency_amounts.customer_id = customer_months.customer_id
            and currency_amounts.month = customer_months.month
    left join plans
        on
            currency_amounts.customer_id = plans.customer_id
            and currency_amounts.month = plans.month
            and currency_amounts.currency_code = plans.currency_code
    left join churns
        on
            currency_amounts.customer_id = churns.customer_id
            and currency_amounts.month = churns.month
    left join customer_attributes
        on currency_amounts.customer_id = customer_attributes.customer_id

)

select * from final
