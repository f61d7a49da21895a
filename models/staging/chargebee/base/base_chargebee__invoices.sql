-- grain: one row per raw row of billing/invoices*.csv, with its fate:
-- kept, rejected (with a reason) or superseded by a newer version.
{%- set timestamp_columns = ['date', 'due_date', 'paid_at', 'updated_at'] %}
{%- set amount_columns = ['sub_total', 'tax', 'total', 'amount_paid', 'amount_due'] %}
{%- set checks = [{'when': saas_metrics.check_missing('id'), 'reason': 'missing_id', 'column': 'id'}] %}
{%- for column in timestamp_columns %}
{%- do checks.append({'when': saas_metrics.check_timestamp(column), 'reason': 'unparseable_date', 'column': column}) %}
{%- endfor %}
{%- for column in amount_columns %}
{%- do checks.extend(saas_metrics.number_checks(column)) %}
{%- endfor %}
{%- do checks.append({'when': saas_metrics.check_in('status', ['paid', 'posted', 'payment_due', 'not_paid', 'voided', 'pending']), 'reason': 'invalid_value', 'column': 'status'}) %}
{%- do checks.append({'when': saas_metrics.check_boolean('recurring'), 'reason': 'invalid_value', 'column': 'recurring'}) %}
{#- the due date is planned and may lie ahead; the others happened -#}
{%- for column in timestamp_columns %}
{%- do checks.extend(saas_metrics.date_checks(column, scheduled=column == 'due_date')) %}
{%- endfor %}

with

source as (

    select * from {{ saas_metrics.raw_source('chargebee', 'invoices', required=['id']) }}

),

parsed as (

    select
        _source_file as source_file,
        _row_number as source_row_number,
        {{ saas_metrics.clean_text('id') }} as invoice_id,
        {{ saas_metrics.clean_text('customer_id') }} as customer_id,
        {{ saas_metrics.clean_text('subscription_id') }} as subscription_id,
        {{ saas_metrics.parse_label('status') }} as status,
        {{ saas_metrics.parse_timestamp('date') }} as invoice_date,
        {{ saas_metrics.parse_timestamp('due_date') }} as due_date,
        {{ saas_metrics.parse_timestamp('paid_at') }} as paid_at,
        upper({{ saas_metrics.clean_text('currency_code') }}) as currency_code,
        {%- for column in amount_columns %}
        {{ saas_metrics.parse_integer(column) }} as {{ column }}_minor,
        {%- endfor %}
        {{ saas_metrics.parse_boolean('recurring') }} as is_recurring,
        {{ saas_metrics.parse_timestamp('updated_at') }} as updated_at,
        {{ saas_metrics.reject_reason(checks) }} as reject_reason,
        {{ saas_metrics.reject_detail(checks) }} as reject_detail,
        {{ saas_metrics.raw_row_text(['id', 'customer_id', 'subscription_id', 'status', 'currency_code', 'recurring'] + timestamp_columns + amount_columns) }} as raw_row
    from source

),

final as (

    select
        *,
        {{ saas_metrics.row_fate('invoice_id', 'updated_at') }} as row_fate
    from parsed

)

select * from final
