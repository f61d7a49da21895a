-- grain: one row per raw row of events/pages*.csv, with its fate: kept,
-- rejected (with a reason) or superseded. Segment delivers at least once: of
-- the rows sharing an id, the one in the file whose name sorts last, then the
-- later row, is kept; the others are duplicate deliveries (superseded).
-- Set-based and join-free: this is a large source.
{%- set checks = [
    {'when': saas_metrics.check_missing('id'), 'reason': 'missing_id', 'column': 'id'},
    {'when': saas_metrics.check_timestamp('timestamp', required=true), 'reason': 'unparseable_date', 'column': 'timestamp'},
] %}

with

source as (

    select * from {{ saas_metrics.raw_source('events', 'pages') }}

),

parsed as (

    select
        _source_file as source_file,
        _row_number as source_row_number,
        {{ saas_metrics.clean_text('id') }} as page_id,
        {{ saas_metrics.clean_text('anonymous_id') }} as anonymous_id,
        {{ saas_metrics.clean_text('user_id') }} as user_id,
        {{ saas_metrics.parse_timestamp(adapter.quote('timestamp')) }} as event_at,
        {{ saas_metrics.clean_text('path') }} as page_path,
        {{ saas_metrics.clean_text('url') }} as url,
        {{ saas_metrics.clean_text('referrer') }} as referrer,
        {{ saas_metrics.clean_text('title') }} as title,
        {{ saas_metrics.clean_text('context_campaign_source') }} as utm_source,
        {{ saas_metrics.clean_text('context_campaign_medium') }} as utm_medium,
        {{ saas_metrics.clean_text('context_campaign_name') }} as utm_campaign,
        {{ saas_metrics.reject_reason(checks) }} as reject_reason,
        {{ saas_metrics.reject_detail(checks) }} as reject_detail,
        {{ saas_metrics.raw_row_text(['id', 'anonymous_id', 'user_id', 'timestamp', 'path', 'url', 'referrer', 'title', 'context_campaign_source', 'context_campaign_medium', 'context_campaign_name']) }} as raw_row
    from source

),

final as (

    select
        *,
        {{ saas_metrics.row_fate('page_id') }} as row_fate
    from parsed

)

select * from final
