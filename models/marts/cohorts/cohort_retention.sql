-- grain: one row per cohort month and age in months: every reporting month
-- is a cohort month (the month of its customers' first payment,
-- int_customer_cohorts), with every age from 0 to the last reporting month
-- (a cohort without customers, or whose customers all left, has its rows,
-- with zeros). month = cohort_month + age_months.
-- customers_paying = cohort customers with MRR > 0 at the end of month
--   (a reactivated customer counts again, in its original cohort);
-- logo_retention = customers_paying / customers_start;
-- net_mrr_retention = mrr_now / mrr_start;
-- gross_mrr_retention = sum over customers of least(mrr now, mrr in the
--   cohort month) / mrr_start. Null when the denominator is zero.
with

months as (

    select month from {{ ref('int_reporting_months') }}

),

cohort_customers as (

    select
        customer_id,
        cohort_month,
        mrr_start
    from {{ ref('int_customer_cohorts') }}

),

paying_months as (

    select
        customer_id,
        month,
        mrr
    from {{ ref('int_customer_months') }}
    where is_paying

),

grid as (

    select
        cohort_months.month as cohort_month,
        months.month,
        cast({{ dbt.datediff('cohort_months.month', 'months.month', 'month') }} as {{ dbt.type_bigint() }}) as age_months
    from months as cohort_months
    inner join months
        on cohort_months.month <= months.month

),

cohort_sizes as (

    select
        cohort_month,
        count(*) as customers_start,
        sum(mrr_start) as mrr_start
    from cohort_customers
    group by cohort_month

),

cohort_paying as (

    select
        cohort_customers.cohort_month,
        paying_months.month,
        count(*) as customers_paying,
        sum(paying_months.mrr) as mrr_now,
        sum(case
            when paying_months.mrr < cohort_customers.mrr_start then paying_months.mrr
            else cohort_customers.mrr_start
        end) as mrr_now_capped
    from cohort_customers
    inner join paying_months
        on
            cohort_customers.customer_id = paying_months.customer_id
            and cohort_customers.cohort_month <= paying_months.month
    group by cohort_customers.cohort_month, paying_months.month

),

final as (

    select
        grid.cohort_month,
        grid.age_months,
        grid.month,
        coalesce(cohort_sizes.customers_start, 0) as customers_start,
        coalesce(cohort_paying.customers_paying, 0) as customers_paying,
        {{ saas_metrics.safe_divide('coalesce(cohort_paying.customers_paying, 0)', 'cohort_sizes.customers_start') }} as logo_retention,
        {{ saas_metrics.to_money('coalesce(cohort_sizes.mrr_start, 0)') }} as mrr_start,
        {{ saas_metrics.to_money('coalesce(cohort_paying.mrr_now, 0)') }} as mrr_now,
        {{ saas_metrics.to_money('coalesce(cohort_paying.mrr_now_capped, 0)') }} as mrr_now_capped,
        {{ saas_metrics.safe_divide('coalesce(cohort_paying.mrr_now_capped, 0)', 'cohort_sizes.mrr_start') }} as gross_mrr_retention,
        {{ saas_metrics.safe_divide('coalesce(cohort_paying.mrr_now, 0)', 'cohort_sizes.mrr_start') }} as net_mrr_retention
    from grid
    left join cohort_sizes
        on grid.cohort_month = cohort_sizes.cohort_month
    left join cohort_paying
        on
            grid.cohort_month = cohort_paying.cohort_month
            and grid.month = cohort_paying.month

)

select * from final
