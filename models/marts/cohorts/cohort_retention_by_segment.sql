-- grain: one row per segment (segment_type plan, country or
-- acquisition_channel, and its segment_value, int_customer_cohorts), cohort
-- month in which the segment has customers, and age in months from 0 to the
-- last reporting month (zeros when nobody pays any more). Every customer
-- has exactly one value per segment type ('unknown' when missing), so the
-- rows of one segment type add up to cohort_retention.
-- customers_paying = the segment's cohort customers with MRR > 0 at the end
--   of month (a reactivated customer counts again, in its original cohort);
-- logo_retention = customers_paying / customers_start;
-- net_mrr_retention = mrr_now / mrr_start;
-- gross_mrr_retention = sum over customers of least(mrr now, mrr in the
--   cohort month) / mrr_start. Null when the denominator is zero.
with

months as (

    select month from {{ ref('int_reporting_months') }}

),

cohorts as (

    select * from {{ ref('int_customer_cohorts') }}

),

paying_months as (

    select
        customer_id,
        month,
        mrr
    from {{ ref('int_customer_months') }}
    where is_paying

),

customer_segments as (

    select
        customer_id,
        cohort_month,
        mrr_start,
        'plan' as segment_type,
        plan as segment_value
    from cohorts
    union all
    select
        customer_id,
        cohort_month,
        mrr_start,
        'country' as segment_type,
        country as segment_value
    from cohorts
    union all
    select
        customer_id,
        cohort_month,
        mrr_start,
        'acquisition_channel' as segment_type,
        acquisition_channel as segment_value
    from cohorts

),

segment_sizes as (

    select
        segment_type,
        segment_value,
        cohort_month,
        count(*) as customers_start,
        sum(mrr_start) as mrr_start
    from customer_segments
    group by segment_type, segment_value, cohort_month

),

grid as (

    select
        segment_sizes.segment_type,
        segment_sizes.segment_value,
        segment_sizes.cohort_month,
        months.month,
        cast({{ dbt.datediff('segment_sizes.cohort_month', 'months.month', 'month') }} as {{ dbt.type_bigint() }}) as age_months,
        segment_sizes.customers_start,
        segment_sizes.mrr_start
    from segment_sizes
    inner join months
        on segment_sizes.cohort_month <= months.month

),

segment_paying as (

    select
        customer_segments.segment_type,
        customer_segments.segment_value,
        customer_segments.cohort_month,
        paying_months.month,
        count(*) as customers_paying,
        sum(paying_months.mrr) as mrr_now,
        sum(case
            when paying_months.mrr < customer_segments.mrr_start then paying_months.mrr
            else customer_segments.mrr_start
        end) as mrr_now_capped
    from customer_segments
    inner join paying_months
        on
            customer_segments.customer_id = paying_months.customer_id
            and customer_segments.cohort_month <= paying_months.month
    group by
        customer_segments.segment_type,
        customer_segments.segment_value,
        customer_segments.cohort_month,
        paying_months.month

),

final as (

    select
        grid.segment_type,
        grid.segment_value,
        grid.cohort_month,
        grid.age_months,
        grid.month,
        grid.customers_start,
        coalesce(segment_paying.customers_paying, 0) as customers_paying,
        {{ saas_metrics.safe_divide('coalesce(segment_paying.customers_paying, 0)', 'grid.customers_start') }} as logo_retention,
        {{ saas_metrics.to_money('grid.mrr_start') }} as mrr_start,
        {{ saas_metrics.to_money('coalesce(segment_paying.mrr_now, 0)') }} as mrr_now,
        {{ saas_metrics.to_money('coalesce(segment_paying.mrr_now_capped, 0)') }} as mrr_now_capped,
        {{ saas_metrics.safe_divide('coalesce(segment_paying.mrr_now_capped, 0)', 'grid.mrr_start') }} as gross_mrr_retention,
        {{ saas_metrics.safe_divide('coalesce(segment_paying.mrr_now, 0)', 'grid.mrr_start') }} as net_mrr_retention
    from grid
    left join segment_paying
        on
            grid.segment_type = segment_paying.segment_type
            and grid.segment_value = segment_paying.segment_value
            and grid.cohort_month = segment_paying.cohort_month
            and grid.month = segment_paying.month

)

select * from final
