-- grain: one row per calendar month of the reporting window: from the
-- month of the first activity to the last complete month, the month before
-- the month of the latest activity (or of var as_of_date when set), so a
-- rebuild of the same files always gives the same months. A window longer
-- than var max_reporting_months stops the build with a message.
{%- set as_of_date = var('as_of_date') %}
{%- set max_months = var('max_reporting_months') | int %}

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

checked_edges as (

    -- a window longer than the months generated below stops the build
    -- instead of losing its last months
    select
        first_month,
        last_month,
        case
            when {{ dbt.datediff('first_month', 'last_month', 'month') }} >= {{ max_months }}
                then {{ saas_metrics.raise_error(dbt.concat([
                    "'The reporting window from '", dbt.cast('first_month', dbt.type_string()),
                    "' to '", dbt.cast('last_month', dbt.type_string()),
                    "' is longer than var max_reporting_months (" ~ max_months ~ " months): check vars as_of_date and plausible_dates_from, and the dates in audit.rejected_rows'"
                ])) }}
        end as window_error
    from window_edges

),

month_offsets as (

    -- 1 .. max_reporting_months
    {{ dbt.generate_series(max_months) }}

),

final as (

    select
        {{ saas_metrics.add_months('checked_edges.first_month', 'month_offsets.generated_number - 1') }} as month,
        {{ saas_metrics.add_months('checked_edges.first_month', 'month_offsets.generated_number') }} as next_month
    from checked_edges
    cross join month_offsets
    where
        {{ dbt.dateadd('month', 'month_offsets.generated_number - 1', 'checked_edges.first_month') }}
        <= checked_edges.last_month
        and checked_edges.window_error is null

)

select * from final
