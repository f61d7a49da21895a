-- grain: one row per HubSpot property and value as it may be exported
-- (compared trimmed and lower-cased), with its canonical value.
with

hubspot_values as (

    select * from {{ ref('hubspot_values') }}

),

final as (

    select distinct
        lower(trim(property)) as property,
        lower(trim(value)) as value_normalized,
        lower(trim(canonical_value)) as canonical_value
    from hubspot_values

)

select * from final
