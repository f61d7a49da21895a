-- grain: one row per raw row of surveys/nps_responses*.csv, with its fate:
-- kept, rejected (with a reason) or superseded (no version column: the file
-- whose name sorts last, then the later row, wins). The score must be a
-- whole number from 0 to 10.
{%- set score = saas_metrics.parse_integer('score') %}
{%- set checks = [
    {'when': saas_metrics.check_missing('response_id'), 'reason': 'missing_id', 'column': 'response_id'},
    {'when': saas_metrics.check_timestamp('responded_at', required=true), 'reason': 'unparseable_date', 'column': 'responded_at'},
    ] + saas_metrics.number_checks('score', required=true) + [
    {'when': score ~ ' not between 0 and 10', 'reason': 'score_out_of_range', 'column': 'score'},
] + saas_metrics.date_checks('responded_at') %}

with

source as (

    select * from {{ saas_metrics.raw_source('surveys', 'nps_responses', required=['response_id', 'score', 'responded_at']) }}

),

parsed as (

    select
        _source_file as source_file,
        _row_number as source_row_number,
        {{ saas_metrics.clean_text('response_id') }} as response_id,
        {{ saas_metrics.clean_text('email') }} as email,
        {{ score }} as score,
        {{ saas_metrics.clean_text('comment') }} as comment_text,
        {{ saas_metrics.parse_timestamp('responded_at') }} as responded_at,
        {{ saas_metrics.reject_reason(checks) }} as reject_reason,
        {{ saas_metrics.reject_detail(checks) }} as reject_detail,
        {{ saas_metrics.raw_row_text(['response_id', 'email', 'score', 'comment', 'responded_at']) }} as raw_row
    from source

),

final as (

    select
        *,
        {{ saas_metrics.row_fate('response_id') }} as row_fate
    from parsed

)

select * from final
