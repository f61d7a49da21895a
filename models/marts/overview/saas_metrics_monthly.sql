-- grain: one row per reporting month: the headline figure of each of the
-- fifteen metrics, read from its own mart (no metric is recomputed here,
-- so the dashboard's first page always agrees with the detail marts; a
-- data test holds that).
with

months as (

    select month from {{ ref('int_reporting_months') }}

),

mrr as (

    select
        month,
        mrr,
        net_new_mrr,
        paying_customers,
        arpa
    from {{ ref('mrr') }}

),

arr as (

    select
        month,
        arr
    from {{ ref('arr') }}

),

customer_churn as (

    select
        month,
        customer_churn_rate
    from {{ ref('customer_churn_rate') }}

),

revenue_churn as (

    select
        month,
        net_mrr_churn_rate,
        net_revenue_retention_12m
    from {{ ref('revenue_churn') }}

),

lifetime_value as (

    select
        month,
        clv
    from {{ ref('customer_lifetime_value') }}

),

acquisition_cost as (

    select
        month,
        cac
    from {{ ref('customer_acquisition_cost') }}

),

clv_to_cac as (

    select
        month,
        clv_to_cac_ratio
    from {{ ref('clv_to_cac_ratio') }}

),

payback as (

    select
        month,
        cac_payback_months
    from {{ ref('cac_payback_period') }}

),

engagement as (

    select
        month,
        -- averaged as decimals: a float sum depends on the order rows are
        -- added, and two builds of the same files must be identical
        cast(avg(cast(engagement_score as {{ saas_metrics.type_money() }})) as {{ saas_metrics.type_double() }})
            as avg_engagement_score
    from {{ ref('customer_engagement_score') }}
    group by month

),

health as (

    select
        month,
        cast(avg(cast(health_score as {{ saas_metrics.type_money() }})) as {{ saas_metrics.type_double() }})
            as avg_health_score,
        sum(case when health_band != 'healthy' then 1 else 0 end) as customers_at_risk_or_critical
    from {{ ref('customer_health_score') }}
    group by month

),

lead_conversion as (

    select
        month,
        new_leads,
        lead_to_customer_rate
    from {{ ref('lead_to_customer_rate') }}

),

sales_qualified as (

    select
        month,
        contacts_entered as new_sqls
    from {{ ref('leads_by_lifecycle_stage') }}
    where lifecycle_stage = 'sql'

),

promoter_score as (

    select
        month,
        nps
    from {{ ref('net_promoter_score') }}

),

visitors as (

    select
        month,
        unique_visitors,
        monthly_active_users
    from {{ ref('unique_visitors_and_active_users') }}

),

traffic as (

    select
        month,
        sum(sessions) as sessions
    from {{ ref('traffic_by_channel') }}
    group by month

),

final as (

    select
        months.month,
        mrr.mrr,
        mrr.net_new_mrr,
        arr.arr,
        mrr.paying_customers,
        mrr.arpa,
        customer_churn.customer_churn_rate,
        revenue_churn.net_mrr_churn_rate,
        revenue_churn.net_revenue_retention_12m,
        lifetime_value.clv,
        acquisition_cost.cac,
        clv_to_cac.clv_to_cac_ratio,
        payback.cac_payback_months,
        engagement.avg_engagement_score,
        health.avg_health_score,
        cast(coalesce(health.customers_at_risk_or_critical, 0) as {{ dbt.type_bigint() }})
            as customers_at_risk_or_critical,
        lead_conversion.new_leads,
        lead_conversion.lead_to_customer_rate,
        sales_qualified.new_sqls,
        promoter_score.nps,
        visitors.unique_visitors,
        visitors.monthly_active_users,
        cast(coalesce(traffic.sessions, 0) as {{ dbt.type_bigint() }}) as sessions
    from months
    left join mrr on months.month = mrr.month
    left join arr on months.month = arr.month
    left join customer_churn on months.month = customer_churn.month
    left join revenue_churn on months.month = revenue_churn.month
    left join lifetime_value on months.month = lifetime_value.month
    left join acquisition_cost on months.month = acquisition_cost.month
    left join clv_to_cac on months.month = clv_to_cac.month
    left join payback on months.month = payback.month
    left join engagement on months.month = engagement.month
    left join health on months.month = health.month
    left join lead_conversion on months.month = lead_conversion.month
    left join sales_qualified on months.month = sales_qualified.month
    left join promoter_score on months.month = promoter_score.month
    left join visitors on months.month = visitors.month
    left join traffic on months.month = traffic.month

)

select * from final
