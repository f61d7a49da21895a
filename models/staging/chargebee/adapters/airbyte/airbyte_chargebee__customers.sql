-- grain: one row per customer of Airbyte's Chargebee stream customer (the
-- deduplicated final table), as the loader's billing__customers: text
-- columns (instants as epoch seconds, as Chargebee's API gives them),
-- _source_file (the EL table) and _row_number.
{%- set text_columns = ['id', 'email', 'first_name', 'last_name', 'company', 'created_at', 'updated_at'] %}

with

customer as (

    select * from {{ saas_metrics.el_table('chargebee', 'customer') }}

),

final as (

    select
        {%- for column in text_columns %}
        {{ saas_metrics.el_text(column) }} as {{ column }},
        {%- endfor %}
        {{ saas_metrics.el_boolean_text('deleted') }} as deleted,
        '{{ saas_metrics.el_table('chargebee', 'customer').identifier }}' as _source_file,
        cast(row_number() over (order by id) as {{ dbt.type_bigint() }}) as _row_number
    from customer

)

select * from final
