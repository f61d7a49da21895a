-- grain: one row per identify call of Segment's identifies table as
-- Fivetran lands it (the email trait as column email), as the loader's
-- events__identifies: text columns, the ISO timestamp, _source_file (the EL
-- table) and _row_number.
{%- set text_columns = ['id', 'anonymous_id', 'user_id', 'email'] %}

with

identifies as (

    select * from {{ saas_metrics.el_table('segment', 'identifies') }}

),

final as (

    select
        {%- for column in text_columns %}
        {{ saas_metrics.el_text(column) }} as {{ column }},
        {%- endfor %}
        {{ saas_metrics.el_timestamp_text(adapter.quote('timestamp')) }} as {{ adapter.quote('timestamp') }},
        '{{ saas_metrics.el_table('segment', 'identifies').identifier }}' as _source_file,
        cast(row_number() over (order by id) as {{ dbt.type_bigint() }}) as _row_number
    from identifies

)

select * from final
