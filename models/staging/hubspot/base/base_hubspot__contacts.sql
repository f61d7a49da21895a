-- grain: one row per raw row of crm/contacts*.csv, with its fate: kept,
-- rejected (with a reason) or superseded by a newer version (latest
-- Last Modified Date). Lifecycle stage, lead status and original source are
-- kept as HubSpot sent them (label or internal value), trimmed. The company
-- is Associated Company ID (the contract's column) or, in HubSpot's own
-- exports, Primary Associated Company ID, else the first id of Associated
-- Company IDs (';'-separated).
{%- set text_columns = [
    ('First Name', 'first_name'),
    ('Last Name', 'last_name'),
    ('Email', 'email'),
    ('Lifecycle Stage', 'lifecycle_stage'),
    ('Lead Status', 'lead_status'),
    ('Original Source', 'original_source'),
    ('Original Source Drill-Down 1', 'original_source_drill_down_1'),
    ('Original Source Drill-Down 2', 'original_source_drill_down_2'),
] %}
{%- set timestamp_columns = [
    ('Create Date', 'created_at'),
    ('Last Modified Date', 'last_modified_at'),
    ('Became a Subscriber Date', 'became_subscriber_at'),
    ('Became a Lead Date', 'became_lead_at'),
    ('Became a Marketing Qualified Lead Date', 'became_marketing_qualified_lead_at'),
    ('Became a Sales Qualified Lead Date', 'became_sales_qualified_lead_at'),
    ('Became an Opportunity Date', 'became_opportunity_at'),
    ('Became a Customer Date', 'became_customer_at'),
    ('Became an Evangelist Date', 'became_evangelist_at'),
] %}
{%- set checks = [{'when': saas_metrics.check_missing('Record ID'), 'reason': 'missing_id', 'column': 'Record ID'}] %}
{%- do checks.append({'when': saas_metrics.check_hubspot_id('Record ID'), 'reason': 'invalid_id', 'column': 'Record ID'}) %}
{%- set company_columns = ['Associated Company ID', 'Primary Associated Company ID', 'Associated Company IDs'] %}
{%- for column in company_columns %}
{%- do checks.append({'when': saas_metrics.check_hubspot_id(column, many=(column == 'Associated Company IDs')), 'reason': 'invalid_id', 'column': column}) %}
{%- endfor %}
{%- for column in timestamp_columns | map('first') %}
{%- do checks.append({'when': saas_metrics.check_timestamp(column), 'reason': 'unparseable_date', 'column': column}) %}
{%- endfor %}
{#- every date of the record is something that happened -#}
{%- for column in timestamp_columns | map('first') %}
{%- do checks.extend(saas_metrics.date_checks(column)) %}
{%- endfor %}

with

source as (

    select * from {{ saas_metrics.raw_source('hubspot', 'contacts', required=['Record ID']) }}

),

parsed as (

    select
        _source_file as source_file,
        _row_number as source_row_number,
        {{ saas_metrics.clean_text(adapter.quote('Record ID')) }} as contact_id,
        {%- for column, name in text_columns %}
        {{ saas_metrics.clean_text(adapter.quote(column)) }} as {{ name }},
        {%- endfor %}
        coalesce(
            {{ saas_metrics.clean_text(adapter.quote('Associated Company ID')) }},
            {{ saas_metrics.clean_text(adapter.quote('Primary Associated Company ID')) }},
            {{ saas_metrics.clean_text(dbt.split_part(saas_metrics.clean_text(adapter.quote('Associated Company IDs')), "';'", 1)) }}
        ) as associated_company_id,
        {%- for column, name in timestamp_columns %}
        {{ saas_metrics.parse_timestamp(adapter.quote(column)) }} as {{ name }},
        {%- endfor %}
        {{ saas_metrics.reject_reason(checks) }} as reject_reason,
        {{ saas_metrics.reject_detail(checks) }} as reject_detail,
        {{ saas_metrics.raw_row_text(['Record ID'] + text_columns | map('first') | list + company_columns + timestamp_columns | map('first') | list) }} as raw_row
    from source

),

final as (

    select
        *,
        {{ saas_metrics.row_fate('contact_id', 'last_modified_at') }} as row_fate
    from parsed

)

select * from final
