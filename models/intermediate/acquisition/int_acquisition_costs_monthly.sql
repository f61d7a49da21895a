-- grain: one row per reporting month (zeros where nothing was spent).
-- The sales and marketing cost of a month (docs/metrics.md metric 4), in the
-- reporting currency (rows already converted in staging):
--   paid_media_spend    ad spend of every platform whose spend_date is in M
--   sales_team_cost     team costs of M, department sales (every cost type)
--   marketing_team_cost team costs of M, department marketing (every cost type)
--   sales_marketing_cost = paid_media_spend + sales_team_cost
--                          + marketing_team_cost
-- customer_success and other departments are not acquisition costs.
with

months as (

    select month from {{ ref('int_reporting_months') }}

),

ad_spend as (

    select
        spend_date,
        spend_reporting
    from {{ ref('stg_marketing__ad_spend') }}

),

team_costs as (

    select
        cost_month,
        department,
        amount_reporting
    from {{ ref('stg_marketing__team_costs') }}
    where department in ('sales', 'marketing')

),

ad_spend_monthly as (

    select
        {{ saas_metrics.month_of('spend_date') }} as month,
        sum(spend_reporting) as paid_media_spend
    from ad_spend
    group by {{ saas_metrics.month_of('spend_date') }}

),

team_costs_monthly as (

    select
        cost_month as month,
        sum(case when department = 'sales' then amount_reporting else 0 end) as sales_team_cost,
        sum(case when department = 'marketing' then amount_reporting else 0 end) as marketing_team_cost
    from team_costs
    group by cost_month

),

final as (

    select
        months.month,
        {{ saas_metrics.to_money('coalesce(ad_spend_monthly.paid_media_spend, 0)') }} as paid_media_spend,
        {{ saas_metrics.to_money('coalesce(team_costs_monthly.sales_team_cost, 0)') }} as sales_team_cost,
        {{ saas_metrics.to_money('coalesce(team_costs_monthly.marketing_team_cost, 0)') }} as marketing_team_cost,
        {{ saas_metrics.to_money(
            'coalesce(ad_spend_monthly.paid_media_spend, 0)'
            ~ ' + coalesce(team_costs_monthly.sales_team_cost, 0)'
            ~ ' + coalesce(team_costs_monthly.marketing_team_cost, 0)'
        ) }} as sales_marketing_cost
    from months
    left join ad_spend_monthly
        on months.month = ad_spend_monthly.month
    left join team_costs_monthly
        on months.month = team_costs_monthly.month

)

select * from final
