-- grain: one row per reporting month.
-- mrr: the month-end MRR of all customers; the six movements from
-- int_customer_months; net_new_mrr = mrr - mrr of the month before (the sum
-- of all six movements, fx_adjustment included); arpa = mrr / paying
-- customers; quick_ratio = (new + expansion + reactivation)
-- / (churned + contraction). Zero denominators give null.
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
        sum(mrr) as mrr,
        sum(mrr_previous) as mrr_previous,
        sum(new_mrr) as new_mrr,
        sum(expansion_mrr) as expansion_mrr,
        sum(contraction_mrr) as contraction_mrr,
        sum(churned_mrr) as churned_mrr,
        sum(reactivation_mrr) as reactivation_mrr,
        sum(fx_adjustment_mrr) as fx_adjustment_mrr,
        sum(case when is_paying then 1 else 0 end) as paying_customers
    from customer_months
    group by month

),

final as (

    select
        months.month,
        {{ saas_metrics.to_money('coalesce(monthly.mrr, 0)') }} as mrr,
        {{ saas_metrics.to_money('coalesce(monthly.new_mrr, 0)') }} as new_mrr,
        {{ saas_metrics.to_money('coalesce(monthly.expansion_mrr, 0)') }} as expansion_mrr,
        {{ saas_metrics.to_money('coalesce(monthly.contraction_mrr, 0)') }} as contraction_mrr,
        {{ saas_metrics.to_money('coalesce(monthly.churned_mrr, 0)') }} as churned_mrr,
        {{ saas_metrics.to_money('coalesce(monthly.reactivation_mrr, 0)') }} as reactivation_mrr,
        {{ saas_metrics.to_money('coalesce(monthly.fx_adjustment_mrr, 0)') }} as fx_adjustment_mrr,
        {{ saas_metrics.to_money('coalesce(monthly.mrr, 0) - coalesce(monthly.mrr_previous, 0)') }} as net_new_mrr,
        cast(coalesce(monthly.paying_customers, 0) as {{ dbt.type_bigint() }}) as paying_customers,
        {{ saas_metrics.safe_divide('monthly.mrr', 'monthly.paying_customers') }} as arpa,
        {{ saas_metrics.safe_divide(
            'monthly.new_mrr + monthly.expansion_mrr + monthly.reactivation_mrr',
            'monthly.churned_mrr + monthly.contraction_mrr'
        ) }} as quick_ratio
    from months
    left join monthly
        on months.month = monthly.month

)

select * from final
