-- grain: one row per element of the line_items JSON array of Airbyte's
-- Chargebee stream invoice (unnested by the dispatched
-- el_json_array_join), as the loader's billing__invoice_line_items: text
-- columns (amounts in minor units, the service period as epoch seconds),
-- invoice_id from the parent invoice, _source_file (the EL table and
-- array) and _row_number.
{%- set element_fields = [
    'id', 'subscription_id', 'customer_id', 'date_from', 'date_to', 'entity_type', 'entity_id', 'description',
    'unit_amount', 'quantity', 'amount', 'discount_amount', 'tax_amount',
] %}

with

invoice as (

    select * from {{ saas_metrics.el_table('chargebee', 'invoice') }}

),

line_items as (

    select
        {%- for field in element_fields %}
        {{ saas_metrics.el_json_field('line_item', field) }} as {{ field }},
        {%- endfor %}
        invoice.id as invoice_id
    from invoice
    {{ saas_metrics.el_json_array_join('invoice.line_items', 'line_item') }}

),

final as (

    select
        id,
        {{ saas_metrics.el_text('invoice_id') }} as invoice_id,
        {%- for field in element_fields if field != 'id' %}
        {{ field }},
        {%- endfor %}
        '{{ saas_metrics.el_table('chargebee', 'invoice').identifier }}.line_items' as _source_file,
        cast(row_number() over (order by invoice_id, id) as {{ dbt.type_bigint() }}) as _row_number
    from line_items

)

select * from final
