{#-
    Whether a raw source has data to read. On DuckDB the source is a set of
    files in SAAS_RAW_DIR: true when at least one file matches its pattern.
    On a warehouse the source is a table of the raw schema: true when it
    exists. Used for optional sources (reference/fx_rates). Returns false
    while dbt parses (nothing is queried then).
-#}
{% macro raw_source_exists(source_name, table_name) -%}
    {{ return(adapter.dispatch('raw_source_exists', 'saas_metrics')(source_name, table_name)) }}
{%- endmacro %}

{% macro duckdb__raw_source_exists(source_name, table_name) -%}
    {%- if not execute -%}{{ return(false) }}{%- endif -%}
    {{ return(saas_metrics.raw_source_files(source_name, table_name) | length > 0) }}
{%- endmacro %}

{#- The graph has no sources inside a unit test: the table is then looked up
    by the loader's naming (SAAS_RAW_SCHEMA.<source>__<table>). -#}
{% macro default__raw_source_exists(source_name, table_name) -%}
    {%- if not execute -%}{{ return(false) }}{%- endif -%}
    {%- set sources = graph.get('sources', {}) -%}
    {%- set node = sources.values() | selectattr('source_name', 'equalto', source_name) | selectattr('name', 'equalto', table_name) | first -%}
    {%- if node -%}
        {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.identifier) -%}
    {%- else -%}
        {%- set relation = adapter.get_relation(database=target.database, schema=env_var('SAAS_RAW_SCHEMA', 'raw'), identifier=source_name ~ '__' ~ table_name) -%}
    {%- endif -%}
    {{ return(relation is not none) }}
{%- endmacro %}

{#- DuckDB: the files of a raw source (SAAS_RAW_DIR/<source>/<table>*.csv, the
    extension in any case, e.g. .CSV: the pattern of the sources'
    external_location), full paths in name order. -#}
{% macro raw_source_files(source_name, table_name) -%}
    {%- set pattern = env_var('SAAS_RAW_DIR', 'sample_data/raw') ~ '/' ~ source_name ~ '/' ~ table_name ~ '*.[cC][sS][vV]' -%}
    {%- set result = run_query("select file from glob('" ~ pattern | replace("'", "''") ~ "') order by file") -%}
    {{ return(result.columns[0].values() | list) }}
{%- endmacro %}

{#-
    A raw source with every column its YAML declares, even when the files
    lack some (RAW_EXPORTS.md: "a missing optional column is null"); extra
    columns of the files are kept and ignored downstream. Base models select
    from this instead of source() directly.

    `required`: the columns without which no row of the source can be kept
    (its record id, and every column whose empty value rejects the row);
    an entry that is a list means "at least one of these".
    A bad value in a row rejects that row; a file that lacks a required
    column, is empty or is not comma-separated is a bad file, and the build
    stops on it with a message naming the file (see check_raw_files).
    `optional`: the source may have no file at all (reference/fx_rates).

    DuckDB: every file is checked, then the files are unioned by name with
    an empty relation of the declared columns. Other adapters: the loader
    already creates every declared column, so this is source() itself.
    When the source's system has another warehouse layout (var
    <system>_layout, macros/warehouse_layouts.sql), this is the ref() of its
    adapter model on every engine: the adapter outputs every declared column.
-#}
{% macro raw_source(source_name, table_name, required=[], optional=false) -%}
    {%- set adapter_relation = saas_metrics.layout_adapter(source_name, table_name) -%}
    {%- if adapter_relation is not none -%}{{ return(adapter_relation) }}{%- endif -%}
    {{ return(adapter.dispatch('raw_source', 'saas_metrics')(source_name, table_name, required, optional)) }}
{%- endmacro %}

{% macro default__raw_source(source_name, table_name, required=[], optional=false) -%}
    {{ source(source_name, table_name) }}
{%- endmacro %}

{% macro duckdb__raw_source(source_name, table_name, required=[], optional=false) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- if not execute -%}{{ return(relation) }}{%- endif -%}
    {%- set node = graph.sources.values() | selectattr('source_name', 'equalto', source_name) | selectattr('name', 'equalto', table_name) | first -%}
    {%- set declared_names = [] -%}
    {%- set declared = [] -%}
    {%- if node -%}
        {%- for column in node.columns.values() -%}
            {%- do declared_names.append(column.name | replace('"', '')) -%}
            {%- do declared.append('cast(null as varchar) as ' ~ adapter.quote(column.name | replace('"', ''))) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- do saas_metrics.check_raw_files(source_name, table_name, required, optional, declared_names) -%}
    {%- if declared -%}
    (select {{ declared | join(', ') }} where false union all by name select * from {{ relation }})
    {%- else -%}
    {{ relation }}
    {%- endif -%}
{%- endmacro %}

{#-
    DuckDB: stop the build on a raw file that cannot be read as specified as
    a whole (RAW_EXPORTS.md: UTF-8 CSV, ',' delimiter, a header row), with a
    message naming the file and the problem:
    - no file matches the source's pattern (unless the source is optional);
    - an empty file (no header line; a header-only file is valid, 0 rows);
    - a header line with no ',' but a ';', tab or '|': not comma-separated;
    - a header that names a column twice (compared case-insensitively after
      trimming; DuckDB would rename the second and its values would be lost);
    - a row that does not have the header's structure: an unclosed quote, a
      row with fewer fields than the header, a line of blank space only, text
      that is not UTF-8 (the message names the line; see check_raw_rows);
    - a required column missing from the header (compared case-insensitively,
      as DuckDB matches column names).
    Each file is read three times: its raw first line (never fails), every
    row without sniffing (check_raw_rows: one query, nothing materialised),
    and the column names as the sources' read_csv options see them.
-#}
{% macro check_raw_files(source_name, table_name, required, optional, declared_names) -%}
    {%- set raw_dir = env_var('SAAS_RAW_DIR', 'sample_data/raw') -%}
    {%- set declared_lower = declared_names | map('lower') | list -%}
    {%- for entry in required -%}
        {%- for column in ([entry] if entry is string else entry) if column | lower not in declared_lower -%}
            {{ exceptions.raise_compiler_error("raw_source('" ~ source_name ~ "', '" ~ table_name ~ "'): required column '" ~ column ~ "' is not declared in the source's YAML") }}
        {%- endfor -%}
    {%- endfor -%}
    {%- set files = saas_metrics.raw_source_files(source_name, table_name) -%}
    {%- if files | length == 0 and not optional -%}
        {{ exceptions.raise_compiler_error("Raw source " ~ source_name ~ "/" ~ table_name ~ ": no file matches " ~ source_name ~ "/" ~ table_name ~ "*.csv in SAAS_RAW_DIR=" ~ raw_dir ~ ". Every source of RAW_EXPORTS.md needs at least one file (a header row alone is enough when there is no data).") }}
    {%- endif -%}
    {%- for path in files -%}
        {%- set file_name = source_name ~ '/' ~ (path | replace('\\', '/')).split('/') | last -%}
        {%- set quoted_path = "'" ~ path | replace("'", "''") ~ "'" -%}
        {%- set first_line = run_query(
            "select line from read_csv(" ~ quoted_path ~ ", header = false, auto_detect = false, columns = {'line': 'varchar'}, delim = chr(1), quote = '', escape = '') limit 1"
        ) -%}
        {%- set header = (first_line.columns[0].values() | first) if first_line.rows | length > 0 else none -%}
        {%- if header is none or header | trim == '' -%}
            {{ exceptions.raise_compiler_error("Raw file " ~ file_name ~ " (in " ~ raw_dir ~ ") is empty: it has no header row. A file with no data must still have its header row; export it again or delete it.") }}
        {%- endif -%}
        {%- if ',' not in header -%}
            {%- for delimiter, label in [(';', "';'"), ('\t', 'a tab'), ('|', "'|'")] if delimiter in header -%}
                {{ exceptions.raise_compiler_error("Raw file " ~ file_name ~ " (in " ~ raw_dir ~ ") is not comma-separated: its header row has no ',' but " ~ label ~ " (" ~ header[:120] ~ "). Files must use ',' as the delimiter and '\"' as the quote; export it again as a comma-separated CSV.") }}
            {%- endfor -%}
        {%- endif -%}
        {%- set header_fields = saas_metrics.csv_header_fields(header) -%}
        {%- set seen = {} -%}
        {%- for field in header_fields -%}
            {%- set key = field | trim | lower -%}
            {%- if key in seen -%}
                {{ exceptions.raise_compiler_error("Raw file " ~ file_name ~ " (in " ~ raw_dir ~ "): its header names the column '" ~ field | trim ~ "' twice (columns " ~ (seen[key][0] + 1) ~ " and " ~ loop.index ~ ": '" ~ seen[key][1] ~ "' and '" ~ field ~ "'; names are compared ignoring case and surrounding spaces). The reader would keep the first and rename the second, so its values would be lost; export it again with each column once.") }}
            {%- endif -%}
            {%- do seen.update({key: (loop.index0, field)}) -%}
        {%- endfor -%}
        {%- set bad_row = saas_metrics.check_raw_rows(path, header_fields | length) -%}
        {%- if bad_row and bad_row[0] != 'TOO MANY COLUMNS' -%}
            {{ exceptions.raise_compiler_error("Raw file " ~ file_name ~ " (in " ~ raw_dir ~ "): " ~ bad_row[1]) }}
        {%- endif -%}
        {%- set read = run_query(
            "select * from read_csv(" ~ quoted_path ~ ", all_varchar = true, header = true, delim = ',', quote = '\"', escape = '\"') limit 0"
        ) -%}
        {%- set found = read.column_names | list -%}
        {%- set found_lower = found | map('lower') | list -%}
        {%- set missing = [] -%}
        {%- set described = [] -%}
        {%- for entry in required -%}
            {%- set alternatives = [entry] if entry is string else entry -%}
            {%- set label = "'" ~ alternatives | join("' or '") ~ "'" -%}
            {%- do described.append(label) -%}
            {%- if alternatives | map('lower') | select('in', found_lower) | list | length == 0 -%}
                {%- do missing.append(label) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if missing -%}
            {#- The first line names every required column, but the reader took
                another line as the header: DuckDB's sniffer does that when a
                row near the top has more fields than the header. -#}
            {%- set first_line_names = header.split(',') | map('trim') | map('replace', '"', '') | map('lower') | list -%}
            {%- set misread = [] -%}
            {%- for entry in required -%}
                {%- if ([entry] if entry is string else entry) | map('lower') | select('in', first_line_names) | list | length == 0 -%}
                    {%- do misread.append(entry) -%}
                {%- endif -%}
            {%- endfor -%}
            {{ exceptions.raise_compiler_error(
                "Raw file " ~ file_name ~ " (in " ~ raw_dir ~ "): required column "
                ~ missing | join(", ") ~ (" are" if missing | length > 1 else " is") ~ " missing"
                ~ " (columns found: '" ~ found | join("', '") ~ "'). Without "
                ~ ("them" if missing | length > 1 else "it") ~ " no row of the file can be read."
                ~ " Required columns of " ~ source_name ~ "/" ~ table_name ~ ": " ~ described | join(", ") ~ "."
                ~ ("" if misread else " The first line does name the required columns, but the CSV reader could not use it as the header: check that no row has more fields than the header (quoting).")
                ~ (" L" ~ bad_row[1][1:] if bad_row else "")
            ) }}
        {%- endif -%}
        {%- if bad_row -%}
            {{ exceptions.raise_compiler_error("Raw file " ~ file_name ~ " (in " ~ raw_dir ~ "): " ~ bad_row[1] ~ " Such a row cannot be read as a row of the file; export it again (quote values that hold a ',').") }}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro %}

{#-
    The fields of a CSV header line, split at ',' outside quotes ('"' quotes,
    '""' inside quotes is a '"'), without a UTF-8 BOM, a trailing CR and the
    quotes themselves. Spaces around a name are kept (compare trimmed).
-#}
{% macro csv_header_fields(line) -%}
    {%- set ns = namespace(fields=[], current='', quoted=false, just_closed=false) -%}
    {%- set text = line | replace('\ufeff', '') -%}
    {%- set text = text[:-1] if text.endswith('\r') else text -%}
    {%- for char in text -%}
        {%- if ns.quoted -%}
            {%- if char == '"' -%}
                {%- set ns.quoted = false -%}
                {%- set ns.just_closed = true -%}
            {%- else -%}
                {%- set ns.current = ns.current ~ char -%}
            {%- endif -%}
        {%- elif char == ',' -%}
            {%- do ns.fields.append(ns.current) -%}
            {%- set ns.current = '' -%}
            {%- set ns.just_closed = false -%}
        {%- elif char == '"' and (ns.just_closed or ns.current | trim == '') -%}
            {%- set ns.current = ns.current ~ ('"' if ns.just_closed else '') -%}
            {%- set ns.quoted = true -%}
            {%- set ns.just_closed = false -%}
        {%- else -%}
            {%- set ns.current = ns.current ~ char -%}
            {%- set ns.just_closed = false -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do ns.fields.append(ns.current) -%}
    {{ return(ns.fields) }}
{%- endmacro %}

{#-
    DuckDB: every row of one raw file read without sniffing (auto_detect =
    false, one text column per header field, the sources' delim/quote/escape,
    strict), its bad rows kept by DuckDB's store_rejects in the session's temp
    tables reject_errors/reject_scans. One query per file (the read and the
    look-up of its rejects, two statements), nothing materialised but the
    rejects. Returns [] when every row has the header's structure, else
    [DuckDB's error type, a sentence naming the line (a line of the file, the header being line 1;
    a quoted line break makes DuckDB count one row as one line) and what is
    wrong with it]. A row with more fields than the header is returned too,
    but check_raw_files reports it after the header read (which shows how the
    reader misread the file).
-#}
{% macro check_raw_rows(path, field_count) -%}
    {%- set quoted_path = "'" ~ path | replace("'", "''") ~ "'" -%}
    {%- set columns = [] -%}
    {%- for number in range(1, field_count + 1) -%}
        {%- do columns.append("'c" ~ number ~ "': 'varchar'") -%}
    {%- endfor -%}
    {%- set result = run_query(
        "select count(*) from read_csv(" ~ quoted_path ~ ", header = true, auto_detect = false, columns = {" ~ columns | join(', ') ~ "}, delim = ',', quote = '\"', escape = '\"', store_rejects = true, rejects_limit = 1000);\n"
        ~ "select errors.line, errors.error_type, errors.csv_line, errors.error_message"
        ~ " from reject_errors as errors inner join reject_scans as scans on errors.scan_id = scans.scan_id and errors.file_id = scans.file_id"
        ~ " where scans.file_path = " ~ quoted_path ~ " and errors.scan_id = (select max(scan_id) from reject_scans where file_path = " ~ quoted_path ~ ")"
        ~ " order by errors.line limit 1"
    ) -%}
    {%- if result.rows | length == 0 -%}{{ return([]) }}{%- endif -%}
    {%- set row = result.rows[0] -%}
    {%- set line, error_type, csv_line, error_message = row[0], row[1], row[2] or '', row[3] or '' -%}
    {%- set shown = csv_line.replace('\r', '').strip('\n').split('\n') | first -%}
    {%- set counts = modules.re.findall('[0-9]+', error_message) -%}
    {%- set found = counts[1] if counts | length > 1 else '?' -%}
    {%- if error_type == 'MISSING COLUMNS' and csv_line | trim == '' -%}
        {{ return([error_type, "line " ~ line ~ " holds only blank space ('" ~ csv_line.replace('\r', '').strip('\n') ~ "'): it is no row, and the reader cannot tell the file's structure. Delete that line (often a stray last line)."]) }}
    {%- elif error_type == 'MISSING COLUMNS' -%}
        {{ return([error_type, "line " ~ line ~ " has fewer fields (" ~ found ~ ") than the header (" ~ field_count ~ "): " ~ shown[:120] ~ ". Every row needs one field per header column (an empty value is an empty field, as in 'a,,c'); export it again."]) }}
    {%- elif error_type == 'TOO MANY COLUMNS' -%}
        {{ return([error_type, "line " ~ line ~ " has more fields (" ~ found ~ ") than the header (" ~ field_count ~ "): " ~ shown[:120] ~ "."]) }}
    {%- elif error_type == 'UNQUOTED VALUE' -%}
        {{ return([error_type, "line " ~ line ~ " has a quoted value that is not closed: a '\"' opens a value that has no closing '\"', or text follows the closing '\"' (" ~ shown[:120] ~ "). A '\"' inside a quoted value must be doubled; export it again."]) }}
    {%- elif error_type == 'INVALID ENCODING' -%}
        {{ return([error_type, "line " ~ line ~ " is not valid UTF-8 text; export the file again as UTF-8."]) }}
    {%- else -%}
        {{ return([error_type, "line " ~ line ~ " cannot be read: " ~ error_message ~ " (" ~ shown[:120] ~ ")."]) }}
    {%- endif -%}
{%- endmacro %}

{#-
    One row, column future_from: the first instant at which a Segment event
    (pages, tracks, identifies) is future-dated, i.e. the start of the month
    after the month of the latest activity of the other sources (the
    activity of int_activity_bounds without Segment: invoices issued,
    subscriptions, customers and CRM records created, surveys answered, ad
    spend). Null when those sources have no activity (then no event is
    future). An event in that month or before is kept, so a late event
    cannot move the reporting window, which ends the month before the month
    of the latest activity.
-#}
{% macro segment_future_from() -%}
    {%- set activity_columns = [
        ('stg_chargebee__invoices', 'invoice_date'),
        ('stg_chargebee__subscriptions', 'created_at'),
        ('stg_chargebee__customers', 'created_at'),
        ('stg_hubspot__contacts', 'created_at'),
        ('stg_hubspot__deals', 'created_at'),
        ('stg_hubspot__meetings', 'created_at'),
        ('stg_surveys__nps_responses', 'responded_at'),
        ('stg_marketing__ad_spend', 'spend_date'),
    ] -%}
    select
        cast({{ saas_metrics.add_months(saas_metrics.month_of('max(latest_activity_at)'), 1) }} as {{ dbt.type_timestamp() }}) as future_from
    from (
        {%- for model, column in activity_columns %}
        select max(cast({{ column }} as {{ dbt.type_timestamp() }})) as latest_activity_at
        from {{ ref(model) }}
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    ) as other_activity
{%- endmacro %}
