-- grain: one row per recurring line item (plan and addon entity types)
-- of a non-voided invoice, valued as monthly recurring revenue.
-- value = amount - discount (tax never counts), in major units;
-- mrr = value / length of the service period in months;
-- months covered: those whose last instant lies in the service period,
-- before the subscription ended (docs/metrics.md, conventions); with var
-- churn_recognition = period_end, until the end of the service period even
-- when the subscription ended earlier (docs/metrics.md, settings).
{%- set churn_recognition = saas_metrics.churn_recognition() %}
with

line_items as (

    select * from {{ ref('stg_chargebee__invoice_line_items') }}

),

invoices as (

    select
        invoice_id,
        customer_id,
        status
    from {{ ref('stg_chargebee__invoices') }}

),

subscriptions as (

    select
        subscription_id,
        customer_id,
        billing_period,
        billing_period_unit,
        ended_at
    from {{ ref('stg_chargebee__subscriptions') }}

),

recurring as (

    select
        line_items.line_item_id,
        line_items.subscription_id,
        coalesce(line_items.customer_id, invoices.customer_id, subscriptions.customer_id) as customer_id,
        line_items.entity_type,
        line_items.currency_code,
        line_items.fx_rate,
        line_items.date_from,
        line_items.date_to,
        subscriptions.billing_period,
        subscriptions.billing_period_unit,
        subscriptions.ended_at as subscription_ended_at,
        (line_items.amount_minor - line_items.discount_amount_minor)
        / power(10, line_items.minor_unit) as value_original,
        {{ dbt.datediff('line_items.date_from', 'line_items.date_to', 'month') }} as calendar_months,
        {{ dbt.datediff('line_items.date_from', 'line_items.date_to', 'day') }} as period_days
    from line_items
    inner join invoices
        on line_items.invoice_id = invoices.invoice_id
    left join subscriptions
        on line_items.subscription_id = subscriptions.subscription_id
    where
        invoices.status != 'voided'
        and {{ saas_metrics.is_recurring_entity_type('line_items.entity_type') }}

),

period_lengths as (

    -- in floating point on every engine: a decimal division keeps only a
    -- few places on some (Spark: 6), which would shift mrr by a cent
    select
        *,
        case
            -- a weekly subscription's whole weeks stay weeks, even when
            -- they happen to be a calendar month (Feb 1 -> Mar 1)
            when
                billing_period_unit = 'week'
                and mod(period_days, 7) = 0
                and {{ dbt.dateadd('day', 'period_days', 'date_from') }} = date_to
                then cast(period_days as {{ saas_metrics.type_double() }}) * 12 / (7 * 52)
            -- whole calendar months: date_to is date_from plus k months
            when
                calendar_months >= 1
                and {{ dbt.dateadd('month', 'calendar_months', 'date_from') }} = date_to
                then cast(calendar_months as {{ saas_metrics.type_double() }})
            -- whole weeks: weeks x 12 / 52
            when
                mod(period_days, 7) = 0
                and {{ dbt.dateadd('day', 'period_days', 'date_from') }} = date_to
                then cast(period_days as {{ saas_metrics.type_double() }}) * 12 / (7 * 52)
            -- a proration: the length of the subscription's billing period
            when billing_period_unit = 'month' then cast(billing_period as {{ saas_metrics.type_double() }})
            when billing_period_unit = 'year' then cast(billing_period as {{ saas_metrics.type_double() }}) * 12
            when billing_period_unit = 'week' then cast(billing_period as {{ saas_metrics.type_double() }}) * 12 / 52
            -- Chargebee's daily plans: days x 12 / 365, as a period in days
            when billing_period_unit = 'day' then cast(billing_period as {{ saas_metrics.type_double() }}) * 12 / 365
            -- no subscription to ask: the period's own length in days
            else cast(period_days as {{ saas_metrics.type_double() }}) * 12 / 365
        end as period_months
    from recurring

),

final as (

    select
        line_item_id,
        subscription_id,
        customer_id,
        entity_type,
        currency_code,
        fx_rate,
        date_from,
        date_to,
        subscription_ended_at,
        period_months,
        {{ saas_metrics.to_money('value_original') }} as value_original,
        {{ saas_metrics.to_money('value_original / period_months') }} as mrr_original,
        {{ saas_metrics.to_money('value_original / period_months * fx_rate') }} as mrr_reporting,
        {{ saas_metrics.month_of('date_from') }} as first_covered_month,
        {% if churn_recognition == 'period_end' -%}
        -- period_end: the last month whose end lies before date_to (a month
        -- M is covered when date_from <= end of M < date_to, whenever the
        -- subscription ended: the period was invoiced)
        {{ saas_metrics.add_months(saas_metrics.month_of('date_to'), -1) }} as last_covered_month
        {%- else -%}
        -- the last month whose end lies before date_to and before the end
        -- of the subscription (a month M is covered when date_from <= end
        -- of M < date_to and the subscription had not ended by then)
        {{ saas_metrics.add_months(saas_metrics.month_of(
            'case when subscription_ended_at < date_to then subscription_ended_at else date_to end'
        ), -1) }} as last_covered_month
        {%- endif %}
    from period_lengths

)

select * from final
