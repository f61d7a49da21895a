{#-
    Incremental raw sources: the Segment base models (events/pages, tracks,
    identifies: the large sources) are dbt incremental models on DuckDB and
    PostgreSQL (tables on Spark). A run reads only the raw files it has not
    read before, when that gives exactly the rows and fates of a full
    rebuild; else it rebuilds every row of the model (DECISIONLOG
    "Incremental runs append new event files only when that equals a full
    build", docs/performance.md). `dbt build --full-refresh`
    always rebuilds.

    Appending is exact when all of these hold (raw_batch checks them):
    1. every file already read is still there, unchanged: its version
       (DuckDB: size and modification time; a warehouse: the loader's row
       count and last _row_number) is the one recorded in the model's
       source_file_version;
    2. every new file's name sorts after the last file already read, so the
       rows already numbered keep their source_row_number (rows are
       numbered across files in name order);
    3. no id of a new row is already in the model: the fate of an id
       (kept or superseded) depends on all its deliveries;
    4. the time-dependent checks give every row already read the reason it
       has (future_timestamp against the other sources' latest activity,
       which new invoices move; implausible_date against the build time).
-#}

{#- Which raw rows this run of an incremental base model reads:
    {'append': true, 'files': [new files], 'row_offset': rows already
    numbered (DuckDB; a warehouse's _row_number is numbered by the loader)}
    or {'append': false, 'files': none} (every file: a full build, or a
    rebuild of every row when appending would not be exact; the pre-hook
    reset_unless_append then empties the table). `key` is the raw id
    column, `key_column` the model's id column. `announce` logs the
    decision in plain words (the model's own compile; the pre-hook asks
    again, silently). -#}
{% macro raw_batch(source_name, table_name, key, key_column, announce=false) -%}
    {%- set rebuild = {'append': false, 'files': none, 'row_offset': 0} -%}
    {%- if not execute or not is_incremental() -%}{{ return(rebuild) }}{%- endif -%}
    {%- set name = this.identifier -%}
    {%- if saas_metrics.layout_adapter(source_name, table_name) is not none -%}
        {%- do saas_metrics.batch_log(announce, name ~ ": rebuilding every row (an EL layout: its tables have no files to append)") -%}
        {{ return(rebuild) }}
    {%- endif -%}
    {%- if 'source_file_version' not in adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
        {%- do saas_metrics.batch_log(announce, name ~ ": rebuilding every row (built by an earlier version of the project, without source_file_version)") -%}
        {{ return(rebuild) }}
    {%- endif -%}
    {%- set current = saas_metrics.raw_file_versions_now(source_name, table_name) -%}
    {%- set recorded_rows = run_query("select source_file, min(source_file_version), max(source_file_version), max(source_row_number) from " ~ this ~ " group by source_file order by source_file").rows -%}
    {%- set recorded = {} -%}
    {%- set ns = namespace(last_file=none, row_offset=0, problem=none) -%}
    {%- for row in recorded_rows -%}
        {%- do recorded.update({row[0]: row[1]}) -%}
        {%- if row[1] != row[2] -%}{%- set ns.problem = row[0] ~ " was read in two versions" -%}{%- endif -%}
        {%- if current.get(row[0]) is none -%}{%- set ns.problem = row[0] ~ " is no longer in the raw folder" -%}
        {%- elif current[row[0]] != row[1] -%}{%- set ns.problem = row[0] ~ " changed since the last build" -%}{%- endif -%}
        {%- if ns.last_file is none or row[0] > ns.last_file -%}{%- set ns.last_file = row[0] -%}{%- endif -%}
        {%- if row[3] is not none and row[3] > ns.row_offset -%}{%- set ns.row_offset = row[3] -%}{%- endif -%}
    {%- endfor -%}
    {%- set new_files = [] -%}
    {%- for file_name in current | sort if file_name not in recorded -%}
        {%- if ns.last_file is not none and file_name < ns.last_file and ns.problem is none -%}
            {%- set ns.problem = "the new file " ~ file_name ~ " sorts before " ~ ns.last_file ~ ", already read (rows are numbered in file name order)" -%}
        {%- endif -%}
        {%- do new_files.append(file_name) -%}
    {%- endfor -%}
    {%- if ns.problem is none and new_files -%}
        {%- set new_rows = saas_metrics.raw_source(source_name, table_name, files=new_files) -%}
        {%- set shared = run_query("select count(*) from " ~ new_rows ~ " as new_rows inner join " ~ this ~ " as built on built." ~ key_column ~ " = " ~ saas_metrics.clean_text('new_rows.' ~ adapter.quote(key))).rows[0][0] -%}
        {%- if shared > 0 -%}{%- set ns.problem = shared ~ " new rows have an id already read (a delivery again: its fate depends on every delivery)" -%}{%- endif -%}
    {%- endif -%}
    {%- if ns.problem is none -%}
        {%- set moved = run_query(saas_metrics.segment_fates_moved(this)).rows[0][0] -%}
        {%- if moved > 0 -%}{%- set ns.problem = moved ~ " rows already read change their fate with this build's time window (future_timestamp or implausible_date)" -%}{%- endif -%}
    {%- endif -%}
    {%- if ns.problem is not none -%}
        {%- do saas_metrics.batch_log(announce, name ~ ": rebuilding every row: " ~ ns.problem) -%}
        {{ return(rebuild) }}
    {%- endif -%}
    {%- if new_files -%}
        {%- do saas_metrics.batch_log(announce, name ~ ": appending " ~ new_files | length ~ " new file(s) (" ~ new_files | join(', ') ~ ") to the " ~ recorded | length ~ " already read") -%}
    {%- else -%}
        {%- do saas_metrics.batch_log(announce, name ~ ": no new file (the " ~ recorded | length ~ " already read are unchanged)") -%}
    {%- endif -%}
    {{ return({'append': true, 'files': new_files, 'row_offset': ns.row_offset if target.type == 'duckdb' else 0}) }}
{%- endmacro %}

{% macro batch_log(announce, message) -%}
    {%- if announce -%}{%- do log(message, info=true) -%}{%- endif -%}
{%- endmacro %}

{#- Rows of an incremental Segment base model whose time-dependent reason
    (segment_time_checks on event_at) would differ in this build. -#}
{% macro segment_fates_moved(relation) -%}
    select count(*)
    from {{ relation }} as built
    cross join ({{ saas_metrics.segment_future_from() }}) as event_limit
    where (built.reject_reason is null or built.reject_reason in ('future_timestamp', 'implausible_date'))
        and coalesce(built.reject_reason, '-') != coalesce({{ saas_metrics.reject_reason(saas_metrics.segment_time_checks('built.event_at')) }}, '-')
{%- endmacro %}

{#- Pre-hook of an incremental base model, before the run's transaction:
    empties the table when this run rebuilds every row (raw_batch), so the
    run's rows replace them all (a table of an earlier version of the
    project first gets the column source_file_version). If the run then
    fails, the table stays empty and the next run appends every file: the
    same rows. -#}
{% macro reset_unless_append(source_name, table_name, key, key_column) -%}
    {%- if execute and is_incremental() and not saas_metrics.raw_batch(source_name, table_name, key, key_column).append -%}
    {%- if 'source_file_version' not in adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list -%}
    alter table {{ this }} add column source_file_version {{ dbt.type_string() }};
    {% endif -%}
    delete from {{ this }}
    {%- endif -%}
{%- endmacro %}

{#- The version of every raw file of a source now: {file name: version}. -#}
{% macro raw_file_versions_now(source_name, table_name) -%}
    {%- set result = run_query(saas_metrics.raw_file_versions(source_name, table_name, none)) -%}
    {%- set versions = {} -%}
    {%- for row in result.rows -%}{%- do versions.update({row[0]: row[1]}) -%}{%- endfor -%}
    {{ return(versions) }}
{%- endmacro %}

{#- SQL of (source_file, source_file_version) for the files of a raw source
    (`files`: those file names only; none: every file). -#}
{% macro raw_file_versions(source_name, table_name, files) -%}
    {{ return(adapter.dispatch('raw_file_versions', 'saas_metrics')(source_name, table_name, files)) }}
{%- endmacro %}

{#- A warehouse (and an EL layout's tables): the loader's row count and last
    _row_number of each file. -#}
{% macro default__raw_file_versions(source_name, table_name, files) -%}
    select
        _source_file as source_file,
        {{ dbt.concat([dbt.cast('count(*)', dbt.type_string()), "':'", dbt.cast('max(_row_number)', dbt.type_string())]) }} as source_file_version
    from {{ saas_metrics.raw_source(source_name, table_name, files=files) }} as raw_rows
    group by _source_file
{%- endmacro %}

{#- DuckDB: the size and modification time of each file (read_blob without
    its content reads no file). -#}
{% macro duckdb__raw_file_versions(source_name, table_name, files) -%}
    {%- if not execute -%}{{ return(saas_metrics.default__raw_file_versions(source_name, table_name, files)) }}{%- endif -%}
    {%- set paths = [] -%}
    {%- for path in saas_metrics.raw_source_files(source_name, table_name) if files is none or path.split('/') | last in files -%}
        {%- do paths.append("'" ~ path | replace("'", "''") ~ "'") -%}
    {%- endfor -%}
    {%- if not paths or saas_metrics.layout_adapter(source_name, table_name) is not none -%}
    {{ saas_metrics.default__raw_file_versions(source_name, table_name, files) }}
    {%- else -%}
    select
        parse_filename(filename) as source_file,
        cast(size as varchar) || ':' || cast(epoch_ms(last_modified) as varchar) as source_file_version
    from read_blob([{{ paths | join(', ') }}])
    {%- endif -%}
{%- endmacro %}
