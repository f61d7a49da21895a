-- grain: one row per HubSpot meeting or deal and associated contact
-- (object_type, object_id, contact_id). HubSpot exports the associated
-- contacts of a record as one `;`-separated column: it is split here into
-- one row per contact (up to max_associations = 200 per record), set-based and
-- portable (split_part over a bounded series of positions).
{%- set max_associations = 200 %}

with

meetings as (

    select
        meeting_id,
        created_at,
        meeting_outcome,
        associated_contact_ids
    from {{ ref('stg_hubspot__meetings') }}
    where associated_contact_ids is not null

),

deals as (

    select
        deal_id,
        created_at,
        deal_stage,
        associated_contact_ids
    from {{ ref('stg_hubspot__deals') }}
    where associated_contact_ids is not null

),

positions as (

    {{ dbt.generate_series(max_associations) }}

),

records as (

    select
        'meeting' as object_type,
        meeting_id as object_id,
        created_at,
        meeting_outcome as object_status,
        associated_contact_ids
    from meetings
    union all
    select
        'deal' as object_type,
        deal_id as object_id,
        created_at,
        deal_stage as object_status,
        associated_contact_ids
    from deals

),

split as (

    select
        records.object_type,
        records.object_id,
        records.created_at,
        records.object_status,
        trim({{ saas_metrics.split_part_at('records.associated_contact_ids', "';'", 'positions.generated_number') }}) as contact_id
    from records
    inner join positions
        on
            positions.generated_number
            <= 1 + {{ dbt.length('records.associated_contact_ids') }}
            - {{ dbt.length("replace(records.associated_contact_ids, ';', '')") }}

),

final as (

    select distinct
        object_type,
        object_id,
        contact_id,
        created_at,
        object_status
    from split
    where contact_id is not null and contact_id != ''

)

select * from final
