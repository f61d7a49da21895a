-- grain: one row per acquisition cohort and month in which some customer of
-- the cohort had MRR at the end of the month or of the month before.
-- The cohort of month M: the customers whose movement in M is `new`
-- (int_acquired_customers). Their MRR of every month from M on counts,
-- whatever their later movements (expansion, contraction, churn,
-- reactivation); M itself is the cohort's first month of revenue
-- (months_since_acquisition 0). Months where the whole cohort has no row
-- earn nothing and need no row.
with

acquired_customers as (

    select
        customer_id,
        acquisition_month
    from {{ ref('int_acquired_customers') }}

),

customer_months as (

    select
        customer_id,
        month,
        mrr
    from {{ ref('int_customer_months') }}

),

cohort_customer_months as (

    -- each customer joins only its own months: no fan-out
    select
        acquired_customers.acquisition_month,
        customer_months.month,
        customer_months.customer_id,
        customer_months.mrr
    from acquired_customers
    inner join customer_months
        on
            acquired_customers.customer_id = customer_months.customer_id
            and acquired_customers.acquisition_month <= customer_months.month

),

final as (

    select
        acquisition_month,
        month,
        cast({{ dbt.datediff('acquisition_month', 'month', 'month') }} as {{ dbt.type_bigint() }})
            as months_since_acquisition,
        cast(sum(case when mrr > 0 then 1 else 0 end) as {{ dbt.type_bigint() }}) as paying_customers,
        {{ saas_metrics.to_money('sum(mrr)') }} as cohort_mrr
    from cohort_customer_months
    group by acquisition_month, month

)

select * from final
