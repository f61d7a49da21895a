-- grain: one row per raw row of crm/meetings*.csv, with its fate: kept,
-- rejected (with a reason) or superseded (no version column: the file whose
-- name sorts last, then the later row, wins). Meeting outcome is kept as
-- HubSpot sent it (label or internal value), trimmed.
{%- set text_columns = [
    ('Meeting Name', 'meeting_name'),
    ('Meeting Outcome', 'meeting_outcome'),
    ('Associated Contact IDs', 'associated_contact_ids'),
] %}
{%- set timestamp_columns = [
    ('Meeting Start Time', 'meeting_start_at'),
    ('Create Date', 'created_at'),
] %}
{%- set checks = [{'when': saas_metrics.check_missing('Record ID'), 'reason': 'missing_id', 'column': 'Record ID'}] %}
{%- do checks.append({'when': saas_metrics.check_hubspot_id('Record ID'), 'reason': 'invalid_id', 'column': 'Record ID'}) %}
{%- do checks.append({'when': saas_metrics.check_hubspot_id('Associated Contact IDs', many=true), 'reason': 'invalid_id', 'column': 'Associated Contact IDs'}) %}
{%- for column in timestamp_columns | map('first') %}
{%- do checks.append({'when': saas_metrics.check_timestamp(column), 'reason': 'unparseable_date', 'column': column}) %}
{%- endfor %}
{#- every date happened, except the planned Meeting Start Time, which may lie ahead -#}
{%- for column in timestamp_columns | map('first') %}
{%- do checks.extend(saas_metrics.date_checks(column, scheduled=column in ['Meeting Start Time'])) %}
{%- endfor %}

with

source as (

    select * from {{ saas_metrics.raw_source('hubspot', 'meetings', required=['Record ID']) }}

),

parsed as (

    select
        _source_file as source_file,
        _row_number as source_row_number,
        {{ saas_metrics.clean_text(adapter.quote('Record ID')) }} as meeting_id,
        {%- for column, name in text_columns %}
        {{ saas_metrics.clean_text(adapter.quote(column)) }} as {{ name }},
        {%- endfor %}
        {%- for column, name in timestamp_columns %}
        {{ saas_metrics.parse_timestamp(adapter.quote(column)) }} as {{ name }},
        {%- endfor %}
        {{ saas_metrics.reject_reason(checks) }} as reject_reason,
        {{ saas_metrics.reject_detail(checks) }} as reject_detail,
        {{ saas_metrics.raw_row_text(['Record ID'] + text_columns | map('first') | list + timestamp_columns | map('first') | list) }} as raw_row
    from source

),

final as (

    select
        *,
        {{ saas_metrics.row_fate('meeting_id') }} as row_fate
    from parsed

)

select * from final
