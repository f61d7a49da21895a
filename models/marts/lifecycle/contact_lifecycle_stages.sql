-- grain: one row per HubSpot contact (contact_id = HubSpot Record ID).
-- current_stage: the hottest funnel stage the contact reached (stages only
-- move forward), null when it reached none; `other` when its HubSpot stage
-- is Other (outside the funnel, whatever it did). One entered-at column per
-- funnel stage (null when not reached or skipped). HubSpot's own stage, lead
-- status and company are carried for comparison; needs_hubspot_update when
-- the current stage is hotter than the HubSpot stage on the funnel scale
-- (seed lifecycle_stages). No email or name: person_id is a hash of the
-- email (int_identity).
{%- set funnel_stages = ['lead', 'prospect', 'user', 'pql', 'sql', 'opportunity', 'customer', 'evangelist'] %}

with

hubspot_contacts as (

    select
        contact_id,
        associated_company_id,
        lifecycle_stage,
        lifecycle_stage_raw,
        lead_status
    from {{ ref('stg_hubspot__contacts') }}

),

identity as (

    select
        identifier as contact_id,
        person_id
    from {{ ref('int_identity') }}
    where identifier_type = 'hubspot_contact'

),

stage_entries as (

    select * from {{ ref('int_lifecycle_stage_entries') }}

),

stages as (

    select
        lifecycle_stage,
        stage_rank,
        lower(hubspot_value) as hubspot_value,
        lower(hubspot_label) as hubspot_label
    from {{ ref('lifecycle_stages') }}

),

-- HubSpot's stage on the funnel scale: its canonical value, else the value
-- as exported, matched to a stage's HubSpot value or label (so a custom
-- stage written by a previous import is recognised)
hubspot_stages as (

    select
        hubspot_contacts.contact_id,
        coalesce(hubspot_contacts.lifecycle_stage, lower(trim(hubspot_contacts.lifecycle_stage_raw))) as hubspot_stage,
        min(stages.stage_rank) as hubspot_stage_rank
    from hubspot_contacts
    left join stages
        on
            coalesce(hubspot_contacts.lifecycle_stage, lower(trim(hubspot_contacts.lifecycle_stage_raw)))
            in (stages.hubspot_value, stages.hubspot_label)
    group by
        hubspot_contacts.contact_id,
        coalesce(hubspot_contacts.lifecycle_stage, lower(trim(hubspot_contacts.lifecycle_stage_raw)))

),

current_stages as (

    select
        contact_id,
        lifecycle_stage,
        stage_rank,
        entered_at,
        entry_rule,
        is_unqualified_sql
    from stage_entries
    where is_current_stage

),

entered_at_by_stage as (

    select
        {% for stage in funnel_stages -%}
        max(case when lifecycle_stage = '{{ stage }}' then entered_at end) as {{ stage }}_entered_at,
        {% endfor -%}
        contact_id
    from stage_entries
    group by contact_id

),

final as (

    select
        hubspot_contacts.contact_id,
        identity.person_id,
        hubspot_contacts.associated_company_id as company_id,
        case
            when hubspot_stages.hubspot_stage = 'other' then 'other'
            else current_stages.lifecycle_stage
        end as current_stage,
        cast(current_stages.stage_rank as {{ dbt.type_bigint() }}) as current_stage_rank,
        current_stages.entered_at as current_stage_entered_at,
        current_stages.entry_rule as current_stage_rule,
        coalesce(current_stages.is_unqualified_sql, false) as is_unqualified_sql,
        {%- for stage in funnel_stages %}
        entered_at_by_stage.{{ stage }}_entered_at,
        {%- endfor %}
        hubspot_stages.hubspot_stage as hubspot_lifecycle_stage,
        hubspot_stages.hubspot_stage_rank,
        hubspot_contacts.lead_status,
        {{ saas_metrics.needs_hubspot_update(
            'current_stages.stage_rank', 'hubspot_stages.hubspot_stage', 'hubspot_stages.hubspot_stage_rank'
        ) }} as needs_hubspot_update
    from hubspot_contacts
    inner join hubspot_stages
        on hubspot_contacts.contact_id = hubspot_stages.contact_id
    left join identity
        on hubspot_contacts.contact_id = identity.contact_id
    left join current_stages
        on hubspot_contacts.contact_id = current_stages.contact_id
    left join entered_at_by_stage
        on hubspot_contacts.contact_id = entered_at_by_stage.contact_id

)

select * from final
