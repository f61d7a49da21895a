-- grain: one row per page event of Segment's pages table as Fivetran lands
-- it, as the loader's events__pages: text columns, the ISO timestamp,
-- _source_file (the EL table) and _row_number.
{%- set text_columns = ['id', 'anonymous_id', 'user_id'] %}
{%- set page_columns = ['path', 'url', 'referrer', 'title', 'context_campaign_source', 'context_campaign_medium', 'context_campaign_name'] %}

with

pages as (

    select * from {{ saas_metrics.el_table('segment', 'pages') }}

),

final as (

    select
        {%- for column in text_columns %}
        {{ saas_metrics.el_text(column) }} as {{ column }},
        {%- endfor %}
        {{ saas_metrics.el_timestamp_text(adapter.quote('timestamp')) }} as {{ adapter.quote('timestamp') }},
        {%- for column in page_columns %}
        {{ saas_metrics.el_text(column) }} as {{ column }},
        {%- endfor %}
        '{{ saas_metrics.el_table('segment', 'pages').identifier }}' as _source_file,
        cast(row_number() over (order by id) as {{ dbt.type_bigint() }}) as _row_number
    from pages

)

select * from final
