-- grain: one row per Chargebee invoice line item (newest valid version),
-- with its currency, minor unit and exchange rate into the reporting
-- currency (the latest rate at or before the month its period starts).
with

line_items as (

    select * from {{ ref('base_chargebee__invoice_line_items') }}

),

final as (

    select
        line_item_id,
        invoice_id,
        subscription_id,
        customer_id,
        date_from,
        date_to,
        entity_type,
        entity_id,
        description,
        unit_amount_minor,
        quantity,
        amount_minor,
        discount_amount_minor,
        tax_amount_minor,
        currency_code,
        minor_unit,
        fx_rate
    from line_items
    where row_fate = 'kept'

)

select * from final
