-- grain: one row per raw row of crm/deals*.csv, with its fate: kept,
-- rejected (with a reason) or superseded by a newer version (latest
-- Last Modified Date). Deal stage is kept as HubSpot sent it (label or
-- internal value), trimmed; associations stay ';'-separated text.
{%- set text_columns = [
    ('Deal Name', 'deal_name'),
    ('Pipeline', 'pipeline'),
    ('Deal Stage', 'deal_stage'),
    ('Associated Contact IDs', 'associated_contact_ids'),
    ('Associated Company IDs', 'associated_company_ids'),
] %}
{%- set timestamp_columns = [
    ('Create Date', 'created_at'),
    ('Close Date', 'closed_at'),
    ('Last Modified Date', 'last_modified_at'),
] %}
{%- set checks = [{'when': saas_metrics.check_missing('Record ID'), 'reason': 'missing_id', 'column': 'Record ID'}] %}
{%- do checks.append({'when': saas_metrics.check_hubspot_id('Record ID'), 'reason': 'invalid_id', 'column': 'Record ID'}) %}
{%- do checks.append({'when': saas_metrics.check_hubspot_id('Associated Contact IDs', many=true), 'reason': 'invalid_id', 'column': 'Associated Contact IDs'}) %}
{%- do checks.append({'when': saas_metrics.check_hubspot_id('Associated Company IDs', many=true), 'reason': 'invalid_id', 'column': 'Associated Company IDs'}) %}
{%- for column in timestamp_columns | map('first') %}
{%- do checks.append({'when': saas_metrics.check_timestamp(column), 'reason': 'unparseable_date', 'column': column}) %}
{%- endfor %}
{%- do checks.extend(saas_metrics.number_checks('Amount', 'decimal')) %}
{#- every date happened, except the planned Close Date, which may lie ahead -#}
{%- for column in timestamp_columns | map('first') %}
{%- do checks.extend(saas_metrics.date_checks(column, scheduled=column in ['Close Date'])) %}
{%- endfor %}

with

source as (

    select * from {{ saas_metrics.raw_source('hubspot', 'deals', required=['Record ID']) }}

),

parsed as (

    select
        _source_file as source_file,
        _row_number as source_row_number,
        {{ saas_metrics.clean_text(adapter.quote('Record ID')) }} as deal_id,
        {%- for column, name in text_columns %}
        {{ saas_metrics.clean_text(adapter.quote(column)) }} as {{ name }},
        {%- endfor %}
        {{ saas_metrics.parse_decimal(adapter.quote('Amount')) }} as amount,
        {%- for column, name in timestamp_columns %}
        {{ saas_metrics.parse_timestamp(adapter.quote(column)) }} as {{ name }},
        {%- endfor %}
        {{ saas_metrics.reject_reason(checks) }} as reject_reason,
        {{ saas_metrics.reject_detail(checks) }} as reject_detail,
        {{ saas_metrics.raw_row_text(['Record ID'] + text_columns | map('first') | list + ['Amount'] + timestamp_columns | map('first') | list) }} as raw_row
    from source

),

final as (

    select
        *,
        {{ saas_metrics.row_fate('deal_id', 'last_modified_at') }} as row_fate
    from parsed

)

select * from final
