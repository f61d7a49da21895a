-- grain: one row per paying customer (MRR > 0 at the end of the month),
-- month and engagement signal of seed engagement_signals.
-- A customer's users are the Segment ids (user_id and anonymous_id) of the
-- same person as the Chargebee customer (int_identity, by email); a track
-- event belongs to the person int_track_events_resolved gives it (its
-- user_id's where identified, else its anonymous_id's).
-- value: the signal's events (seed engagement_signal_events) of the month,
--   counted by the signal's measure: active_days (distinct UTC days),
--   event_count (events) or distinct_events (distinct event names);
--   0 when the customer's users had none.
-- sub_score = min(value / target, 1) x 100, rounded to 6 decimals.
-- Events are aggregated to person x day x event, then to person x month x
-- signal, before they meet the customers: no fan-out.

with

customer_months as (

    select
        customer_id,
        month
    from {{ ref('int_customer_months') }}
    where is_paying

),

customer_persons as (

    select
        identifier as customer_id,
        person_id
    from {{ ref('int_identity') }}
    where
        identifier_type = 'chargebee_customer'
        and person_id is not null

),

tracks as (

    select
        person_id,
        event_name,
        event_at
    from {{ ref('int_track_events_resolved') }}
    where
        person_id is not null
        and event_name is not null

),

signals as (

    select
        signal,
        measure,
        target,
        weight
    from {{ ref('engagement_signals') }}

),

signal_events as (

    select
        signal,
        event_name
    from {{ ref('engagement_signal_events') }}

),

person_event_days as (

    select
        person_id,
        cast(event_at as date) as event_date,
        event_name,
        count(*) as events
    from tracks
    group by
        person_id,
        cast(event_at as date),
        event_name

),

-- each event day meets the (few) signals that list its event; the unit
-- that the signal's measure counts: the day (active_days) or the event
-- name (distinct_events); event_count sums the events
person_signal_units as (

    select
        person_event_days.person_id,
        {{ saas_metrics.month_of('person_event_days.event_date') }} as month,
        signal_events.signal,
        signals.measure,
        case when signals.measure = 'active_days' then person_event_days.event_date end as unit_date,
        case when signals.measure = 'distinct_events' then person_event_days.event_name end as unit_event_name,
        sum(person_event_days.events) as events
    from person_event_days
    inner join signal_events
        on person_event_days.event_name = signal_events.event_name
    inner join signals
        on signal_events.signal = signals.signal
    group by
        person_event_days.person_id,
        {{ saas_metrics.month_of('person_event_days.event_date') }},
        signal_events.signal,
        signals.measure,
        case when signals.measure = 'active_days' then person_event_days.event_date end,
        case when signals.measure = 'distinct_events' then person_event_days.event_name end

),

-- the signal's value by its measure: distinct units counted without a
-- distinct aggregate (each unit is one row above)
person_month_signals as (

    select
        person_id,
        month,
        signal,
        case measure
            when 'active_days' then count(*)
            when 'event_count' then sum(events)
            when 'distinct_events' then count(*)
        end as signal_value
    from person_signal_units
    group by
        person_id,
        month,
        signal,
        measure

),

customer_month_signals as (

    select
        customer_months.customer_id,
        customer_months.month,
        customer_persons.person_id,
        signals.signal,
        signals.measure,
        signals.target,
        signals.weight
    from customer_months
    cross join signals
    left join customer_persons
        on customer_months.customer_id = customer_persons.customer_id

),

signal_values as (

    select
        customer_month_signals.customer_id,
        customer_month_signals.month,
        customer_month_signals.signal,
        customer_month_signals.measure,
        customer_month_signals.target,
        customer_month_signals.weight,
        cast(coalesce(person_month_signals.signal_value, 0) as {{ saas_metrics.type_double() }}) as signal_value
    from customer_month_signals
    left join person_month_signals
        on
            customer_month_signals.person_id = person_month_signals.person_id
            and customer_month_signals.month = person_month_signals.month
            and customer_month_signals.signal = person_month_signals.signal

),

final as (

    select
        customer_id,
        month,
        signal,
        measure,
        signal_value,
        target,
        weight,
        case
            when signal_value >= target then 100.0
            else {{ saas_metrics.round_score('100.0 * ' ~ saas_metrics.safe_divide('signal_value', 'target')) }}
        end as sub_score
    from signal_values

)

select * from final
