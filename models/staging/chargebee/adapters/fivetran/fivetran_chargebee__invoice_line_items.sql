-- grain: one row per line item of Fivetran's chargebee.invoice_line_item
-- (keyed by id and invoice_id), as the loader's billing__invoice_line_items:
-- text columns, amounts in minor units, ISO service period, _source_file
-- (the EL table) and _row_number.
{%- set text_columns = ['id', 'invoice_id', 'subscription_id', 'customer_id'] %}
{%- set detail_columns = ['entity_type', 'entity_id', 'description', 'unit_amount', 'quantity', 'amount', 'discount_amount', 'tax_amount'] %}

with

invoice_line_item as (

    select * from {{ saas_metrics.el_table('chargebee', 'invoice_line_item') }}

),

final as (

    select
        {%- for column in text_columns %}
        {{ saas_metrics.el_text(column) }} as {{ column }},
        {%- endfor %}
        {{ saas_metrics.el_timestamp_text('date_from') }} as date_from,
        {{ saas_metrics.el_timestamp_text('date_to') }} as date_to,
        {%- for column in detail_columns %}
        {{ saas_metrics.el_text(column) }} as {{ column }},
        {%- endfor %}
        '{{ saas_metrics.el_table('chargebee', 'invoice_line_item').identifier }}' as _source_file,
        cast(row_number() over (order by invoice_id, id) as {{ dbt.type_bigint() }}) as _row_number
    from invoice_line_item

)

select * from final
