-- grain: one row per HubSpot meeting or deal and associated contact
-- (object_type, object_id, contact_id). HubSpot exports the associated
-- contacts of a record as one `;`-separated column: it is split here into
-- one row per contact, however many a record has (split_to_rows: a dispatched
-- unnest of the split string, no fixed series of positions, so no contact is
-- dropped).

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
        {{ saas_metrics.split_to_rows('records.associated_contact_ids', "';'") }} as contact_id_part
    from records

),

trimmed as (

    select
        object_type,
        object_id,
        created_at,
        object_status,
        trim(contact_id_part) as contact_id
    from split

),

final as (

    select distinct
        object_type,
        object_id,
        contact_id,
        created_at,
        object_status
    from trimmed
    where contact_id is not null and contact_id != ''

)

select * from final
