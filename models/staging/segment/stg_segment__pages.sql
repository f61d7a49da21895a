-- grain: one row per Segment page view (id), duplicate deliveries removed.
with

pages as (

    select * from {{ ref('base_segment__pages') }}

),

final as (

    select
        page_id,
        anonymous_id,
        user_id,
        event_at,
        page_path,
        url,
        referrer,
        title,
        utm_source,
        utm_medium,
        utm_campaign
    from pages
    where row_fate = 'kept'

)

select * from final
