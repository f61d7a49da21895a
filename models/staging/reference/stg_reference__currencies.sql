-- grain: one row per ISO 4217 currency the project knows.
with

currencies as (

    select * from {{ ref('currencies') }}

),

final as (

    select
        upper(trim(currency_code)) as currency_code,
        cast(minor_unit as {{ dbt.type_int() }}) as minor_unit,
        currency_name
    from currencies

)

select * from final
