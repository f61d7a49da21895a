-- grain: one row per reporting month.
-- customers_start: customers paying at the end of the month before;
-- customers_churned: of those, the ones whose MRR reached 0 in the month;
-- customer_churn_rate = customers_churned / customers_start (null when no
-- customer was paying at the start). customers_churned_voluntary +
-- customers_churned_delinquent = customers_churned (int_churn_classified's
-- churn_type); voluntary_churn_rate / delinquent_churn_rate: each over
-- customers_start, summing to customer_churn_rate.
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

churn_split as (

    select
        month,
        sum(case when churn_type = 'voluntary' then 1 else 0 end) as customers_churned_voluntary,
        sum(case when churn_type = 'delinquent' then 1 else 0 end) as customers_churned_delinquent
    from {{ ref('int_churn_classified') }}
    group by month

),

final as (

    select
        months.month,
        cast(coalesce(monthly.customers_start, 0) as {{ dbt.type_bigint() }}) as customers_start,
        cast(coalesce(monthly.customers_churned, 0) as {{ dbt.type_bigint() }}) as customers_churned,
        {{ saas_metrics.safe_divide('monthly.customers_churned', 'monthly.customers_start') }} as customer_churn_rate,
        cast(coalesce(churn_split.customers_churned_voluntary, 0) as {{ dbt.type_bigint() }}) as customers_churned_voluntary,
        cast(coalesce(churn_split.customers_churned_delinquent, 0) as {{ dbt.type_bigint() }}) as customers_churned_delinquent,
        {{ saas_metrics.safe_divide('coalesce(churn_split.customers_churned_voluntary, 0)', 'monthly.customers_start') }} as voluntary_churn_rate,
        {{ saas_metrics.safe_divide('coalesce(churn_split.customers_churned_delinquent, 0)', 'monthly.customers_start') }} as delinquent_churn_rate
    from months
    left join monthly
        on months.month = monthly.month
    left join churn_split
        on months.month = churn_split.month

)

select * from final
