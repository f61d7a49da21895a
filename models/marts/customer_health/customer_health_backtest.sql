-- grain: one row per reporting month and health band of seed health_bands
-- (every pair, zeros included) (docs/metrics.md metric 7).
-- customers: paying customers in the band at the end of the month
--   (customer_health_score);
-- churned_within_3m: of those, the ones with movement churn in M+1, M+2 or
--   M+3 (int_customer_months; M+4 and later do not count);
-- churn_share_3m = churned_within_3m / customers, null when customers is 0;
-- is_window_complete: M+3 is a reporting month, so all three following
--   months have been observed (later months' counts are still incomplete).
with

months as (

    select month from {{ ref('int_reporting_months') }}

),

bands as (

    select
        health_band,
        band_order
    from {{ ref('health_bands') }}

),

health as (

    select
        customer_id,
        month,
        health_band
    from {{ ref('customer_health_score') }}

),

churns as (

    select
        customer_id,
        month as churn_month
    from {{ ref('int_customer_months') }}
    where movement = 'churn'

),

last_month as (

    select max(month) as last_month
    from months

),

customer_outcomes as (

    -- one row per customer month: churned in the three following months?
    select
        health.customer_id,
        health.month,
        health.health_band,
        max(case when churns.customer_id is not null then 1 else 0 end) as churned_within_3m
    from health
    left join churns
        on
            health.customer_id = churns.customer_id
            and churns.churn_month >= {{ saas_metrics.add_months('health.month', 1) }}
            and churns.churn_month <= {{ saas_metrics.add_months('health.month', 3) }}
    group by
        health.customer_id,
        health.month,
        health.health_band

),

band_months as (

    select
        month,
        health_band,
        count(*) as customers,
        sum(churned_within_3m) as churned_within_3m
    from customer_outcomes
    group by
        month,
        health_band

),

final as (

    select
        months.month,
        cast(bands.health_band as {{ dbt.type_string() }}) as health_band,
        cast(bands.band_order as {{ dbt.type_bigint() }}) as band_order,
        cast(coalesce(band_months.customers, 0) as {{ dbt.type_bigint() }}) as customers,
        cast(coalesce(band_months.churned_within_3m, 0) as {{ dbt.type_bigint() }}) as churned_within_3m,
        {{ saas_metrics.safe_divide('band_months.churned_within_3m', 'band_months.customers') }} as churn_share_3m,
        {{ saas_metrics.add_months('months.month', 3) }} <= last_month.last_month as is_window_complete
    from months
    cross join bands
    cross join last_month
    left join band_months
        on
            months.month = band_months.month
            and bands.health_band = band_months.health_band

)

select * from final
