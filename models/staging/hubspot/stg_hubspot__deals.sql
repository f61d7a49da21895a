-- grain: one row per HubSpot deal (newest valid version by Last Modified
-- Date). Deal stage is mapped from HubSpot's label or internal value to one
-- canonical value
-- (seed hubspot_values); the value as sent is kept in *_raw.
with

deals as (

    select * from {{ ref('base_hubspot__deals') }}

),

hubspot_values as (

    select * from {{ ref('stg_reference__hubspot_values') }}

),

final as (

    select
        deals.deal_id,
        deals.deal_name,
        deals.pipeline,
        deal_stage_values.canonical_value as deal_stage,
        deals.deal_stage as deal_stage_raw,
        deals.amount,
        deals.created_at,
        deals.closed_at,
        deals.last_modified_at,
        deals.associated_contact_ids,
        deals.associated_company_ids
    from deals
    left join hubspot_values as deal_stage_values
        on
            deals.deal_stage is not null
            and lower(deals.deal_stage) = deal_stage_values.value_normalized
            and deal_stage_values.property = 'deal_stage'
    where deals.row_fate = 'kept'

)

select * from final
