-- grain: one row per month, from_currency and to_currency.
with

rates as (

    select * from {{ ref('base_reference__fx_rates') }}

),

final as (

    select
        rate_month,
        from_currency,
        to_currency,
        rate
    from rates
    where row_fate = 'kept'

)

select * from final
