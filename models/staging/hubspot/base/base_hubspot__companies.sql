-- grain: one row per raw row of crm/companies*.csv, with its fate: kept,
-- rejected (with a reason) or superseded by a newer version (latest
-- Last Modified Date).
{%- set text_columns = [
    ('Company name', 'company_name'),
    ('Company Domain Name', 'company_domain_name'),
    ('Industry', 'industry'),
    ('Country/Region', 'country_region'),
    ('Lifecycle Stage', 'lifecycle_stage'),
] %}
{%- set timestamp_columns = [
    ('Create Date', 'created_at'),
    ('Last Modified Date', 'last_modified_at'),
] %}
{%- set checks = [{'when': saas_metrics.check_missing('Record ID'), 'reason': 'missing_id', 'column': 'Record ID'}] %}
{%- do checks.append({'when': saas_metrics.check_hubspot_id('Record ID'), 'reason': 'invalid_id', 'column': 'Record ID'}) %}
{%- for column in timestamp_columns | map('first') %}
{%- do checks.append({'when': saas_metrics.check_timestamp(column), 'reason': 'unparseable_date', 'column': column}) %}
{%- endfor %}
{%- do checks.extend(saas_metrics.number_checks('Number of Employees')) %}
{#- every date of the record is something that happened -#}
{%- for column in timestamp_columns | map('first') %}
{%- do checks.extend(saas_metrics.date_checks(column)) %}
{%- endfor %}

with

source as (

    select * from {{ saas_metrics.raw_source('hubspot', 'companies', required=['Record ID']) }}

),

parsed as (

    select
        _source_file as source_file,
        _row_number as source_row_number,
        {{ saas_metrics.clean_text(adapter.quote('Record ID')) }} as company_id,
        {%- for column, name in text_columns %}
        {{ saas_metrics.clean_text(adapter.quote(column)) }} as {{ name }},
        {%- endfor %}
        {{ saas_metrics.parse_integer(adapter.quote('Number of Employees')) }} as number_of_employees,
        {%- for column, name in timestamp_columns %}
        {{ saas_metrics.parse_timestamp(adapter.quote(column)) }} as {{ name }},
        {%- endfor %}
        {{ saas_metrics.reject_reason(checks) }} as reject_reason,
        {{ saas_metrics.reject_detail(checks) }} as reject_detail,
        {{ saas_metrics.raw_row_text(['Record ID'] + text_columns | map('first') | list + ['Number of Employees'] + timestamp_columns | map('first') | list) }} as raw_row
    from source

),

final as (

    select
        *,
        {{ saas_metrics.row_fate('company_id', 'last_modified_at') }} as row_fate
    from parsed

)

select * from final
