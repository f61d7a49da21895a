-- grain: one row per day of the reporting window (every day of the months
-- of int_reporting_months): MetricFlow's time spine (dbt needs one at day
-- grain or finer). Portable SQL: 31 day offsets per month, kept while the
-- day is before the next month.
with

months as (

    select
        month,
        next_month
    from {{ ref('int_reporting_months') }}

),

day_offsets as (

    -- 1 .. 31
    {{ dbt.generate_series(31) }}

),

final as (

    select cast({{ dbt.dateadd('day', 'day_offsets.generated_number - 1', 'months.month') }} as date) as date_day
    from months
    cross join day_offsets
    where {{ dbt.dateadd('day', 'day_offsets.generated_number - 1', 'months.month') }} < months.next_month

)

select * from final
