{#-
    on-run-start hook: on DuckDB, load any seed whose table does not exist
    yet straight from its CSV (with its configured column_types), so that a
    plain `dbt run` works on a fresh database. `dbt seed` / `dbt build`
    still (re)load seeds as usual. Other adapters: nothing (run dbt seed).
-#}
{% macro bootstrap_missing_seeds() -%}
    {{ return(adapter.dispatch('bootstrap_missing_seeds', 'saas_metrics')()) }}
{%- endmacro %}

{% macro default__bootstrap_missing_seeds() -%}
    select 1
{%- endmacro %}

{% macro duckdb__bootstrap_missing_seeds() -%}
    {%- if not execute or flags.WHICH not in ['run', 'test', 'compile'] -%}
        {{ return('select 1') }}
    {%- endif -%}
    {%- set statements = [] -%}
    {%- for seed in graph.nodes.values() if seed.resource_type == 'seed' -%}
        {%- set relation = adapter.get_relation(database=seed.database, schema=seed.schema, identifier=seed.alias) -%}
        {%- if relation is none -%}
            {%- set target_relation = api.Relation.create(database=seed.database, schema=seed.schema, identifier=seed.alias) -%}
            {%- set column_types = seed.config.column_types or {} -%}
            {%- set path = seed.root_path ~ '/' ~ seed.original_file_path -%}
            {%- set columns = [] -%}
            {%- for name, type in column_types.items() -%}
                {%- do columns.append('cast(' ~ adapter.quote(name) ~ ' as ' ~ type ~ ') as ' ~ adapter.quote(name)) -%}
            {%- endfor -%}
            {%- do statements.append('create schema if not exists ' ~ adapter.quote(seed.schema)) -%}
            {%- do statements.append(
                'create table ' ~ target_relation ~ ' as select * '
                ~ ('replace (' ~ columns | join(', ') ~ ') ' if columns else '')
                ~ "from read_csv('" ~ path ~ "', header = true)"
            ) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return((statements | join(';\n')) if statements else 'select 1') }}
{%- endmacro %}
