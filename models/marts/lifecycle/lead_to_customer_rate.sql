-- grain: one row per reporting month (docs/metrics.md metric 8).
--   new_leads                   contacts whose lead stage began in M
--   new_customers               Chargebee customers with movement `new` in M,
--                               their first paying month (as in CAC:
--                               int_customer_months, int_acquired_customers)
--   lead_to_customer_rate       new_customers / new_leads (period rate)
--   cohort_leads                the leads of M (= new_leads)
--   cohort_customers_90d        of those, the contacts whose customer stage
--                               began 0 to 90 x 24 hours after their lead stage
--   cohort_conversion_rate_90d  cohort_customers_90d / cohort_leads
-- Rates are null when the month has no lead. The 90-day cohort of the last
-- three months is still maturing.
with

months as (

    select month from {{ ref('int_reporting_months') }}

),

customer_months as (

    select
        month,
        movement,
        first_paying_month
    from {{ ref('int_customer_months') }}

),

stage_entries as (

    select
        contact_id,
        lifecycle_stage,
        entered_at
    from {{ ref('int_lifecycle_stage_entries') }}
    where lifecycle_stage in ('lead', 'customer')

),

leads as (

    select
        contact_id,
        entered_at as lead_at,
        {{ saas_metrics.month_of('entered_at') }} as lead_month
    from stage_entries
    where lifecycle_stage = 'lead'

),

customers as (

    select
        contact_id,
        entered_at as customer_at
    from stage_entries
    where lifecycle_stage = 'customer'

),

monthly_leads as (

    select
        leads.lead_month as month,
        count(*) as new_leads,
        sum(case
            when
                customers.customer_at >= leads.lead_at
                and {{ dbt.datediff('leads.lead_at', 'customers.customer_at', 'second') }} <= 90 * 86400
                then 1
            else 0
        end) as cohort_customers_90d
    from leads
    left join customers
        on leads.contact_id = customers.contact_id
    group by leads.lead_month

),

monthly_new_customers as (

    select
        month,
        count(*) as new_customers
    from customer_months
    where
        movement = 'new'
        and month = first_paying_month
    group by month

),

final as (

    select
        months.month,
        cast(coalesce(monthly_leads.new_leads, 0) as {{ dbt.type_bigint() }}) as new_leads,
        cast(coalesce(monthly_new_customers.new_customers, 0) as {{ dbt.type_bigint() }}) as new_customers,
        {{ saas_metrics.safe_divide('coalesce(monthly_new_customers.new_customers, 0)', 'monthly_leads.new_leads') }} as lead_to_customer_rate,
        cast(coalesce(monthly_leads.new_leads, 0) as {{ dbt.type_bigint() }}) as cohort_leads,
        cast(coalesce(monthly_leads.cohort_customers_90d, 0) as {{ dbt.type_bigint() }}) as cohort_customers_90d,
        {{ saas_metrics.safe_divide('monthly_leads.cohort_customers_90d', 'monthly_leads.new_leads') }} as cohort_conversion_rate_90d
    from months
    left join monthly_leads
        on months.month = monthly_leads.month
    left join monthly_new_customers
        on months.month = monthly_new_customers.month

)

select * from final
