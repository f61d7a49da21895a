-- grain: one row per reporting month (docs/metrics.md metric 14).
-- A visitor is the person behind a page view where known, else its
-- anonymous id (int_page_views_resolved): a person counts once however many
-- user ids and anonymous ids they have.
-- unique_visitors: distinct visitors with a page view in the month;
-- new_visitors: of those, the ones whose first page view ever is in the
-- month; returning_visitors = unique_visitors - new_visitors.
-- monthly_active_users (MAU): distinct identified users (persons) with a
-- track event in the month; avg_daily_active_users: the distinct persons
-- with a track event on each calendar day of the month, averaged over every
-- day of the month (idle days count 0); stickiness = avg DAU / MAU (null
-- when MAU is 0).
with

months as (

    select
        month,
        next_month
    from {{ ref('int_reporting_months') }}

),

page_views as (

    select
        visitor_id,
        event_at
    from {{ ref('int_page_views_resolved') }}

),

person_events as (

    select
        person_id,
        event_at
    from {{ ref('int_track_events_resolved') }}
    where person_id is not null

),

visitor_months as (

    select
        visitor_id,
        {{ saas_metrics.month_of('event_at') }} as month
    from page_views
    group by visitor_id, {{ saas_metrics.month_of('event_at') }}

),

visitor_first_months as (

    select
        visitor_id,
        min(month) as first_month
    from visitor_months
    group by visitor_id

),

monthly_visitors as (

    select
        visitor_months.month,
        count(*) as unique_visitors,
        sum(case when visitor_months.month = visitor_first_months.first_month then 1 else 0 end) as new_visitors
    from visitor_months
    inner join visitor_first_months
        on visitor_months.visitor_id = visitor_first_months.visitor_id
    group by visitor_months.month

),

person_days as (

    select
        person_id,
        cast(event_at as date) as activity_date
    from person_events
    group by person_id, cast(event_at as date)

),

daily_active_users as (

    select
        activity_date,
        count(*) as active_users
    from person_days
    group by activity_date

),

monthly_active_users as (

    select
        {{ saas_metrics.month_of('activity_date') }} as month,
        count(distinct person_id) as active_users
    from person_days
    group by {{ saas_metrics.month_of('activity_date') }}

),

day_offsets as (

    -- 1 .. 31: enough for the longest month
    {{ dbt.generate_series(31) }}

),

calendar_days as (

    select
        months.month,
        cast({{ dbt.dateadd('day', 'day_offsets.generated_number - 1', 'months.month') }} as date) as calendar_date
    from months
    cross join day_offsets
    where {{ dbt.dateadd('day', 'day_offsets.generated_number - 1', 'months.month') }} < months.next_month

),

average_daily_active_users as (

    select
        calendar_days.month,
        avg(cast(coalesce(daily_active_users.active_users, 0) as {{ saas_metrics.type_double() }}))
            as avg_daily_active_users
    from calendar_days
    left join daily_active_users
        on calendar_days.calendar_date = daily_active_users.activity_date
    group by calendar_days.month

),

final as (

    select
        months.month,
        cast(coalesce(monthly_visitors.unique_visitors, 0) as {{ dbt.type_bigint() }}) as unique_visitors,
        cast(coalesce(monthly_visitors.new_visitors, 0) as {{ dbt.type_bigint() }}) as new_visitors,
        cast(
            coalesce(monthly_visitors.unique_visitors, 0) - coalesce(monthly_visitors.new_visitors, 0)
            as {{ dbt.type_bigint() }}
        ) as returning_visitors,
        cast(coalesce(monthly_active_users.active_users, 0) as {{ dbt.type_bigint() }}) as monthly_active_users,
        cast(average_daily_active_users.avg_daily_active_users as {{ saas_metrics.type_double() }})
            as avg_daily_active_users,
        {{ saas_metrics.safe_divide(
            'average_daily_active_users.avg_daily_active_users',
            'monthly_active_users.active_users'
        ) }} as stickiness
    from months
    left join monthly_visitors
        on months.month = monthly_visitors.month
    left join monthly_active_users
        on months.month = monthly_active_users.month
    left join average_daily_active_users
        on months.month = average_daily_active_users.month

)

select * from final
