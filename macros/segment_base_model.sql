{#-
    The SQL of a Segment base model (models/staging/segment/base: pages,
    tracks, identifies), one raw table of events/ read, typed and checked in
    one pass. The three tables differ only in their columns, so each model
    names its columns and this macro writes the rest:

    - table_name: the raw table (events/<table_name>*.csv);
    - key_column: the name of its id (`id` in the file), e.g. page_id;
    - columns: the table's other columns in file order, as
      (raw column, output column). `timestamp` is parsed into a UTC
      instant (parse_timestamp); every other column is trimmed text
      (clean_text). The output keeps this order, after the id.

    Every row is kept, rejected (missing_id, unparseable_date,
    future_timestamp, implausible_date; reject_reason and reject_detail) or
    superseded (row_fate: Segment delivers at least once, the delivery in
    the file whose name sorts last, then the later row, is kept). raw_row,
    the row's raw text for the audit, is filled for the rows not kept only:
    for a kept row the typed columns say it all, and it is the costliest
    column of these large sources.

    The model is incremental on DuckDB and PostgreSQL (raw_batch: only the
    files not read yet, when that gives a full rebuild's rows; the model's
    pre-hook reset_unless_append empties it otherwise;
    macros/incremental_raw.sql). The only join is to the one-row limit of
    segment_future_from (macros/segment_rules.sql).
-#}
{% macro segment_base_model(table_name, key_column, columns) -%}
{%- set batch = saas_metrics.raw_batch('segment', table_name, 'id', key_column, announce=true) %}
{%- set checks = [
    {'when': saas_metrics.check_missing('id'), 'reason': 'missing_id', 'column': 'id'},
    {'when': saas_metrics.check_missing('anonymous_id') ~ ' and ' ~ saas_metrics.check_missing('user_id'), 'reason': 'missing_id', 'detail': "'anonymous_id and user_id are both empty'"},
    {'when': saas_metrics.check_timestamp('timestamp', required=true), 'reason': 'unparseable_date', 'column': 'timestamp'},
] + saas_metrics.segment_time_checks(saas_metrics.parse_timestamp(adapter.quote('timestamp'))) %}

with

source as (

    select * from {{ saas_metrics.raw_source('segment', table_name, required=['id', 'timestamp', ['anonymous_id', 'user_id']], files=batch.files) }} as raw_rows

),

file_versions as (

    {{ saas_metrics.raw_file_versions('segment', table_name, batch.files) }}

),

event_limit as (

    {{ saas_metrics.segment_future_from() }}

),

parsed as (

    select
        source._source_file as source_file,
        source._row_number + {{ batch.row_offset }} as source_row_number,
        file_versions.source_file_version,
        {{ saas_metrics.clean_text('id') }} as {{ key_column }},
        {%- for raw, name in columns %}
        {%- if raw == 'timestamp' %}
        {{ saas_metrics.parse_timestamp(adapter.quote('timestamp')) }} as {{ name }},
        {%- else %}
        {{ saas_metrics.clean_text(raw) }} as {{ name }},
        {%- endif %}
        {%- endfor %}
        {{ saas_metrics.reject_reason(checks) }} as reject_reason,
        {{ saas_metrics.reject_detail(checks) }} as reject_detail,
        -- the raw text of the row, for raw_row (final)
        source.id as raw_id,
        {%- for raw, name in columns %}
        source.{{ adapter.quote(raw) }} as raw_{{ raw }}{{ ',' if not loop.last }}
        {%- endfor %}
    from source
    cross join event_limit
    left join file_versions
        on source._source_file = file_versions.source_file

),

fated as (

    select
        *,
        {{ saas_metrics.row_fate(key_column) }} as row_fate
    from parsed

),

final as (

    select
        source_file,
        source_row_number,
        source_file_version,
        {{ key_column }},
        {%- for raw, name in columns %}
        {{ name }},
        {%- endfor %}
        reject_reason,
        reject_detail,
        case
            when row_fate != 'kept'
                then {{ saas_metrics.raw_row_text(['id'] + columns | map('first') | list, prefix='raw_') }}
        end as raw_row,
        row_fate
    from fated

)

select * from final
{%- endmacro %}
