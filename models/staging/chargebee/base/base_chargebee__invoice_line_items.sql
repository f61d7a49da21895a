-- grain: one row per raw row of billing/invoice_line_items*.csv, with its
-- fate: kept, rejected (with a reason) or superseded by a newer version.
-- A line item is in its invoice's currency and needs a rate into the
-- reporting currency at or before the month its service period starts:
-- without one it is rejected here (its invoice and subscription are not).
-- A recurring line item whose service period is shorter than a day is
-- valued by its subscription's billing period; without a subscription that
-- has one, it has no length to divide by and is rejected here.
{%- set entity_types = saas_metrics.line_item_entity_types() %}
{%- set amount_columns = ['unit_amount', 'quantity', 'amount', 'discount_amount', 'tax_amount'] %}
{%- set recurring = saas_metrics.is_recurring_entity_type('entity_type') %}
{%- set checks = [
    {'when': saas_metrics.check_missing('id'), 'reason': 'missing_id', 'column': 'id'},
    {'when': saas_metrics.check_timestamp('date_from', required=true), 'reason': 'unparseable_date', 'column': 'date_from'},
    {'when': saas_metrics.check_timestamp('date_to', required=true), 'reason': 'unparseable_date', 'column': 'date_to'},
    ] + saas_metrics.number_checks('amount', required=true)
    + saas_metrics.number_checks('unit_amount')
    + saas_metrics.number_checks('quantity')
    + saas_metrics.number_checks('discount_amount')
    + saas_metrics.number_checks('tax_amount') + [
    {'when': saas_metrics.parse_integer('quantity') ~ ' < 0', 'reason': 'invalid_value', 'column': 'quantity'},
    {'when': saas_metrics.check_missing('entity_type') ~ ' or ' ~ saas_metrics.check_in('entity_type', entity_types), 'reason': 'invalid_value', 'column': 'entity_type'},
    {'when': saas_metrics.parse_timestamp('date_to') ~ ' <= ' ~ saas_metrics.parse_timestamp('date_from'), 'reason': 'invalid_service_period', 'detail': "'date_to <= date_from'"},
    {'when': recurring ~ ' and ' ~ saas_metrics.parse_integer('amount') ~ ' < 0', 'reason': 'invalid_value', 'detail': saas_metrics.value_detail('amount', 'negative on a recurring line item: a credit is a credit note, not a negative plan or addon line')},
    {'when': saas_metrics.parse_integer('discount_amount') ~ ' < 0', 'reason': 'invalid_value', 'detail': saas_metrics.value_detail('discount_amount', 'negative')},
    {'when': saas_metrics.parse_integer('discount_amount') ~ ' > ' ~ saas_metrics.parse_integer('amount'), 'reason': 'invalid_value', 'detail': dbt.concat(["'discount_amount='''", "coalesce(discount_amount, '')", "''' > amount='''", "coalesce(amount, '')", "''' (a discount larger than its amount)'"])},
    ] + saas_metrics.date_checks('date_from', scheduled=true) + saas_metrics.date_checks('date_to', scheduled=true) %}
{#- reasons of checked after the row's own and before unknown_currency (fx_convert: written against its alias with_currency) -#}
{%- set joined_checks = [
    {'when': 'with_currency.is_sub_day_without_period', 'reason': 'invalid_service_period', 'detail': "'shorter than a day, and no subscription billing period to value it by'"},
    {'when': 'with_currency.currency_code is null', 'reason': 'unknown_invoice', 'detail': dbt.concat(["'invoice_id='''", "coalesce(with_currency.invoice_id, '')", "''' (no such invoice)'"])},
] %}

with

source as (

    select * from {{ saas_metrics.raw_source('chargebee', 'invoice_line_items', required=['id', 'invoice_id', 'date_from', 'date_to', 'entity_type', 'amount']) }}

),

invoices as (

    select
        invoice_id,
        currency_code
    from {{ ref('stg_chargebee__invoices') }}

),

subscriptions as (

    select
        subscription_id,
        billing_period,
        billing_period_unit
    from {{ ref('stg_chargebee__subscriptions') }}

),

parsed as (

    select
        _source_file as source_file,
        _row_number as source_row_number,
        {{ saas_metrics.clean_text('id') }} as line_item_id,
        {{ saas_metrics.clean_text('invoice_id') }} as invoice_id,
        {{ saas_metrics.clean_text('subscription_id') }} as subscription_id,
        {{ saas_metrics.clean_text('customer_id') }} as customer_id,
        {{ saas_metrics.parse_timestamp('date_from') }} as date_from,
        {{ saas_metrics.parse_timestamp('date_to') }} as date_to,
        {{ saas_metrics.parse_label('entity_type') }} as entity_type,
        {{ saas_metrics.clean_text('entity_id') }} as entity_id,
        {{ saas_metrics.clean_text('description') }} as description,
        {{ saas_metrics.parse_integer('unit_amount') }} as unit_amount_minor,
        coalesce({{ saas_metrics.parse_integer('quantity') }}, 1) as quantity,
        {{ saas_metrics.parse_integer('amount') }} as amount_minor,
        coalesce({{ saas_metrics.parse_integer('discount_amount') }}, 0) as discount_amount_minor,
        coalesce({{ saas_metrics.parse_integer('tax_amount') }}, 0) as tax_amount_minor,
        {{ saas_metrics.reject_reason(checks) }} as row_reject_reason,
        {{ saas_metrics.reject_detail(checks) }} as row_reject_detail,
        {{ saas_metrics.raw_row_text(['id', 'invoice_id', 'subscription_id', 'customer_id', 'date_from', 'date_to', 'entity_type', 'entity_id', 'description'] + amount_columns) }} as raw_row
    from source

),

with_invoice as (

    select
        parsed.*,
        invoices.currency_code,
        {{ saas_metrics.month_of('parsed.date_from') }} as rate_month,
        (
            {{ saas_metrics.is_recurring_entity_type('parsed.entity_type') }}
            and {{ dbt.datediff('parsed.date_from', 'parsed.date_to', 'day') }} < 1
            and not coalesce(
                subscriptions.billing_period is not null
                and subscriptions.billing_period_unit in ('{{ saas_metrics.proration_units() | join("', '") }}'),
                false
            )
        ) as is_sub_day_without_period
    from parsed
    left join invoices
        on parsed.invoice_id = invoices.invoice_id
    left join subscriptions
        on parsed.subscription_id = subscriptions.subscription_id

),

checked as (

    {{ saas_metrics.fx_convert('with_invoice', joined_checks) }}

),

final as (

    select
        *,
        {{ saas_metrics.row_fate('line_item_id') }} as row_fate
    from checked

)

select * from final
