-- grain: one row per reporting month.
-- customers_start: customers paying at the end of the month before;
-- customers_churned: of those, the ones whose MRR reached 0 in the month;
-- customer_churn_rate = customers_churned / customers_start (null when no
-- customer was paying at the start).
with

months as (

    select month from {{ ref('int_reporting_months') }}

),

customer_months as (

    select * from {{ ref('int_customer_months') }}

),

monthly as (

    select
        month,
        sum(case when was_paying then 1 else 0 end) as customers_start,
        sum(case when movement = 'churn' then 1 else 0 end) as customers_churned
    from customer_months
    group by month

),

final as (

    select
        months.month,
        cast(coalesce(monthly.customers_start, 0) as {{ dbt.type_bigint() }}) as customers_start,
        cast(coalesce(monthly.customers_churned, 0) as {{ dbt.type_bigint() }}) as customers_churned,
        {{ saas_metrics.safe_divide('monthly.customers_churned', 'monthly.customers_start') }} as customer_churn_rate
    from months
    left join monthly
        on months.month = monthly.month

)

select * from final
