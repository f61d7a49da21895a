-- grain: one row per reporting month and funnel stage (docs/metrics.md metric
-- 9; every month x stage pair, zeros included; contacts in HubSpot stage
-- Other count nowhere).
--   contacts_entered         contacts that entered the stage in M
--   contacts_in_stage        contacts whose current stage at the end of M is
--                            the stage: entered it before the start of M+1
--                            and no hotter stage before then
--   reached_next_stage_rate  of those that entered it in M, the share that
--                            have reached any hotter stage since (null when
--                            none entered)
--   median_days_to_next_stage of those, the median of the days from entering
--                            the stage to entering the next stage they reached
-- contacts_in_stage is a running sum of +1 in the month a contact enters
-- the stage and -1 in the month it enters a hotter one (entries before the
-- first reporting month count from that month): no month x contact fan-out.
with

months as (

    select month from {{ ref('int_reporting_months') }}

),

stages as (

    select
        lifecycle_stage,
        stage_rank
    from {{ ref('lifecycle_stages') }}
    where is_funnel_stage

),

stage_entries as (

    select
        lifecycle_stage,
        entered_at,
        next_stage_entered_at,
        {{ saas_metrics.month_of('entered_at') }} as entered_month,
        {{ saas_metrics.month_of('next_stage_entered_at') }} as left_month
    from {{ ref('int_lifecycle_stage_entries') }}

),

window_start as (

    select min(month) as first_month from months

),

entered as (

    select
        lifecycle_stage,
        entered_month as month,
        count(*) as contacts_entered,
        sum(case when next_stage_entered_at is not null then 1 else 0 end) as contacts_reached_next,
        percentile_cont(0.5) within group (
            order by cast({{ dbt.datediff('entered_at', 'next_stage_entered_at', 'second') }} as {{ saas_metrics.type_double() }}) / 86400
        ) as median_days_to_next_stage
    from stage_entries
    group by lifecycle_stage, entered_month

),

stage_moves as (

    select
        lifecycle_stage,
        entered_month as move_month,
        1 as contacts_delta
    from stage_entries
    union all
    select
        lifecycle_stage,
        left_month as move_month,
        -1 as contacts_delta
    from stage_entries
    where left_month is not null

),

monthly_moves as (

    select
        stage_moves.lifecycle_stage,
        case
            when stage_moves.move_month < window_start.first_month then window_start.first_month
            else stage_moves.move_month
        end as month,
        sum(stage_moves.contacts_delta) as contacts_delta
    from stage_moves
    cross join window_start
    group by
        stage_moves.lifecycle_stage,
        case
            when stage_moves.move_month < window_start.first_month then window_start.first_month
            else stage_moves.move_month
        end

),

grid as (

    select
        months.month,
        stages.lifecycle_stage,
        stages.stage_rank
    from months
    cross join stages

),

in_stage as (

    select
        grid.month,
        grid.lifecycle_stage,
        sum(coalesce(monthly_moves.contacts_delta, 0)) over (
            partition by grid.lifecycle_stage
            order by grid.month
            rows between unbounded preceding and current row
        ) as contacts_in_stage
    from grid
    left join monthly_moves
        on
            grid.lifecycle_stage = monthly_moves.lifecycle_stage
            and grid.month = monthly_moves.month

),

final as (

    select
        grid.month,
        grid.lifecycle_stage,
        cast(grid.stage_rank as {{ dbt.type_bigint() }}) as stage_rank,
        cast(coalesce(entered.contacts_entered, 0) as {{ dbt.type_bigint() }}) as contacts_entered,
        cast(in_stage.contacts_in_stage as {{ dbt.type_bigint() }}) as contacts_in_stage,
        {{ saas_metrics.safe_divide('entered.contacts_reached_next', 'entered.contacts_entered') }} as reached_next_stage_rate,
        cast(entered.median_days_to_next_stage as {{ saas_metrics.type_double() }}) as median_days_to_next_stage
    from grid
    inner join in_stage
        on
            grid.month = in_stage.month
            and grid.lifecycle_stage = in_stage.lifecycle_stage
    left join entered
        on
            grid.month = entered.month
            and grid.lifecycle_stage = entered.lifecycle_stage

)

select * from final
