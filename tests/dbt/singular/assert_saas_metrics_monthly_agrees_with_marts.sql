-- saas_metrics_monthly shows, for every month, the same figure as the mart
-- each headline comes from. Returns every (month, column) that differs.
{%- set checks = [
    ('mrr', 'mrr', 'mrr'),
    ('net_new_mrr', 'mrr', 'net_new_mrr'),
    ('arr', 'arr', 'arr'),
    ('paying_customers', 'mrr', 'paying_customers'),
    ('arpa', 'mrr', 'arpa'),
    ('customer_churn_rate', 'customer_churn_rate', 'customer_churn_rate'),
    ('net_mrr_churn_rate', 'revenue_churn', 'net_mrr_churn_rate'),
    ('net_revenue_retention_12m', 'revenue_churn', 'net_revenue_retention_12m'),
    ('clv', 'customer_lifetime_value', 'clv'),
    ('cac', 'customer_acquisition_cost', 'cac'),
    ('clv_to_cac_ratio', 'clv_to_cac_ratio', 'clv_to_cac_ratio'),
    ('cac_payback_months', 'cac_payback_period', 'cac_payback_months'),
    ('new_leads', 'lead_to_customer_rate', 'new_leads'),
    ('lead_to_customer_rate', 'lead_to_customer_rate', 'lead_to_customer_rate'),
    ('nps', 'net_promoter_score', 'nps'),
    ('unique_visitors', 'unique_visitors_and_active_users', 'unique_visitors'),
    ('monthly_active_users', 'unique_visitors_and_active_users', 'monthly_active_users'),
] %}

with

overview as (

    select * from {{ ref('saas_metrics_monthly') }}

),

differences as (

    {% for column, mart, source_column in checks -%}
    select
        overview.month,
        '{{ column }}' as headline,
        cast(overview.{{ column }} as {{ saas_metrics.type_double() }}) as overview_value,
        cast(source.{{ source_column }} as {{ saas_metrics.type_double() }}) as mart_value
    from overview
    left join {{ ref(mart) }} as source
        on overview.month = source.month
    where
        (overview.{{ column }} is null) != (source.{{ source_column }} is null)
        or overview.{{ column }} != source.{{ source_column }}
    union all
    {% endfor -%}
    select
        overview.month,
        'sessions' as headline,
        cast(overview.sessions as {{ saas_metrics.type_double() }}) as overview_value,
        cast(sum(channels.sessions) as {{ saas_metrics.type_double() }}) as mart_value
    from overview
    left join {{ ref('traffic_by_channel') }} as channels
        on overview.month = channels.month
    group by overview.month, overview.sessions
    having overview.sessions != coalesce(sum(channels.sessions), 0)

)

select * from differences
