-- Every customer has exactly one value per segment type, so for each
-- segment type the rows of cohort_retention_by_segment add up to
-- cohort_retention in every (cohort month, age) cell.
with

totals as (

    select * from {{ ref('cohort_retention') }}

),

segment_types as (

    select 'plan' as segment_type
    union all
    select 'country' as segment_type
    union all
    select 'acquisition_channel' as segment_type

),

segment_sums as (

    select
        segment_type,
        cohort_month,
        age_months,
        sum(customers_start) as customers_start,
        sum(customers_paying) as customers_paying,
        sum(mrr_start) as mrr_start,
        sum(mrr_now) as mrr_now,
        sum(mrr_now_capped) as mrr_now_capped
    from {{ ref('cohort_retention_by_segment') }}
    group by segment_type, cohort_month, age_months

)

select
    segment_types.segment_type,
    totals.cohort_month,
    totals.age_months
from totals
cross join segment_types
left join segment_sums
    on
        segment_types.segment_type = segment_sums.segment_type
        and totals.cohort_month = segment_sums.cohort_month
        and totals.age_months = segment_sums.age_months
where
    totals.customers_start != coalesce(segment_sums.customers_start, 0)
    or totals.customers_paying != coalesce(segment_sums.customers_paying, 0)
    or totals.mrr_start != coalesce(segment_sums.mrr_start, 0)
    or totals.mrr_now != coalesce(segment_sums.mrr_now, 0)
    or totals.mrr_now_capped != coalesce(segment_sums.mrr_now_capped, 0)
