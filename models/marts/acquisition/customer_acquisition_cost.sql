-- grain: one row per reporting month.
-- sales_marketing_cost = ad spend of M + sales and marketing team costs of
--   M (reporting currency); new_customers = customers with movement `new`
--   in M; cac = sales_marketing_cost / new_customers.
-- paid_media_spend = ad spend of M; paid_new_customers = new customers of M
--   whose HubSpot Original Source is Paid search or Paid social (matched by
--   email); paid_cac = paid_media_spend / paid_new_customers.
-- Null (never 0) when the number of customers is 0.
with

months as (

    select month from {{ ref('int_reporting_months') }}

),

costs as (

    select
        month,
        paid_media_spend,
        sales_marketing_cost
    from {{ ref('int_acquisition_costs_monthly') }}

),

acquired_customers as (

    select
        customer_id,
        acquisition_month,
        is_paid_channel
    from {{ ref('int_acquired_customers') }}

),

new_customers_monthly as (

    select
        acquisition_month as month,
        count(*) as new_customers,
        sum(case when is_paid_channel then 1 else 0 end) as paid_new_customers
    from acquired_customers
    group by acquisition_month

),

monthly as (

    select
        months.month,
        coalesce(costs.sales_marketing_cost, 0) as sales_marketing_cost,
        coalesce(costs.paid_media_spend, 0) as paid_media_spend,
        coalesce(new_customers_monthly.new_customers, 0) as new_customers,
        coalesce(new_customers_monthly.paid_new_customers, 0) as paid_new_customers
    from months
    left join costs
        on months.month = costs.month
    left join new_customers_monthly
        on months.month = new_customers_monthly.month

),

final as (

    select
        month,
        {{ saas_metrics.to_money('sales_marketing_cost') }} as sales_marketing_cost,
        cast(new_customers as {{ dbt.type_bigint() }}) as new_customers,
        {{ saas_metrics.safe_divide('sales_marketing_cost', 'new_customers') }} as cac,
        {{ saas_metrics.to_money('paid_media_spend') }} as paid_media_spend,
        cast(paid_new_customers as {{ dbt.type_bigint() }}) as paid_new_customers,
        {{ saas_metrics.safe_divide('paid_media_spend', 'paid_new_customers') }} as paid_cac
    from monthly

)

select * from final
