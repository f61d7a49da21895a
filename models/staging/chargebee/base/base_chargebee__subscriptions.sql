-- grain: one row per raw row of billing/subscriptions*.csv, with its fate:
-- kept, rejected (with a reason) or superseded by a newer version.
{%- set timestamp_columns = ['created_at', 'started_at', 'activated_at', 'trial_start', 'trial_end', 'current_term_start', 'current_term_end', 'cancelled_at', 'updated_at'] %}
{%- set checks = [{'when': saas_metrics.check_missing('id'), 'reason': 'missing_id', 'column': 'id'}] %}
{%- for column in timestamp_columns %}
{%- do checks.append({'when': saas_metrics.check_timestamp(column), 'reason': 'unparseable_date', 'column': column}) %}
{%- endfor %}
{%- for column in ['plan_quantity', 'plan_unit_price', 'billing_period'] %}
{%- do checks.extend(saas_metrics.number_checks(column)) %}
{%- endfor %}
{%- do checks.append({'when': saas_metrics.check_in('status', saas_metrics.subscription_statuses()), 'reason': 'invalid_value', 'column': 'status'}) %}
{%- do checks.append({'when': saas_metrics.check_in('billing_period_unit', saas_metrics.proration_units()), 'reason': 'invalid_value', 'column': 'billing_period_unit'}) %}
{#- a period of zero or fewer units would divide a proration by zero -#}
{%- do checks.append({'when': saas_metrics.parse_integer('billing_period') ~ ' < 1', 'reason': 'invalid_value', 'detail': saas_metrics.value_detail('billing_period', 'must be at least 1')}) %}
{#- planned dates may lie ahead; only the record's own creation and update happened -#}
{%- for column in timestamp_columns %}
{%- do checks.extend(saas_metrics.date_checks(column, scheduled=column not in ['created_at', 'updated_at'])) %}
{%- endfor %}

with

source as (

    select * from {{ saas_metrics.raw_source('chargebee', 'subscriptions', required=['id']) }}

),

parsed as (

    select
        _source_file as source_file,
        _row_number as source_row_number,
        {{ saas_metrics.clean_text('id') }} as subscription_id,
        {{ saas_metrics.clean_text('customer_id') }} as customer_id,
        {{ saas_metrics.clean_text('plan_id') }} as plan_id,
        {{ saas_metrics.parse_integer('plan_quantity') }} as plan_quantity,
        {{ saas_metrics.parse_integer('plan_unit_price') }} as plan_unit_price_minor,
        upper({{ saas_metrics.clean_text('currency_code') }}) as currency_code,
        {{ saas_metrics.parse_integer('billing_period') }} as billing_period,
        {{ saas_metrics.parse_label('billing_period_unit') }} as billing_period_unit,
        {{ saas_metrics.parse_label('status') }} as status,
        {%- for column in timestamp_columns %}
        {{ saas_metrics.parse_timestamp(column) }} as {{ column }},
        {%- endfor %}
        {{ saas_metrics.clean_text('cancel_reason') }} as cancel_reason,
        {{ saas_metrics.reject_reason(checks) }} as reject_reason,
        {{ saas_metrics.reject_detail(checks) }} as reject_detail,
        {{ saas_metrics.raw_row_text(['id', 'customer_id', 'plan_id', 'plan_quantity', 'plan_unit_price', 'currency_code', 'billing_period', 'billing_period_unit', 'status'] + timestamp_columns + ['cancel_reason']) }} as raw_row
    from source

),

final as (

    select
        *,
        {{ saas_metrics.row_fate('subscription_id', 'updated_at') }} as row_fate
    from parsed

)

select * from final
