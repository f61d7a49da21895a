-- grain: one row per reporting month.
-- gross_mrr_churn_rate = (churned + contraction) / mrr_start
-- net_mrr_churn_rate = (churned + contraction - expansion - reactivation)
--   / mrr_start, where mrr_start is the MRR at the end of the month before.
-- 12-month retention of the customers paying 12 months before (the cohort):
-- net_revenue_retention_12m = their MRR now / their MRR then;
-- gross_revenue_retention_12m = their MRR now, each capped at their MRR
-- then, / their MRR then. Null when the denominator is zero.
-- voluntary_churned_mrr + delinquent_churned_mrr = churned_mrr: the churned
-- MRR split by int_churn_classified's churn_type.
with

months as (

    select month from {{ ref('int_reporting_months') }}

),

customer_months as (

    select * from {{ ref('int_customer_months') }}

),

movements as (

    select
        month,
        sum(mrr_previous) as mrr_start,
        sum(churned_mrr) as churned_mrr,
        sum(contraction_mrr) as contraction_mrr,
        sum(expansion_mrr) as expansion_mrr,
        sum(reactivation_mrr) as reactivation_mrr
    from customer_months
    group by month

),

churn_split as (

    select
        month,
        sum(case when churn_type = 'voluntary' then churned_mrr else 0 end) as voluntary_churned_mrr,
        sum(case when churn_type = 'delinquent' then churned_mrr else 0 end) as delinquent_churned_mrr
    from {{ ref('int_churn_classified') }}
    group by month

),

paying as (

    select
        customer_id,
        month,
        mrr
    from customer_months
    where is_paying

),

cohort_then_and_now as (

    select
        {{ saas_metrics.add_months('then_month.month', 12) }} as month,
        then_month.mrr as mrr_then,
        coalesce(now_month.mrr, 0) as mrr_now
    from paying as then_month
    left join paying as now_month
        on
            then_month.customer_id = now_month.customer_id
            and now_month.month = {{ saas_metrics.add_months('then_month.month', 12) }}

),

retention as (

    select
        month,
        sum(mrr_then) as cohort_mrr_then,
        sum(mrr_now) as cohort_mrr_now,
        sum(case when mrr_now < mrr_then then mrr_now else mrr_then end) as cohort_mrr_now_capped
    from cohort_then_and_now
    group by month

),

final as (

    select
        months.month,
        {{ saas_metrics.to_money('coalesce(movements.mrr_start, 0)') }} as mrr_start,
        {{ saas_metrics.to_money('coalesce(movements.churned_mrr, 0)') }} as churned_mrr,
        {{ saas_metrics.to_money('coalesce(movements.contraction_mrr, 0)') }} as contraction_mrr,
        {{ saas_metrics.to_money('coalesce(movements.expansion_mrr, 0)') }} as expansion_mrr,
        {{ saas_metrics.to_money('coalesce(movements.reactivation_mrr, 0)') }} as reactivation_mrr,
        {{ saas_metrics.safe_divide(
            'movements.churned_mrr + movements.contraction_mrr',
            'movements.mrr_start'
        ) }} as gross_mrr_churn_rate,
        {{ saas_metrics.safe_divide(
            'movements.churned_mrr + movements.contraction_mrr - movements.expansion_mrr - movements.reactivation_mrr',
            'movements.mrr_start'
        ) }} as net_mrr_churn_rate,
        {{ saas_metrics.safe_divide('retention.cohort_mrr_now', 'retention.cohort_mrr_then') }} as net_revenue_retention_12m,
        {{ saas_metrics.safe_divide('retention.cohort_mrr_now_capped', 'retention.cohort_mrr_then') }} as gross_revenue_retention_12m,
        {{ saas_metrics.to_money('coalesce(churn_split.voluntary_churned_mrr, 0)') }} as voluntary_churned_mrr,
        {{ saas_metrics.to_money('coalesce(churn_split.delinquent_churned_mrr, 0)') }} as delinquent_churned_mrr
    from months
    left join movements
        on months.month = movements.month
    left join retention
        on months.month = retention.month
    left join churn_split
        on months.month = churn_split.month

)

select * from final
