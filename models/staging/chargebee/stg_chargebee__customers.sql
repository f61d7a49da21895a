-- grain: one row per Chargebee customer (newest valid version).
with

customers as (

    select * from {{ ref('base_chargebee__customers') }}

),

final as (

    select
        customer_id,
        email,
        lower(trim(email)) as email_normalized,
        first_name,
        last_name,
        company_name,
        created_at,
        updated_at,
        is_deleted
    from customers
    where row_fate = 'kept'

)

select * from final
