-- grain: one row per calendar month of the reporting window: from the
-- month of the first activity to the last complete month, the month before
-- the month of the latest activity (or of var as_of_date when set), so a
-- rebuild of the same files always gives the same months.
{%- set as_of_date = var('as_of_date') %}

with

bounds as (

    select * from {{ ref('int_activity_bounds') }}

),

window_edges as (

    select
        {{ saas_metrics.month_of('first_activity_at') }} as first_month,
        {{ saas_metrics.add_months(saas_metrics.month_of(
            "cast('" ~ as_of_date ~ "' as timestamp)" if as_of_date else 'latest_activity_at'
        ), -1) }} as last_month
    from bounds

),

month_offsets as (

    -- 0 .. 1199: a hundred years of months is more than any window needs
    {{ dbt.generate_series(1200) }}

),

final as (

    select
        {{ saas_metrics.add_months('window_edges.first_month', 'month_offsets.generated_number - 1') }} as month,
        {{ saas_metrics.add_months('window_edges.first_month', 'month_offsets.generated_number') }} as next_month
    from window_edges
    cross join month_offsets
    where
        {{ dbt.dateadd('month', 'month_offsets.generated_number - 1', 'window_edges.first_month') }}
        <= window_edges.last_month

)

select * from final
