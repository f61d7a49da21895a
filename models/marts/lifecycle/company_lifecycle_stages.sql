-- grain: one row per HubSpot company (company_id = HubSpot Record ID): the
-- companies of the export and any company a contact is associated with.
-- lifecycle_stage: the hottest current stage of its contacts in the funnel
-- (contacts in Other do not count), null when none reached a stage;
-- stage_entered_at: when the first of its contacts entered that stage.
-- needs_hubspot_update: the stage is hotter than the company's stage in
-- HubSpot on the funnel scale (seed lifecycle_stages; no HubSpot stage
-- counts as colder than any; an unknown stage or Other is never
-- overwritten).
with

hubspot_companies as (

    select
        company_id,
        coalesce(lifecycle_stage, lower(trim(lifecycle_stage_raw))) as hubspot_stage
    from {{ ref('stg_hubspot__companies') }}

),

contacts as (

    select
        contact_id,
        company_id,
        current_stage,
        current_stage_rank
    from {{ ref('contact_lifecycle_stages') }}
    where company_id is not null

),

stage_entries as (

    select
        contact_id,
        lifecycle_stage,
        entered_at
    from {{ ref('int_lifecycle_stage_entries') }}

),

stages as (

    select
        lifecycle_stage,
        stage_rank,
        lower(hubspot_value) as hubspot_value,
        lower(hubspot_label) as hubspot_label
    from {{ ref('lifecycle_stages') }}

),

companies as (

    select company_id from hubspot_companies
    union
    select company_id from contacts

),

company_contacts as (

    select
        company_id,
        count(*) as contacts,
        sum(case when current_stage_rank is not null then 1 else 0 end) as contacts_in_funnel,
        max(current_stage_rank) as stage_rank
    from contacts
    group by company_id

),

-- the first time any of the company's contacts entered the company's stage
stage_entered as (

    select
        company_contacts.company_id,
        min(stage_entries.entered_at) as stage_entered_at
    from company_contacts
    inner join stages
        on company_contacts.stage_rank = stages.stage_rank
    inner join contacts
        on company_contacts.company_id = contacts.company_id
    inner join stage_entries
        on
            contacts.contact_id = stage_entries.contact_id
            and stages.lifecycle_stage = stage_entries.lifecycle_stage
    group by company_contacts.company_id

),

hubspot_ranks as (

    select
        hubspot_companies.company_id,
        hubspot_companies.hubspot_stage,
        min(stages.stage_rank) as hubspot_stage_rank
    from hubspot_companies
    left join stages
        on hubspot_companies.hubspot_stage in (stages.hubspot_value, stages.hubspot_label)
    group by hubspot_companies.company_id, hubspot_companies.hubspot_stage

),

final as (

    select
        companies.company_id,
        stages.lifecycle_stage,
        cast(company_contacts.stage_rank as {{ dbt.type_bigint() }}) as stage_rank,
        stage_entered.stage_entered_at,
        cast(coalesce(company_contacts.contacts, 0) as {{ dbt.type_bigint() }}) as contacts,
        cast(coalesce(company_contacts.contacts_in_funnel, 0) as {{ dbt.type_bigint() }}) as contacts_in_funnel,
        hubspot_ranks.hubspot_stage as hubspot_lifecycle_stage,
        hubspot_ranks.hubspot_stage_rank,
        {{ saas_metrics.needs_hubspot_update(
            'company_contacts.stage_rank', 'hubspot_ranks.hubspot_stage', 'hubspot_ranks.hubspot_stage_rank'
        ) }} as needs_hubspot_update
    from companies
    left join company_contacts
        on companies.company_id = company_contacts.company_id
    left join stages
        on company_contacts.stage_rank = stages.stage_rank
    left join stage_entered
        on companies.company_id = stage_entered.company_id
    left join hubspot_ranks
        on companies.company_id = hubspot_ranks.company_id

)

select * from final
