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
        {%- set relation = adapter.get_relation(database=target.database, schema=env_var('SAAS_RAW_SCHEMA', 'raw'), identifier=saas_metrics.raw_folder(source_name) ~ '__' ~ table_name) -%}
    {%- endif -%}
    {{ return(relation is not none) }}
{%- endmacro %}

{#- The folder of SAAS_RAW_DIR that holds a raw source's files, as
    docs/inputs.md names it: the source's meta raw_folder in its YAML
    (billing for the source chargebee, crm for hubspot, events for segment),
    else the source's name. The rejected rows and the reconciliation name a
    raw table by it (billing.customers), and so do the messages about raw
    files. -#}
{% macro raw_folder(source_name) -%}
    {%- set node = graph.get('sources', {}).values() | selectattr('source_name', 'equalto', source_name) | first -%}
    {%- set meta = (node.config.meta if node and node.config and node.config.meta else (node.meta if node else {})) or {} -%}
    {{ return(meta.get('raw_folder') or source_name) }}
{%- endmacro %}

{#- DuckDB: the files of a raw source, full paths in name order: the files
    of SAAS_RAW_DIR/<raw folder>/ that match one of its file patterns
    (raw_file_patterns). -#}
{% macro raw_source_files(source_name, table_name) -%}
    {%- set folder = env_var('SAAS_RAW_DIR', 'sample_data/raw') ~ '/' ~ saas_metrics.raw_folder(source_name) ~ '/' -%}
    {%- set globs = [] -%}
    {%- for pattern in saas_metrics.raw_file_patterns(source_name, table_name) -%}
        {%- do globs.append("select file from glob('" ~ (folder ~ pattern) | replace("'", "''") ~ "')") -%}
    {%- endfor -%}
    {%- set result = run_query("select distinct file from (" ~ globs | join(' union all ') ~ ") as files order by file") -%}
    {{ return(result.columns[0].values() | list) }}
{%- endmacro %}

{#- The file name patterns of a raw source inside its folder: the table's
    `files` (config.meta of the sources' YAML: the names another tool gives
    its export, e.g. Chargebee's Subscriptions.csv), else the contract's
    <table>*.csv (.csv in any case, e.g. .CSV: the pattern of the sources'
    external_location). The loader reads the same YAML. -#}
{% macro raw_file_patterns(source_name, table_name) -%}
    {%- set default = [table_name ~ '*.[cC][sS][vV]'] -%}
    {%- if not execute -%}{{ return(default) }}{%- endif -%}
    {%- set node = graph.get('sources', {}).values() | selectattr('source_name', 'equalto', source_name) | selectattr('name', 'equalto', table_name) | first -%}
    {%- set meta = (node.config.meta if node and node.config and node.config.meta else (node.meta if node else {})) or {} -%}
    {{ return(meta.get('files') or default) }}
{%- endmacro %}

{#- The header aliases of a raw source (seeds/reference/raw_column_aliases.csv,
    read from the seed's file, so that a build reads them before the seed
    is loaded): {'aliases': {alias: column}, 'prefixes': [prefix]}, aliases
    and prefixes trimmed and lower-cased. A row whose alias ends with '.*'
    and whose column is '*' is an entity prefix: a header '<prefix>.<name>'
    is the column <name>. A row naming a column the source does not declare
    stops the build (a typo in the seed would else be ignored). -#}
{% macro raw_column_aliases(source_name, table_name, declared_names) -%}
    {%- set found = {'aliases': {}, 'prefixes': []} -%}
    {%- set seed = graph.nodes.values() | selectattr('resource_type', 'equalto', 'seed') | selectattr('name', 'equalto', 'raw_column_aliases') | first -%}
    {%- if not execute or not seed -%}{{ return(found) }}{%- endif -%}
    {%- set path = seed.root_path ~ '/' ~ seed.original_file_path -%}
    {%- set rows = run_query(
        "select lower(trim(alias)), trim(column_name) from read_csv('" ~ path | replace("'", "''") ~ "', all_varchar = true, header = true)"
        ~ " where lower(trim(source)) = '" ~ saas_metrics.raw_folder(source_name) | lower ~ "' and lower(trim(table_name)) = '" ~ table_name | lower ~ "'"
    ) -%}
    {%- set declared_lower = declared_names | map('lower') | list -%}
    {%- for alias, column in rows.rows -%}
        {%- if alias.endswith('.*') and column == '*' -%}
            {%- do found.prefixes.append(alias[:-1]) -%}
        {%- elif column | lower in declared_lower -%}
            {%- do found.aliases.update({alias: declared_names[declared_lower.index(column | lower)]}) -%}
        {%- else -%}
            {{ exceptions.raise_compiler_error("seeds/reference/raw_column_aliases.csv: the alias '" ~ alias ~ "' of " ~ saas_metrics.raw_folder(source_name) ~ "/" ~ table_name ~ " names the column '" ~ column ~ "', which " ~ saas_metrics.raw_folder(source_name) ~ "/" ~ table_name ~ " does not have (its columns: " ~ declared_names | join(', ') ~ "). Fix the row's column_name.") }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(found) }}
{%- endmacro %}

{#- The columns of one raw file that are another name of a declared column:
    {file column: declared column}. A header is compared trimmed and
    case-insensitively: first with the declared columns (the contract's
    names, the identity: left out of the result unless only spaces
    differ), then with the aliases, then with the entity prefixes
    (raw_column_aliases). Any other header is an extra column, ignored. Two
    headers of the file that are the same declared column stop the build
    with a message naming both. -#}
{% macro raw_column_mapping(file_name, file_columns, declared_names, aliases) -%}
    {%- set declared_lower = declared_names | map('lower') | list -%}
    {%- set mapping = {} -%}
    {%- set claimed = {} -%}
    {%- for column in file_columns -%}
        {%- set key = column | trim | lower -%}
        {%- set ns = namespace(target=none) -%}
        {%- if key in declared_lower -%}
            {%- set ns.target = declared_names[declared_lower.index(key)] -%}
        {%- elif key in aliases.aliases -%}
            {%- set ns.target = aliases.aliases[key] -%}
        {%- else -%}
            {%- for prefix in aliases.prefixes if ns.target is none and key.startswith(prefix) and key[prefix | length:] in declared_lower -%}
                {%- set ns.target = declared_names[declared_lower.index(key[prefix | length:])] -%}
            {%- endfor -%}
        {%- endif -%}
        {%- if ns.target is not none -%}
            {%- if ns.target | lower in claimed -%}
                {{ exceptions.raise_compiler_error("Raw file " ~ file_name ~ ": the columns '" ~ claimed[ns.target | lower] ~ "' and '" ~ column ~ "' are both the column '" ~ ns.target ~ "' (seeds/reference/raw_column_aliases.csv), so the file gives two values for it. Export it again with one of them, or delete one of the columns.") }}
            {%- endif -%}
            {%- do claimed.update({ns.target | lower: column}) -%}
            {%- if column | lower != ns.target | lower -%}
                {%- do mapping.update({column: ns.target}) -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(mapping) }}
{%- endmacro %}

{#- DuckDB: the column names of one raw file as the sources' read_csv
    options see them (nothing read but the header and a sniff). -#}
{% macro raw_file_columns(path) -%}
    {%- set read = run_query(
        "select * from read_csv('" ~ path | replace("'", "''") ~ "', all_varchar = true, header = true, delim = ',', quote = '\"', escape = '\"') limit 0"
    ) -%}
    {{ return(read.column_names | list) }}
{%- endmacro %}

{#- DuckDB: the rows of a raw source as the sources' external_location reads
    them (every file unioned by name, _source_file, _row_number over the
    files in name order), but from the file list of raw_source_files, with
    the renames of raw_column_mapping applied ({path: {file column: declared
    column}}): each declared column is the coalesce of the names it has in
    the files (a file has one of them at most, so this is its value). The
    source itself when every file matches the contract's pattern and no
    header needs a rename (the sources' SQL, unchanged), or when there is
    no file. -#}
{% macro duckdb_raw_read(source_name, table_name, files, mappings) -%}
    {%- set contract_files = saas_metrics.raw_contract_files(source_name, table_name) -%}
    {%- set renamed = {} -%}
    {%- for path in files -%}
        {%- for column, target in mappings.get(path, {}).items() -%}
            {%- set names = renamed.setdefault(target, []) -%}
            {%- if column | lower not in names | map('lower') | list -%}{%- do names.append(column) -%}{%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if not files or (not renamed and files == contract_files) -%}
        {{ return(source(source_name, table_name)) }}
    {%- endif -%}
    {%- set all_columns = [] -%}
    {%- for path in files -%}
        {%- for column in saas_metrics.raw_file_columns(path) if column | lower not in all_columns -%}
            {%- do all_columns.append(column | lower) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set excluded = ['_source_path'] -%}
    {%- set coalesced = [] -%}
    {%- for target, names in renamed.items() -%}
        {%- set parts = ([target] if target | lower in all_columns else []) + names -%}
        {%- do excluded.extend(parts) -%}
        {%- set quoted = [] -%}
        {%- for name in parts -%}{%- do quoted.append(adapter.quote(name)) -%}{%- endfor -%}
        {%- do coalesced.append('coalesce(' ~ quoted | join(', ') ~ ') as ' ~ adapter.quote(target) if parts | length > 1 else quoted[0] ~ ' as ' ~ adapter.quote(target)) -%}
    {%- endfor -%}
    {%- set quoted_excluded = [] -%}
    {%- for name in excluded -%}{%- do quoted_excluded.append(adapter.quote(name)) -%}{%- endfor -%}
    {%- set quoted_files = [] -%}
    {%- for path in files -%}{%- do quoted_files.append("'" ~ path | replace("'", "''") ~ "'") -%}{%- endfor -%}
    {{ return("(select * exclude (" ~ quoted_excluded | join(', ') ~ "), "
        ~ (coalesced | join(', ') ~ ", " if coalesced else "")
        ~ "parse_filename(_source_path) as _source_file, row_number() over () as _row_number"
        ~ " from read_csv([" ~ quoted_files | join(', ') ~ "], all_varchar = true, union_by_name = true, header = true, delim = ',', quote = '\"', escape = '\"', filename = '_source_path'))") }}
{%- endmacro %}

{#- DuckDB: the files of a raw source that its external_location reads (the
    contract's pattern <table>*.csv). -#}
{% macro raw_contract_files(source_name, table_name) -%}
    {%- set pattern = env_var('SAAS_RAW_DIR', 'sample_data/raw') ~ '/' ~ saas_metrics.raw_folder(source_name) ~ '/' ~ table_name ~ '*.[cC][sS][vV]' -%}
    {%- set result = run_query("select file from glob('" ~ pattern | replace("'", "''") ~ "') order by file") -%}
    {{ return(result.columns[0].values() | list) }}
{%- endmacro %}

{#- DuckDB: raw_column_mapping of every file of a raw source, without the
    checks of check_raw_files (the audit's read of the raw rows). -#}
{% macro raw_source_mappings(source_name, table_name, files) -%}
    {%- set declared_names = saas_metrics.declared_raw_columns(source_name, table_name) -%}
    {%- set aliases = saas_metrics.raw_column_aliases(source_name, table_name, declared_names) -%}
    {%- set mappings = {} -%}
    {%- for path in files -%}
        {%- do mappings.update({path: saas_metrics.raw_column_mapping(saas_metrics.raw_folder(source_name) ~ '/' ~ path.split('/') | last, saas_metrics.raw_file_columns(path), declared_names, aliases)}) -%}
    {%- endfor -%}
    {{ return(mappings) }}
{%- endmacro %}

{#- The column names a raw source's YAML declares. -#}
{% macro declared_raw_columns(source_name, table_name) -%}
    {%- set node = graph.get('sources', {}).values() | selectattr('source_name', 'equalto', source_name) | selectattr('name', 'equalto', table_name) | first -%}
    {%- set names = [] -%}
    {%- if node -%}
        {%- for column in node.columns.values() -%}{%- do names.append(column.name | replace('"', '')) -%}{%- endfor -%}
    {%- endif -%}
    {{ return(names) }}
{%- endmacro %}

{#-
    A raw source with every column its YAML declares, even when the files
    lack some (docs/inputs.md: "a missing optional column is null"); extra
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
{#- `files`: only the rows of these raw files (file names; an incremental
    run, macros/incremental_raw.sql), none: every file. -#}
{% macro raw_source(source_name, table_name, required=[], optional=false, files=none) -%}
    {%- set adapter_relation = saas_metrics.layout_adapter(source_name, table_name) -%}
    {%- if adapter_relation is not none -%}{{ return(adapter_relation) }}{%- endif -%}
    {{ return(adapter.dispatch('raw_source', 'saas_metrics')(source_name, table_name, required, optional, files)) }}
{%- endmacro %}

{% macro default__raw_source(source_name, table_name, required=[], optional=false, files=none) -%}
    {%- if files is none -%}
    {{ source(source_name, table_name) }}
    {%- else -%}
    {%- set quoted = [] -%}
    {%- for name in files -%}{%- do quoted.append("'" ~ name | replace("'", "''") ~ "'") -%}{%- endfor -%}
    (select * from {{ source(source_name, table_name) }} where {{ '_source_file in (' ~ quoted | join(', ') ~ ')' if quoted else '1 = 0' }})
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__raw_source(source_name, table_name, required=[], optional=false, files=none) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- if not execute -%}{{ return(relation) }}{%- endif -%}
    {%- set declared_names = saas_metrics.declared_raw_columns(source_name, table_name) -%}
    {%- set declared = [] -%}
    {%- for name in declared_names -%}
        {%- do declared.append('cast(null as varchar) as ' ~ adapter.quote(name)) -%}
    {%- endfor -%}
    {%- set paths = [] -%}
    {%- for path in saas_metrics.raw_source_files(source_name, table_name) if files is none or path.split('/') | last in files -%}
        {%- do paths.append(path) -%}
    {%- endfor -%}
    {%- if files is not none and not paths -%}
    {{ return('(select ' ~ (declared + ['cast(null as varchar) as _source_file', 'cast(null as bigint) as _row_number']) | join(', ') ~ ' where false)') }}
    {%- endif -%}
    {%- set mappings = saas_metrics.check_raw_files(source_name, table_name, required, optional, declared_names, paths) -%}
    {%- set read = saas_metrics.duckdb_raw_read(source_name, table_name, paths, mappings) -%}
    {%- if declared -%}
    (select {{ declared | join(', ') }} where false union all by name select * from {{ read }})
    {%- else -%}
    {{ read }}
    {%- endif -%}
{%- endmacro %}

{#-
    DuckDB: stop the build on a raw file that cannot be read as specified as
    a whole (docs/inputs.md: UTF-8 CSV, ',' delimiter, a header row), with a
    message naming the file and the problem:
    - no file matches the source's pattern (unless the source is optional);
    - an empty file (no header line; a header-only file is valid, 0 rows);
    - a header line with no ',' but a ';', tab or '|': not comma-separated;
    - a header that names a column twice (compared case-insensitively after
      trimming; DuckDB would rename the second and its values would be lost);
    - a row that does not have the header's structure: an unclosed quote, a
      row with fewer fields than the header, a line of blank space only, text
      that is not UTF-8 (the message names the line; see check_raw_rows);
    - two header columns that are the same declared column by the header
      aliases (raw_column_mapping);
    - a required column missing from the header (compared case-insensitively,
      as DuckDB matches column names, after the header aliases).
    Returns {path: raw_column_mapping of the file} for duckdb_raw_read.
    Each file is read three times: its raw first line (never fails), every
    row without sniffing (check_raw_rows: one query, nothing materialised),
    and the column names as the sources' read_csv options see them.
-#}
{% macro check_raw_files(source_name, table_name, required, optional, declared_names, files) -%}
    {%- set raw_dir = env_var('SAAS_RAW_DIR', 'sample_data/raw') -%}
    {%- set aliases = saas_metrics.raw_column_aliases(source_name, table_name, declared_names) -%}
    {%- set mappings = {} -%}
    {%- set declared_lower = declared_names | map('lower') | list -%}
    {%- for entry in required -%}
        {%- for column in ([entry] if entry is string else entry) if column | lower not in declared_lower -%}
            {{ exceptions.raise_compiler_error("raw_source('" ~ source_name ~ "', '" ~ table_name ~ "'): required column '" ~ column ~ "' is not declared in the source's YAML") }}
        {%- endfor -%}
    {%- endfor -%}
    {%- if files | length == 0 and not optional -%}
        {{ exceptions.raise_compiler_error("Raw source " ~ saas_metrics.raw_folder(source_name) ~ "/" ~ table_name ~ ": no file matches " ~ saas_metrics.raw_folder(source_name) ~ "/" ~ table_name ~ "*.csv" ~ (" (or " ~ saas_metrics.raw_file_patterns(source_name, table_name)[1:] | join(', ') ~ ")" if saas_metrics.raw_file_patterns(source_name, table_name) | length > 1 else "") ~ " in SAAS_RAW_DIR=" ~ raw_dir ~ ". Every source of docs/inputs.md needs at least one file (a header row alone is enough when there is no data).") }}
    {%- endif -%}
    {%- for path in files -%}
        {%- set file_name = saas_metrics.raw_folder(source_name) ~ '/' ~ (path | replace('\\', '/')).split('/') | last -%}
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
        {%- set mapping = saas_metrics.raw_column_mapping(file_name, found, declared_names, aliases) -%}
        {%- do mappings.update({path: mapping}) -%}
        {%- set found_lower = [] -%}
        {%- for column in found -%}{%- do found_lower.append(mapping.get(column, column) | lower) -%}{%- endfor -%}
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
            {%- set first_line_names = [] -%}
            {%- set first_line_mapping = saas_metrics.raw_column_mapping(file_name, header_fields, declared_names, aliases) -%}
            {%- for field in header_fields -%}{%- do first_line_names.append(first_line_mapping.get(field, field) | trim | lower) -%}{%- endfor -%}
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
                ~ " Required columns of " ~ saas_metrics.raw_folder(source_name) ~ "/" ~ table_name ~ ": " ~ described | join(", ") ~ "."
                ~ ("" if misread else " The first line does name the required columns, but the CSV reader could not use it as the header: check that no row has more fields than the header (quoting).")
                ~ (" L" ~ bad_row[1][1:] if bad_row else "")
            ) }}
        {%- endif -%}
        {%- if bad_row -%}
            {{ exceptions.raise_compiler_error("Raw file " ~ file_name ~ " (in " ~ raw_dir ~ "): " ~ bad_row[1] ~ " Such a row cannot be read as a row of the file; export it again (quote values that hold a ',').") }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(mappings) }}
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

{#- DuckDB, for scripts/load_raw_to_warehouse.py: the files of every raw
    source (every file name pattern of its YAML) and the column renames of
    raw_column_mapping per file, printed as one JSON line after the marker
    `raw_load_plan:`, so the loader reads the files and applies the header
    aliases exactly as a DuckDB build does (the rule lives here only).
    `dbt run-operation raw_load_plan` with SAAS_RAW_DIR set. -#}
{% macro raw_load_plan() -%}
    {%- set plan = {} -%}
    {%- for node in graph.get('sources', {}).values() | sort(attribute='unique_id') -%}
        {%- set files = saas_metrics.raw_source_files(node.source_name, node.name) -%}
        {%- do plan.update({node.source_name ~ '/' ~ node.name: {
            'files': files,
            'renames': saas_metrics.raw_source_mappings(node.source_name, node.name, files),
        }}) -%}
    {%- endfor -%}
    {{ print('raw_load_plan: ' ~ tojson(plan)) }}
{%- endmacro %}
