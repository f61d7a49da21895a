-- grain: one row per reporting month.
-- arpa = mrr / paying customers;
-- avg_customer_churn_rate_6m = mean of the non-null monthly customer churn
--   rates of the six months up to and including the month;
-- customer_lifetime_months = 1 / avg_customer_churn_rate_6m;
-- clv = arpa x customer_lifetime_months x gross margin (var gross_margin).
-- Example: churn 1 %, 100 customers paying 200,000: ARPA 2,000, lifetime
-- 100 months, CLV 200,000. Null wherever a denominator is zero.
with

mrr as (

    select
        month,
        arpa
    from {{ ref('mrr') }}

),

churn as (

    select
        month,
        customer_churn_rate
    from {{ ref('customer_churn_rate') }}

),

trailing_churn as (

    select
        current_month.month,
        -- summed as decimals so the mean does not depend on the order the
        -- rows arrive in (two builds of the same files are identical), then
        -- divided in floating point (a decimal quotient's scale differs by
        -- engine)
        {{ saas_metrics.safe_divide(
            'sum(cast(trailing_month.customer_churn_rate as decimal(38, 18)))',
            'count(trailing_month.customer_churn_rate)'
        ) }} as avg_customer_churn_rate_6m
    from churn as current_month
    inner join churn as trailing_month
        on
            current_month.month >= trailing_month.month
            and {{ saas_metrics.add_months('current_month.month', -6) }} < trailing_month.month
    group by current_month.month

),

lifetime as (

    select
        mrr.month,
        mrr.arpa,
        trailing_churn.avg_customer_churn_rate_6m,
        1.0 / nullif(trailing_churn.avg_customer_churn_rate_6m, 0) as customer_lifetime_months
    from mrr
    inner join trailing_churn
        on mrr.month = trailing_churn.month

),

final as (

    select
        month,
        arpa,
        avg_customer_churn_rate_6m,
        customer_lifetime_months,
        arpa * customer_lifetime_months * {{ var('gross_margin') }} as clv
    from lifetime

)

select * from final
