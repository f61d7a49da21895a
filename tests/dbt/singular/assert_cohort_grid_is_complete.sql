-- The cohort grids have no missing and no extra cell: cohort_retention one
-- row per reporting month as cohort month and every age from 0 to the last
-- reporting month; cohort_retention_by_segment the same for every
-- (segment type, segment value, cohort month) of int_customer_cohorts.
with

months as (

    select month from {{ ref('int_reporting_months') }}

),

cohorts as (

    select * from {{ ref('int_customer_cohorts') }}

),

segments as (

    select distinct
        'plan' as segment_type,
        plan as segment_value,
        cohort_month
    from cohorts
    union all
    select distinct
        'country' as segment_type,
        country as segment_value,
        cohort_month
    from cohorts
    union all
    select distinct
        'acquisition_channel' as segment_type,
        acquisition_channel as segment_value,
        cohort_month
    from cohorts

),

expected as (

    select
        'all' as segment_type,
        'all' as segment_value,
        cohort_months.month as cohort_month,
        months.month
    from months as cohort_months
    inner join months
        on cohort_months.month <= months.month
    union all
    select
        segments.segment_type,
        segments.segment_value,
        segments.cohort_month,
        months.month
    from segments
    inner join months
        on segments.cohort_month <= months.month

),

present as (

    select
        'all' as segment_type,
        'all' as segment_value,
        cohort_month,
        month,
        age_months
    from {{ ref('cohort_retention') }}
    union all
    select
        segment_type,
        segment_value,
        cohort_month,
        month,
        age_months
    from {{ ref('cohort_retention_by_segment') }}

)

select
    coalesce(expected.segment_type, present.segment_type) as segment_type,
    coalesce(expected.segment_value, present.segment_value) as segment_value,
    coalesce(expected.cohort_month, present.cohort_month) as cohort_month,
    coalesce(expected.month, present.month) as month,
    case when present.month is null then 'missing' else 'extra' end as problem
from expected
full outer join present
    on
        expected.segment_type = present.segment_type
        and expected.segment_value = present.segment_value
        and expected.cohort_month = present.cohort_month
        and expected.month = present.month
where
    expected.month is null
    or present.month is null
    or present.month != {{ saas_metrics.add_months('present.cohort_month', 'present.age_months') }}
