-- grain: one row per HubSpot meeting (its last delivered valid row).
-- Meeting outcome is mapped from HubSpot's label or internal value to one
-- canonical value
-- (seed hubspot_values); the value as sent is kept in *_raw.
with

meetings as (

    select * from {{ ref('base_hubspot__meetings') }}

),

hubspot_values as (

    select * from {{ ref('stg_reference__hubspot_values') }}

),

final as (

    select
        meetings.meeting_id,
        meetings.meeting_name,
        meetings.meeting_start_at,
        meetings.created_at,
        meeting_outcome_values.canonical_value as meeting_outcome,
        meetings.meeting_outcome as meeting_outcome_raw,
        meetings.associated_contact_ids
    from meetings
    left join hubspot_values as meeting_outcome_values
        on
            meetings.meeting_outcome is not null
            and lower(meetings.meeting_outcome) = meeting_outcome_values.value_normalized
            and meeting_outcome_values.property = 'meeting_outcome'
    where meetings.row_fate = 'kept'

)

select * from final
