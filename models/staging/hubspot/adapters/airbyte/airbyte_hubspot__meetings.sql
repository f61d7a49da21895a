-- grain: one row per meeting of Airbyte's HubSpot stream
-- engagements_meetings (the deduplicated final table; archived records left
-- out), as the loader's crm__meetings: the export's column labels as text,
-- the associated contacts of the meeting's JSON array contacts (unnested
-- by the dispatched el_json_array_join) ';'-separated in id order, ISO
-- timestamps, _source_file (the EL table) and _row_number.
with

engagements_meetings as (

    select * from {{ saas_metrics.el_table('hubspot', 'engagements_meetings') }}

),

landed as (

    select *
    from engagements_meetings
    where not coalesce(archived, false)

),

meeting_contacts as (

    select
        landed.id as meeting_id,
        {{ saas_metrics.el_json_element_text('contact') }} as contact_id
    from landed
    {{ saas_metrics.el_json_array_join('landed.contacts', 'contact') }}

),

contact_lists as (

    select
        meeting_id,
        {{ saas_metrics.el_text_id_list('contact_id') }} as contact_ids
    from meeting_contacts
    group by meeting_id

),

final as (

    select
        {{ saas_metrics.el_text('landed.id') }} as {{ adapter.quote('Record ID') }},
        {{ saas_metrics.el_text('landed.properties_hs_meeting_title') }} as {{ adapter.quote('Meeting Name') }},
        {{ saas_metrics.el_timestamptz_text('landed.properties_hs_meeting_start_time') }} as {{ adapter.quote('Meeting Start Time') }},
        {{ saas_metrics.el_timestamptz_text('coalesce(landed.properties_hs_createdate, landed.' ~ adapter.quote('createdAt') ~ ')') }} as {{ adapter.quote('Create Date') }},
        {{ saas_metrics.el_text('landed.properties_hs_meeting_outcome') }} as {{ adapter.quote('Meeting Outcome') }},
        contact_lists.contact_ids as {{ adapter.quote('Associated Contact IDs') }},
        '{{ saas_metrics.el_table('hubspot', 'engagements_meetings').identifier }}' as _source_file,
        cast(row_number() over (order by landed.id) as {{ dbt.type_bigint() }}) as _row_number
    from landed
    left join contact_lists
        on landed.id = contact_lists.meeting_id

)

select * from final
