-- grain: one row per HubSpot contact whose computed lifecycle stage is
-- hotter than its stage in HubSpot (on the funnel scale of seed
-- lifecycle_stages; a contact with no HubSpot stage counts as colder than
-- any stage; a HubSpot stage the seed does not know, and Other, are never
-- overwritten). Columns are HubSpot contact property labels, so the table
-- written as CSV is a file HubSpot can import as is
-- (scripts/export_hubspot_imports.py):
--   Record ID                  the contact's HubSpot Record ID
--   Lifecycle Stage            the new stage, as the value HubSpot accepts
--                              (seed lifecycle_stages.hubspot_value)
--   Lifecycle Stage Rule       the rule that put the contact in the stage
--   Lifecycle Stage Entered At when the rule fired (UTC)
with

contacts as (

    select
        contact_id,
        current_stage,
        current_stage_entered_at,
        current_stage_rule
    from {{ ref('contact_lifecycle_stages') }}
    where needs_hubspot_update

),

stages as (

    select
        lifecycle_stage,
        hubspot_value
    from {{ ref('lifecycle_stages') }}
    where is_funnel_stage

),

final as (

    select
        contacts.contact_id as {{ adapter.quote('Record ID') }},
        stages.hubspot_value as {{ adapter.quote('Lifecycle Stage') }},
        contacts.current_stage_rule as {{ adapter.quote('Lifecycle Stage Rule') }},
        contacts.current_stage_entered_at as {{ adapter.quote('Lifecycle Stage Entered At') }}
    from contacts
    inner join stages
        on contacts.current_stage = stages.lifecycle_stage

)

select * from final
