-- grain: one row per HubSpot contact (newest valid version by Last Modified
-- Date). Lifecycle stage, lead status and original source are
-- mapped from HubSpot's label or internal value to one canonical value
-- (seed hubspot_values); the value as sent is kept in *_raw.
with

contacts as (

    select * from {{ ref('base_hubspot__contacts') }}

),

hubspot_values as (

    select * from {{ ref('stg_reference__hubspot_values') }}

),

final as (

    select
        contacts.contact_id,
        contacts.first_name,
        contacts.last_name,
        contacts.email,
        lower(trim(contacts.email)) as email_normalized,
        contacts.associated_company_id,
        lifecycle_stage_values.canonical_value as lifecycle_stage,
        contacts.lifecycle_stage as lifecycle_stage_raw,
        lead_status_values.canonical_value as lead_status,
        contacts.lead_status as lead_status_raw,
        original_source_values.canonical_value as original_source,
        contacts.original_source as original_source_raw,
        contacts.original_source_drill_down_1,
        contacts.original_source_drill_down_2,
        contacts.created_at,
        contacts.last_modified_at,
        contacts.became_subscriber_at,
        contacts.became_lead_at,
        contacts.became_marketing_qualified_lead_at,
        contacts.became_sales_qualified_lead_at,
        contacts.became_opportunity_at,
        contacts.became_customer_at,
        contacts.became_evangelist_at
    from contacts
    left join hubspot_values as lifecycle_stage_values
        on
            contacts.lifecycle_stage is not null
            and lower(contacts.lifecycle_stage) = lifecycle_stage_values.value_normalized
            and lifecycle_stage_values.property = 'lifecycle_stage'
    left join hubspot_values as lead_status_values
        on
            contacts.lead_status is not null
            and lower(contacts.lead_status) = lead_status_values.value_normalized
            and lead_status_values.property = 'lead_status'
    left join hubspot_values as original_source_values
        on
            contacts.original_source is not null
            and lower(contacts.original_source) = original_source_values.value_normalized
            and original_source_values.property = 'original_source'
    where contacts.row_fate = 'kept'

)

select * from final
