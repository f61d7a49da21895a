-- grain: one row per Chargebee invoice (newest valid version).
with

invoices as (

    select * from {{ ref('base_chargebee__invoices') }}

),

final as (

    select
        invoice_id,
        customer_id,
        subscription_id,
        status,
        invoice_date,
        due_date,
        paid_at,
        currency_code,
        sub_total_minor,
        tax_minor,
        total_minor,
        amount_paid_minor,
        amount_due_minor,
        is_recurring,
        updated_at
    from invoices
    where row_fate = 'kept'

)

select * from final
