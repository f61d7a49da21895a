-- grain: one row per raw row of events/identifies*.csv, with its fate: kept,
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

    select * from {{ saas_metrics.raw_source('events', 'identifies') }}

),

parsed as (

    select
        _source_file as source_file,
        _row_number as source_row_number,
        {{ saas_metrics.clean_text('id') }} as identify_id,
        {{ saas_metrics.clean_text('anonymous_id') }} as anonymous_id,
        {{ saas_metrics.clean_text('user_id') }} as user_id,
        {{ saas_metrics.clean_text('email') }} as email,
        {{ saas_metrics.parse_timestamp(adapter.quote('timestamp')) }} as event_at,
        {{ saas_metrics.reject_reason(checks) }} as reject_reason,
        {{ saas_metrics.reject_detail(checks) }} as reject_detail,
        {{ saas_metrics.raw_row_text(['id', 'anonymous_id', 'user_id', 'email', 'timestamp']) }} as raw_row
    from source

),

final as (

    select
        *,
        {{ saas_metrics.row_fate('identify_id') }} as row_fate
    from parsed

)

select * from final
