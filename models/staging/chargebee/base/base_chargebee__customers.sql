-- grain: one row per raw row of billing/customers*.csv, with its fate:
-- kept, rejected (with a reason) or superseded by a newer version.
{%- set checks = [
    {'when': saas_metrics.check_missing('id'), 'reason': 'missing_id', 'column': 'id'},
    {'when': saas_metrics.check_timestamp('created_at'), 'reason': 'unparseable_date', 'column': 'created_at'},
    {'when': saas_metrics.check_timestamp('updated_at'), 'reason': 'unparseable_date', 'column': 'updated_at'},
    {'when': saas_metrics.check_boolean('deleted'), 'reason': 'invalid_value', 'column': 'deleted'},
] + saas_metrics.date_checks('created_at') + saas_metrics.date_checks('updated_at') %}

with

source as (

    select * from {{ saas_metrics.raw_source('chargebee', 'customers', required=['id']) }}

),

parsed as (

    select
        _source_file as source_file,
        _row_number as source_row_number,
        {{ saas_metrics.clean_text('id') }} as customer_id,
        {{ saas_metrics.clean_text('email') }} as email,
        {{ saas_metrics.clean_text('first_name') }} as first_name,
        {{ saas_metrics.clean_text('last_name') }} as last_name,
        {{ saas_metrics.clean_text('company') }} as company_name,
        {{ saas_metrics.parse_timestamp('created_at') }} as created_at,
        {{ saas_metrics.parse_timestamp('updated_at') }} as updated_at,
        coalesce({{ saas_metrics.parse_boolean('deleted') }}, false) as is_deleted,
        {{ saas_metrics.reject_reason(checks) }} as reject_reason,
        {{ saas_metrics.reject_detail(checks) }} as reject_detail,
        {{ saas_metrics.raw_row_text(['id', 'email', 'first_name', 'last_name', 'company', 'created_at', 'updated_at', 'deleted']) }} as raw_row
    from source

),

final as (

    select
        *,
        {{ saas_metrics.row_fate('customer_id', 'updated_at') }} as row_fate
    from parsed

)

select * from final
