-- grain: one row per meeting engagement of Fivetran's hubspot.engagement
-- (type MEETING, with its engagement_meeting row; deleted records left out),
-- as the loader's crm__meetings: the export's column labels as text, the
-- associated contacts of the link table engagement_contact ';'-separated,
-- ISO timestamps, _source_file (the EL table) and _row_number.
with

engagement as (

    select * from {{ saas_metrics.el_table('hubspot', 'engagement') }}

),

engagement_meeting as (

    select * from {{ saas_metrics.el_table('hubspot', 'engagement_meeting') }}

),

engagement_contact as (

    select * from {{ saas_metrics.el_table('hubspot', 'engagement_contact') }}

),

meetings as (

    select
        engagement.id,
        engagement.created_at,
        engagement_meeting.property_hs_meeting_title,
        engagement_meeting.property_hs_meeting_start_time,
        engagement_meeting.property_hs_createdate,
        engagement_meeting.property_hs_meeting_outcome
    from engagement
    inner join engagement_meeting
        on engagement.id = engagement_meeting.engagement_id
    where
        upper(engagement.type) = 'MEETING'
        and not coalesce(engagement_meeting._fivetran_deleted, false)

),

contact_lists as (

    select
        engagement_id,
        {{ saas_metrics.el_id_list('contact_id') }} as contact_ids
    from engagement_contact
    group by engagement_id

),

final as (

    select
        {{ saas_metrics.el_text('meetings.id') }} as {{ adapter.quote('Record ID') }},
        {{ saas_metrics.el_text('meetings.property_hs_meeting_title') }} as {{ adapter.quote('Meeting Name') }},
        {{ saas_metrics.el_timestamp_text('meetings.property_hs_meeting_start_time') }} as {{ adapter.quote('Meeting Start Time') }},
        {{ saas_metrics.el_timestamp_text('coalesce(meetings.property_hs_createdate, meetings.created_at)') }} as {{ adapter.quote('Create Date') }},
        {{ saas_metrics.el_text('meetings.property_hs_meeting_outcome') }} as {{ adapter.quote('Meeting Outcome') }},
        contact_lists.contact_ids as {{ adapter.quote('Associated Contact IDs') }},
        '{{ saas_metrics.el_table('hubspot', 'engagement').identifier }}' as _source_file,
        cast(row_number() over (order by meetings.id) as {{ dbt.type_bigint() }}) as _row_number
    from meetings
    left join contact_lists
        on meetings.id = contact_lists.engagement_id

)

select * from final
