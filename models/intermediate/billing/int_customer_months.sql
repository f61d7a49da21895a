-- grain: one row per customer and month in which the customer had MRR at
-- the end of the month or at the end of the month before (so the month of
-- churn has a row). Carries the month's MRR movement (docs/metrics.md):
--   new          0 -> >0, never paid before
--   reactivation 0 -> >0, paid before (with var reactivation_window_months
--                = N > 0: at most N months after the churn month, else new;
--                docs/metrics.md, settings)
--   expansion    up, or contraction down (still > 0)
--   churn        >0 -> 0
--   fx_adjustment the converted MRR changed while the MRR in every
--                original currency is unchanged
-- so that mrr = mrr_previous + new + reactivation + expansion
--   - contraction - churn + fx_adjustment, exactly, for every row.
-- A churn and a return within one month are invisible at month-end grain.
{%- set reactivation_window_months = saas_metrics.reactivation_window_months() %}
with

subscription_months as (

    select * from {{ ref('int_subscription_months') }}

),

months as (

    select month from {{ ref('int_reporting_months') }}

),

currency_mrr as (

    select
        customer_id,
        currency_code,
        month,
        sum(mrr_original) as mrr_original
    from subscription_months
    group by customer_id, currency_code, month

),

currency_mrr_shifted as (

    select
        customer_id,
        currency_code,
        {{ saas_metrics.add_months('month', 1) }} as next_month,
        mrr_original
    from currency_mrr

),

currency_changes as (

    -- a currency's MRR at M against M-1, for every customer and currency
    -- present in either month
    select
        coalesce(current_month.customer_id, previous_month.customer_id) as customer_id,
        coalesce(current_month.month, previous_month.next_month) as month,
        max(case
            when coalesce(current_month.mrr_original, 0) != coalesce(previous_month.mrr_original, 0)
                then 1
            else 0
        end) as original_currency_changed
    from currency_mrr as current_month
    full outer join currency_mrr_shifted as previous_month
        on
            current_month.customer_id = previous_month.customer_id
            and current_month.currency_code = previous_month.currency_code
            and current_month.month = previous_month.next_month
    group by
        coalesce(current_month.customer_id, previous_month.customer_id),
        coalesce(current_month.month, previous_month.next_month)

),

customer_mrr as (

    select
        customer_id,
        month,
        sum(mrr_reporting) as mrr
    from subscription_months
    group by customer_id, month

),

customer_mrr_paying as (

    -- previous_paying_month: the customer's last paying month before this one
    select
        customer_id,
        month,
        mrr,
        lag(month) over (partition by customer_id order by month) as previous_paying_month
    from customer_mrr
    where mrr > 0

),

customer_mrr_paying_shifted as (

    select
        customer_id,
        {{ saas_metrics.add_months('month', 1) }} as next_month,
        mrr
    from customer_mrr_paying

),

first_paying_months as (

    select
        customer_id,
        min(month) as first_paying_month
    from customer_mrr_paying
    group by customer_id

),

month_pairs as (

    select
        coalesce(current_month.customer_id, previous_month.customer_id) as customer_id,
        coalesce(current_month.month, previous_month.next_month) as month,
        coalesce(current_month.mrr, 0) as mrr,
        coalesce(previous_month.mrr, 0) as mrr_previous,
        current_month.previous_paying_month
    from customer_mrr_paying as current_month
    full outer join customer_mrr_paying_shifted as previous_month
        on
            current_month.customer_id = previous_month.customer_id
            and current_month.month = previous_month.next_month

),

classified as (

    select
        month_pairs.customer_id,
        month_pairs.month,
        month_pairs.mrr,
        month_pairs.mrr_previous,
        month_pairs.mrr - month_pairs.mrr_previous as mrr_change,
        month_pairs.mrr > 0 as is_paying,
        month_pairs.mrr_previous > 0 as was_paying,
        first_paying_months.first_paying_month,
        coalesce(currency_changes.original_currency_changed, 0) = 1 as original_currency_changed,
        case
            when month_pairs.mrr_previous = 0 and month_pairs.mrr > 0
                then case
                    when
                        first_paying_months.first_paying_month < month_pairs.month
                        -- window 0: any return; else the months from the
                        -- churn month (the month after the last paying
                        -- one) to the return are at most the window
                        and (
                            {{ reactivation_window_months }} = 0
                            or {{ dbt.datediff(
                                saas_metrics.add_months('month_pairs.previous_paying_month', 1),
                                'month_pairs.month',
                                'month'
                            ) }} <= {{ reactivation_window_months }}
                        )
                        then 'reactivation'
                    else 'new'
                end
            when month_pairs.mrr_previous > 0 and month_pairs.mrr = 0 then 'churn'
            when month_pairs.mrr = month_pairs.mrr_previous then 'unchanged'
            when coalesce(currency_changes.original_currency_changed, 0) = 0 then 'fx_adjustment'
            when month_pairs.mrr > month_pairs.mrr_previous then 'expansion'
            else 'contraction'
        end as movement
    from month_pairs
    inner join months
        on month_pairs.month = months.month
    left join first_paying_months
        on month_pairs.customer_id = first_paying_months.customer_id
    left join currency_changes
        on
            month_pairs.customer_id = currency_changes.customer_id
            and month_pairs.month = currency_changes.month

),

final as (

    select
        customer_id,
        month,
        mrr,
        mrr_previous,
        mrr_change,
        is_paying,
        was_paying,
        first_paying_month,
        original_currency_changed,
        movement,
        case when movement = 'new' then mrr_change else 0 end as new_mrr,
        case when movement = 'reactivation' then mrr_change else 0 end as reactivation_mrr,
        case when movement = 'expansion' then mrr_change else 0 end as expansion_mrr,
        case when movement = 'contraction' then -mrr_change else 0 end as contraction_mrr,
        case when movement = 'churn' then -mrr_change else 0 end as churned_mrr,
        case when movement = 'fx_adjustment' then mrr_change else 0 end as fx_adjustment_mrr
    from classified

)

select * from final
