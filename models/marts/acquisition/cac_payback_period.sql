-- grain: one row per acquisition month (every reporting month).
-- cac_payback_months = cac / (new_mrr / new_customers x gross margin)
--   (var gross_margin); null when there is no new customer or no new MRR.
-- cohort_payback_months: the cohort of M (customers whose movement in M is
--   `new`) earns its MRR of every month from M on (M is its first month of
--   revenue) x gross margin. The crossing month is the first month whose
--   cumulative earnings reach the sales and marketing cost of M; payback =
--   whole months before it + the fraction of its earnings still needed:
--   months_since_acquisition + (cost - cumulative before it) / its earnings.
--   Null while the cost is not yet covered (or the month has no cohort).
-- Example (docs/metrics.md): cost 500,000, 250,000 earned over the first 12
-- months, 350,000 over the next 12: 12 + 12 x 250/350 = 20.57 months.
with

acquisition_cost as (

    select
        month,
        sales_marketing_cost,
        new_customers,
        cac
    from {{ ref('customer_acquisition_cost') }}

),

monthly_mrr as (

    select
        month,
        new_mrr
    from {{ ref('mrr') }}

),

cohort_months as (

    select
        acquisition_month,
        months_since_acquisition,
        cohort_mrr
    from {{ ref('int_acquisition_cohort_months') }}

),

cohort_earnings as (

    select
        acquisition_month,
        months_since_acquisition,
        cohort_mrr * {{ var('gross_margin') }} as earned,
        sum(cohort_mrr * {{ var('gross_margin') }}) over (
            partition by acquisition_month
            order by months_since_acquisition
            rows between unbounded preceding and current row
        ) as earned_cumulative
    from cohort_months

),

covered_months as (

    select
        cohort_earnings.acquisition_month,
        cohort_earnings.months_since_acquisition,
        cohort_earnings.earned,
        cohort_earnings.earned_cumulative - cohort_earnings.earned as earned_before,
        acquisition_cost.sales_marketing_cost
    from cohort_earnings
    inner join acquisition_cost
        on cohort_earnings.acquisition_month = acquisition_cost.month
    where cohort_earnings.earned_cumulative >= acquisition_cost.sales_marketing_cost

),

crossing_months as (

    select
        acquisition_month,
        min(months_since_acquisition) as months_before_crossing
    from covered_months
    group by acquisition_month

),

cohort_payback as (

    select
        covered_months.acquisition_month,
        covered_months.months_since_acquisition
        + {{ saas_metrics.safe_divide(
            'covered_months.sales_marketing_cost - covered_months.earned_before',
            'covered_months.earned'
        ) }} as cohort_payback_months
    from covered_months
    inner join crossing_months
        on
            covered_months.acquisition_month = crossing_months.acquisition_month
            and covered_months.months_since_acquisition = crossing_months.months_before_crossing

),

final as (

    select
        acquisition_cost.month,
        acquisition_cost.cac,
        {{ saas_metrics.to_money('coalesce(monthly_mrr.new_mrr, 0)') }} as new_mrr,
        cast(acquisition_cost.new_customers as {{ dbt.type_bigint() }}) as new_customers,
        {{ saas_metrics.safe_divide(
            'acquisition_cost.cac',
            saas_metrics.safe_divide('monthly_mrr.new_mrr', 'acquisition_cost.new_customers')
            ~ ' * ' ~ var('gross_margin')
        ) }} as cac_payback_months,
        cast(cohort_payback.cohort_payback_months as {{ saas_metrics.type_double() }}) as cohort_payback_months
    from acquisition_cost
    left join monthly_mrr
        on acquisition_cost.month = monthly_mrr.month
    left join cohort_payback
        on acquisition_cost.month = cohort_payback.acquisition_month

)

select * from final
