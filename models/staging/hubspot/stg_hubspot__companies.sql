-- grain: one row per HubSpot company (newest valid version by Last Modified
-- Date). Lifecycle stage is mapped from HubSpot's label or internal value
-- to one canonical value (seed hubspot_values); the value as sent is kept
-- in lifecycle_stage_raw.
with

companies as (

    select * from {{ ref('base_hubspot__companies') }}

),

hubspot_values as (

    select * from {{ ref('stg_reference__hubspot_values') }}

),

final as (

    select
        companies.company_id,
        companies.company_name,
        companies.company_domain_name,
        companies.industry,
        companies.country_region,
        companies.number_of_employees,
        lifecycle_stage_values.canonical_value as lifecycle_stage,
        companies.lifecycle_stage as lifecycle_stage_raw,
        companies.created_at,
        companies.last_modified_at
    from companies
    left join hubspot_values as lifecycle_stage_values
        on
            companies.lifecycle_stage is not null
            and lower(companies.lifecycle_stage) = lifecycle_stage_values.value_normalized
            and lifecycle_stage_values.property = 'lifecycle_stage'
    where companies.row_fate = 'kept'

)

select * from final
