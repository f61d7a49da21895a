-- grain: one row per track event of Segment's tracks table as Fivetran
-- lands it, as the loader's events__tracks: text columns, the ISO
-- timestamp, _source_file (the EL table) and _row_number.
{%- set text_columns = ['id', 'anonymous_id', 'user_id', 'event', 'event_text'] %}

with

tracks as (

    select * from {{ saas_metrics.el_table('segment', 'tracks') }}

),

final as (

    select
        {%- for column in text_columns %}
        {{ saas_metrics.el_text(column) }} as {{ column }},
        {%- endfor %}
        {{ saas_metrics.el_timestamp_text(adapter.quote('timestamp')) }} as {{ adapter.quote('timestamp') }},
        '{{ saas_metrics.el_table('segment', 'tracks').identifier }}' as _source_file,
        cast(row_number() over (order by id) as {{ dbt.type_bigint() }}) as _row_number
    from tracks

)

select * from final
