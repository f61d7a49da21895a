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
    {%- set pattern = env_var('SAAS_RAW_DIR', 'sample_data/raw') ~ '/' ~ source_name ~ '/' ~ table_name ~ '*.csv' -%}
    {%- set result = run_query("select count(*) from glob('" ~ pattern | replace("'", "''") ~ "')") -%}
    {{ return(result.columns[0].values()[0] > 0) }}
{%- endmacro %}

{% macro default__raw_source_exists(source_name, table_name) -%}
    {%- if not execute -%}{{ return(false) }}{%- endif -%}
    {%- set node = graph.sources.values() | selectattr('source_name', 'equalto', source_name) | selectattr('name', 'equalto', table_name) | first -%}
    {%- set relation = adapter.get_relation(database=node.database, schema=node.schema, identifier=node.identifier) -%}
    {{ return(relation is not none) }}
{%- endmacro %}

{#-
    A raw source with every column its YAML declares, even when the files
    lack some (RAW_EXPORTS.md: "a missing optional column is null"); extra
    columns of the files are kept and ignored downstream. Base models select
    from this instead of source() directly.
    DuckDB: the files are unioned by name with an empty relation of the
    declared columns. Other adapters: the loader already creates every
    declared column, so this is source() itself.
-#}
{% macro raw_source(source_name, table_name) -%}
    {{ return(adapter.dispatch('raw_source', 'saas_metrics')(source_name, table_name)) }}
{%- endmacro %}

{% macro default__raw_source(source_name, table_name) -%}
    {{ source(source_name, table_name) }}
{%- endmacro %}

{% macro duckdb__raw_source(source_name, table_name) -%}
    {%- set relation = source(source_name, table_name) -%}
    {%- if not execute -%}{{ return(relation) }}{%- endif -%}
    {%- set node = graph.sources.values() | selectattr('source_name', 'equalto', source_name) | selectattr('name', 'equalto', table_name) | first -%}
    {%- set declared = [] -%}
    {%- if node -%}
        {%- for column in node.columns.values() -%}
            {%- do declared.append('cast(null as varchar) as ' ~ adapter.quote(column.name | replace('"', ''))) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if declared -%}
    (select {{ declared | join(', ') }} where false union all by name select * from {{ relation }})
    {%- else -%}
    {{ relation }}
    {%- endif -%}
{%- endmacro %}
