-- grain: one row per deal of Fivetran's hubspot.deal (is_deleted records
-- left out), as the loader's crm__deals: the export's column labels as
-- text; Pipeline and Deal Stage are the labels of deal_pipeline and
-- deal_pipeline_stage (the id when a label is missing); the associated
-- contacts and companies of the link tables deal_contact and deal_company,
-- ';'-separated; ISO timestamps, _source_file (the EL table), _row_number.
with

deal as (

    select * from {{ saas_metrics.el_table('hubspot', 'deal') }}

),

deal_pipeline as (

    select * from {{ saas_metrics.el_table('hubspot', 'deal_pipeline') }}

),

deal_pipeline_stage as (

    select * from {{ saas_metrics.el_table('hubspot', 'deal_pipeline_stage') }}

),

deal_contact as (

    select * from {{ saas_metrics.el_table('hubspot', 'deal_contact') }}

),

deal_company as (

    select * from {{ saas_metrics.el_table('hubspot', 'deal_company') }}

),

landed as (

    select *
    from deal
    where not coalesce(is_deleted, false)

),

pipelines as (

    select
        pipeline_id,
        label
    from deal_pipeline
    where not coalesce(_fivetran_deleted, false)

),

stages as (

    select
        stage_id,
        pipeline_id,
        label
    from deal_pipeline_stage
    where not coalesce(_fivetran_deleted, false)

),

contact_lists as (

    select
        deal_id,
        {{ saas_metrics.el_id_list('contact_id') }} as contact_ids
    from deal_contact
    group by deal_id

),

company_lists as (

    select
        deal_id,
        {{ saas_metrics.el_id_list('company_id') }} as company_ids
    from deal_company
    group by deal_id

),

final as (

    select
        {{ saas_metrics.el_text('landed.deal_id') }} as {{ adapter.quote('Record ID') }},
        {{ saas_metrics.el_text('landed.property_dealname') }} as {{ adapter.quote('Deal Name') }},
        coalesce(pipelines.label, landed.deal_pipeline_id) as {{ adapter.quote('Pipeline') }},
        coalesce(stages.label, landed.deal_pipeline_stage_id) as {{ adapter.quote('Deal Stage') }},
        {{ saas_metrics.el_text('landed.property_amount') }} as {{ adapter.quote('Amount') }},
        {{ saas_metrics.el_timestamp_text('landed.property_createdate') }} as {{ adapter.quote('Create Date') }},
        {{ saas_metrics.el_timestamp_text('landed.property_closedate') }} as {{ adapter.quote('Close Date') }},
        {{ saas_metrics.el_timestamp_text('landed.property_hs_lastmodifieddate') }} as {{ adapter.quote('Last Modified Date') }},
        contact_lists.contact_ids as {{ adapter.quote('Associated Contact IDs') }},
        company_lists.company_ids as {{ adapter.quote('Associated Company IDs') }},
        '{{ saas_metrics.el_table('hubspot', 'deal').identifier }}' as _source_file,
        cast(row_number() over (order by landed.deal_id) as {{ dbt.type_bigint() }}) as _row_number
    from landed
    left join pipelines
        on landed.deal_pipeline_id = pipelines.pipeline_id
    left join stages
        on
            landed.deal_pipeline_stage_id = stages.stage_id
            and landed.deal_pipeline_id = stages.pipeline_id
    left join contact_lists
        on landed.deal_id = contact_lists.deal_id
    left join company_lists
        on landed.deal_id = company_lists.deal_id

)

select * from final
