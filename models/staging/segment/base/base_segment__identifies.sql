-- grain: one row per raw row of events/identifies*.csv, with its fate: kept,
-- rejected (with a reason) or superseded. Segment delivers at least once: of
-- the rows sharing an id, the one in the file whose name sorts last, then the
-- later row, is kept; the others are duplicate deliveries (superseded).
-- An event needs its id, an anonymous_id or a user_id (Segment sets one),
-- and a timestamp no later than the month of the latest activity of the
-- other sources (else future_timestamp: one event with a wrong clock must
-- not move the reporting window; macro segment_future_from).
-- Set-based: the only join is to that one-row limit; this is a large source.
-- Incremental (DuckDB, PostgreSQL): a run reads only the files it has not
-- read, when that gives a full rebuild's rows (macros/incremental_raw.sql).
{{ config(pre_hook=before_begin("{{ saas_metrics.reset_unless_append('events', 'identifies', 'id', 'identify_id') }}")) }}
{%- set batch = saas_metrics.raw_batch('events', 'identifies', 'id', 'identify_id', announce=true) %}
{%- set checks = [
    {'when': saas_metrics.check_missing('id'), 'reason': 'missing_id', 'column': 'id'},
    {'when': saas_metrics.check_missing('anonymous_id') ~ ' and ' ~ saas_metrics.check_missing('user_id'), 'reason': 'missing_id', 'detail': "'anonymous_id and user_id are both empty'"},
    {'when': saas_metrics.check_timestamp('timestamp', required=true), 'reason': 'unparseable_date', 'column': 'timestamp'},
] + saas_metrics.segment_time_checks(saas_metrics.parse_timestamp(adapter.quote('timestamp'))) %}

with

source as (

    select * from {{ saas_metrics.raw_source('events', 'identifies', required=['id', 'timestamp', ['anonymous_id', 'user_id']], files=batch.files) }} as raw_rows

),

file_versions as (

    {{ saas_metrics.raw_file_versions('events', 'identifies', batch.files) }}

),

event_limit as (

    {{ saas_metrics.segment_future_from() }}

),

parsed as (

    select
        source._source_file as source_file,
        source._row_number + {{ batch.row_offset }} as source_row_number,
        file_versions.source_file_version,
        {{ saas_metrics.clean_text('id') }} as identify_id,
        {{ saas_metrics.clean_text('anonymous_id') }} as anonymous_id,
        {{ saas_metrics.clean_text('user_id') }} as user_id,
        {{ saas_metrics.clean_text('email') }} as email,
        {{ saas_metrics.parse_timestamp(adapter.quote('timestamp')) }} as event_at,
        {{ saas_metrics.reject_reason(checks) }} as reject_reason,
        {{ saas_metrics.reject_detail(checks) }} as reject_detail,
        -- the raw text of the row, for raw_row (final)
        source.id as raw_id,
        source.anonymous_id as raw_anonymous_id,
        source.user_id as raw_user_id,
        source.email as raw_email,
        source.{{ adapter.quote('timestamp') }} as raw_timestamp
    from source
    cross join event_limit
    left join file_versions
        on source._source_file = file_versions.source_file

),

fated as (

    select
        *,
        {{ saas_metrics.row_fate('identify_id') }} as row_fate
    from parsed

),

final as (

    -- raw_row only for the rows not kept (the audit's rows): for a kept row
    -- the typed columns say it all, and the text of every row is the
    -- costliest column of this large source
    select
        source_file,
        source_row_number,
        source_file_version,
        identify_id,
        anonymous_id,
        user_id,
        email,
        event_at,
        reject_reason,
        reject_detail,
        case
            when row_fate != 'kept'
                then {{ saas_metrics.raw_row_text(['id', 'anonymous_id', 'user_id', 'email', 'timestamp'], prefix='raw_') }}
        end as raw_row,
        row_fate
    from fated

)

select * from final
