-- grain: one row per raw row of marketing/team_costs*.csv, with its fate:
-- kept or rejected (with a reason). A cost row has no record id: each row is
-- its own record (key: file and row number), so none is superseded.
-- The cost needs a rate of its currency into the reporting currency at or
-- before its month: without one it is rejected (no_fx_rate).
{%- set departments = ['sales', 'marketing', 'customer_success', 'other'] %}
{%- set cost_types = ['payroll', 'tools', 'agency', 'other'] %}
{%- set checks = [
    {'when': saas_metrics.parse_month(adapter.quote('month')) ~ ' is null', 'reason': 'unparseable_date', 'column': 'month'},
    ] + saas_metrics.number_checks('amount', 'decimal', required=true) + [
    {'when': saas_metrics.check_missing('department') ~ ' or ' ~ saas_metrics.check_in('department', departments), 'reason': 'invalid_value', 'column': 'department'},
    {'when': saas_metrics.check_missing('cost_type') ~ ' or ' ~ saas_metrics.check_in('cost_type', cost_types), 'reason': 'invalid_value', 'column': 'cost_type'},
    {'when': saas_metrics.parse_decimal('amount') ~ ' < 0', 'reason': 'invalid_value', 'detail': saas_metrics.value_detail('amount', 'negative: a cost is never below zero')},
] + saas_metrics.date_checks('month', scheduled=true, parsed=saas_metrics.parse_month(adapter.quote('month'))) %}

with

source as (

    select * from {{ saas_metrics.raw_source('marketing', 'team_costs', required=['month', 'department', 'cost_type', 'amount', 'currency']) }}

),

parsed as (

    select
        _source_file as source_file,
        _row_number as source_row_number,
        {{ dbt.concat(['_source_file', "':'", dbt.cast('_row_number', dbt.type_string())]) }} as team_cost_id,
        {{ saas_metrics.parse_month(adapter.quote('month')) }} as cost_month,
        {{ saas_metrics.parse_month(adapter.quote('month')) }} as rate_month,
        {{ saas_metrics.parse_label('department') }} as department,
        {{ saas_metrics.parse_label('cost_type') }} as cost_type,
        {{ saas_metrics.parse_decimal('amount') }} as amount_original,
        upper({{ saas_metrics.clean_text('currency') }}) as currency_code,
        {{ saas_metrics.reject_reason(checks) }} as row_reject_reason,
        {{ saas_metrics.reject_detail(checks) }} as row_reject_detail,
        {{ saas_metrics.raw_row_text(['month', 'department', 'cost_type', 'amount', 'currency']) }} as raw_row
    from source

),

converted as (

    {{ saas_metrics.fx_convert('parsed') }}

),

final as (

    select
        *,
        {{ saas_metrics.to_money('amount_original * fx_rate') }} as amount_reporting,
        {{ saas_metrics.row_fate('team_cost_id') }} as row_fate
    from converted

)

select * from final
