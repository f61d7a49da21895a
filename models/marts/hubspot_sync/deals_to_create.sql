-- grain: one row per HubSpot contact whose current stage is sql (and not
-- flagged unqualified) with no deal associated with it yet: the deal
-- HubSpot should get, in stage Demo scheduled of the sales pipeline (seed
-- lifecycle_settings: deal_pipeline, deal_stage, by internal value),
-- associated with the contact and its company. Columns are HubSpot import
-- headers (scripts/export_hubspot_imports.py writes the CSV file):
--   Deal Name                 Demo - contact <Record ID> (no person's name)
--   Pipeline, Deal Stage      internal values
--   Contact Record ID         the contact to associate (map to Contact: Record ID)
--   Company Record ID         its company, if any (map to Company: Record ID)
with

contacts as (

    select
        contact_id,
        company_id,
        current_stage,
        is_unqualified_sql
    from {{ ref('contact_lifecycle_stages') }}

),

deal_contacts as (

    select distinct contact_id
    from {{ ref('int_lifecycle_associations') }}
    where object_type = 'deal'

),

settings as (

    select
        max(case when setting = 'deal_pipeline' then value end) as deal_pipeline,
        max(case when setting = 'deal_stage' then value end) as deal_stage
    from {{ ref('lifecycle_settings') }}

),

sql_contacts_without_deal as (

    select
        contacts.contact_id,
        contacts.company_id
    from contacts
    left join deal_contacts
        on contacts.contact_id = deal_contacts.contact_id
    where
        contacts.current_stage = 'sql'
        and not contacts.is_unqualified_sql
        and deal_contacts.contact_id is null

),

final as (

    select
        {{ dbt.concat(["'Demo - contact '", 'sql_contacts_without_deal.contact_id']) }} as {{ adapter.quote('Deal Name') }},
        settings.deal_pipeline as {{ adapter.quote('Pipeline') }},
        settings.deal_stage as {{ adapter.quote('Deal Stage') }},
        sql_contacts_without_deal.contact_id as {{ adapter.quote('Contact Record ID') }},
        sql_contacts_without_deal.company_id as {{ adapter.quote('Company Record ID') }}
    from sql_contacts_without_deal
    cross join settings

)

select * from final
