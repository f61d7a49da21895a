-- grain: one row per reporting month and channel group (docs/metrics.md metric
-- 15): every month x channel group of seed channel_groups, zeros included.
-- Sessions and their channel come from int_web_sessions (a gap of 30
-- minutes or more, or a change of UTC date, starts a new session; the
-- channel is that of the session's first page view, by seed channel_rules);
-- a session counts in the month it starts.
-- traffic_type: paid for paid_search, paid_social and display, else organic
-- (seed channel_groups); sessions: sessions started in the month;
-- unique_visitors: distinct visitors with such a session; signups: such
-- sessions whose visitor signed up between the session's first page view
-- and 30 minutes after its last.
with

months as (

    select month from {{ ref('int_reporting_months') }}

),

channel_groups as (

    select
        channel_group,
        traffic_type
    from {{ ref('channel_groups') }}

),

sessions as (

    select
        visitor_id,
        session_month,
        channel_group,
        has_signup
    from {{ ref('int_web_sessions') }}

),

monthly_channels as (

    select
        session_month as month,
        channel_group,
        count(*) as sessions,
        count(distinct visitor_id) as unique_visitors,
        sum(case when has_signup then 1 else 0 end) as signups
    from sessions
    group by session_month, channel_group

),

final as (

    select
        months.month,
        channel_groups.channel_group,
        channel_groups.traffic_type,
        cast(coalesce(monthly_channels.sessions, 0) as {{ dbt.type_bigint() }}) as sessions,
        cast(coalesce(monthly_channels.unique_visitors, 0) as {{ dbt.type_bigint() }}) as unique_visitors,
        cast(coalesce(monthly_channels.signups, 0) as {{ dbt.type_bigint() }}) as signups
    from months
    cross join channel_groups
    left join monthly_channels
        on
            months.month = monthly_channels.month
            and channel_groups.channel_group = monthly_channels.channel_group

)

select * from final
