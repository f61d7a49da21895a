-- grain: one row per invoice of Airbyte's Chargebee stream invoice, as the
-- loader's billing__invoices: text columns (amounts in minor units, instants
-- as epoch seconds, 'true'/'false'), _source_file (the EL table) and
-- _row_number. Its line_items array is read by
-- airbyte_chargebee__invoice_line_items.
{%- set text_columns = [
    'id', 'customer_id', 'subscription_id', 'status', 'date', 'due_date', 'paid_at', 'currency_code',
    'sub_total', 'tax', 'total', 'amount_paid', 'amount_due',
] %}

with

invoice as (

    select * from {{ saas_metrics.el_table('chargebee', 'invoice') }}

),

final as (

    select
        {%- for column in text_columns %}
        {{ saas_metrics.el_text(adapter.quote(column)) }} as {{ adapter.quote(column) }},
        {%- endfor %}
        {{ saas_metrics.el_boolean_text('recurring') }} as recurring,
        {{ saas_metrics.el_text('updated_at') }} as updated_at,
        '{{ saas_metrics.el_table('chargebee', 'invoice').identifier }}' as _source_file,
        cast(row_number() over (order by id) as {{ dbt.type_bigint() }}) as _row_number
    from invoice

)

select * from final
