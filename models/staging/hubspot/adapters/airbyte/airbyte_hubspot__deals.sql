-- grain: one row per deal of Airbyte's HubSpot stream deals (the
-- deduplicated final table; archived records left out), as the loader's
-- crm__deals: the export's column labels as text; Pipeline and Deal Stage
-- are the labels of the stream deal_pipelines and its stages JSON array
-- (the id when a label is missing); the associated contacts and companies
-- of the deal's JSON arrays contacts and companies (unnested by the
-- dispatched el_json_array_join), ';'-separated in id order; ISO
-- timestamps, _source_file (the EL table) and _row_number.
with

deals as (

    select * from {{ saas_metrics.el_table('hubspot', 'deals') }}

),

deal_pipelines as (

    select * from {{ saas_metrics.el_table('hubspot', 'deal_pipelines') }}

),

landed as (

    select *
    from deals
    where not coalesce(archived, false)

),

pipelines as (

    select
        {{ adapter.quote('pipelineId') }} as pipeline_id,
        label
    from deal_pipelines

),

stages as (

    select
        {{ saas_metrics.el_json_field('pipeline_stage', 'stageId') }} as stage_id,
        deal_pipelines.{{ adapter.quote('pipelineId') }} as pipeline_id,
        {{ saas_metrics.el_json_field('pipeline_stage', 'label') }} as stage_label
    from deal_pipelines
    {{ saas_metrics.el_json_array_join('deal_pipelines.stages', 'pipeline_stage') }}

),

deal_contacts as (

    select
        landed.id as deal_id,
        {{ saas_metrics.el_json_element_text('contact') }} as contact_id
    from landed
    {{ saas_metrics.el_json_array_join('landed.contacts', 'contact') }}

),

deal_companies as (

    select
        landed.id as deal_id,
        {{ saas_metrics.el_json_element_text('company') }} as company_id
    from landed
    {{ saas_metrics.el_json_array_join('landed.companies', 'company') }}

),

contact_lists as (

    select
        deal_id,
        {{ saas_metrics.el_text_id_list('contact_id') }} as contact_ids
    from deal_contacts
    group by deal_id

),

company_lists as (

    select
        deal_id,
        {{ saas_metrics.el_text_id_list('company_id') }} as company_ids
    from deal_companies
    group by deal_id

),

final as (

    select
        {{ saas_metrics.el_text('landed.id') }} as {{ adapter.quote('Record ID') }},
        {{ saas_metrics.el_text('landed.properties_dealname') }} as {{ adapter.quote('Deal Name') }},
        coalesce(pipelines.label, landed.properties_pipeline) as {{ adapter.quote('Pipeline') }},
        coalesce(stages.stage_label, landed.properties_dealstage) as {{ adapter.quote('Deal Stage') }},
        {{ saas_metrics.el_number_text('landed.properties_amount') }} as {{ adapter.quote('Amount') }},
        {{ saas_metrics.el_timestamptz_text('landed.properties_createdate') }} as {{ adapter.quote('Create Date') }},
        {{ saas_metrics.el_timestamptz_text('landed.properties_closedate') }} as {{ adapter.quote('Close Date') }},
        {{ saas_metrics.el_timestamptz_text('landed.properties_hs_lastmodifieddate') }} as {{ adapter.quote('Last Modified Date') }},
        contact_lists.contact_ids as {{ adapter.quote('Associated Contact IDs') }},
        company_lists.company_ids as {{ adapter.quote('Associated Company IDs') }},
        '{{ saas_metrics.el_table('hubspot', 'deals').identifier }}' as _source_file,
        cast(row_number() over (order by landed.id) as {{ dbt.type_bigint() }}) as _row_number
    from landed
    left join pipelines
        on landed.properties_pipeline = pipelines.pipeline_id
    left join stages
        on
            landed.properties_dealstage = stages.stage_id
            and landed.properties_pipeline = stages.pipeline_id
    left join contact_lists
        on landed.id = contact_lists.deal_id
    left join company_lists
        on landed.id = company_lists.deal_id

)

select * from final
