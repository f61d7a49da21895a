{#-
    Least privilege for the BI tool (docs/least_privilege.md). dbt's
    `grants` config (dbt_project.yml, the marts) grants SELECT on each
    table it builds, but a role also needs USAGE on a table's schema
    to reach it, and GRANT fails when the role does not exist. The two hooks
    below complete the config; both read the grantees from the models'
    `grants` config, so no role name is written here.
    PostgreSQL only: on every other engine (DuckDB, Spark) they do nothing,
    as the config itself grants nothing there.
-#}

{#- The grantees (sorted, unique) of the `grants` config of a list of nodes. -#}
{% macro grantees_of(nodes) -%}
    {%- set grantees = [] -%}
    {%- for node in nodes -%}
        {%- for privilege, roles in (node.config.grants or {}).items() -%}
            {%- for role in ([roles] if roles is string else roles) if role not in grantees -%}
                {%- do grantees.append(role) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(grantees | sort) }}
{%- endmacro %}

{#-
    on-run-start hook: before a run or build that builds a model with grants,
    stop with a clear message when a grantee role does not exist (instead of
    a GRANT error after the first mart is built).
-#}
{% macro check_grantee_roles() -%}
    {{ return(adapter.dispatch('check_grantee_roles', 'saas_metrics')()) }}
{%- endmacro %}

{% macro default__check_grantee_roles() -%}
    select 1
{%- endmacro %}

{% macro postgres__check_grantee_roles() -%}
    {%- if not execute or flags.WHICH not in ['run', 'build', 'retry'] -%}
        {{ return('select 1') }}
    {%- endif -%}
    {%- set models = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.unique_id in selected_resources -%}
        {%- do models.append(node) -%}
    {%- endfor -%}
    {%- set grantees = saas_metrics.grantees_of(models) -%}
    {%- if grantees -%}
        {%- set existing = run_query('select rolname from pg_catalog.pg_roles').columns[0].values() -%}
        {%- for role in grantees if role not in existing -%}
            {{ exceptions.raise_compiler_error(
                "role " ~ role ~ " does not exist: create it, see docs/least_privilege.md"
                ~ " (on the local server of scripts/postgres.sh: scripts/postgres.sh start creates it)") }}
        {%- endfor -%}
    {%- endif -%}
    select 1
{%- endmacro %}

{#-
    on-run-end hook: USAGE on the schema of every model with grants that was
    built in this run, to its grantees (dbt grants on tables only). With the
    project's config: USAGE on schema marts to SAAS_BI_READER_ROLE.
-#}
{% macro grant_schema_usage(results) -%}
    {{ return(adapter.dispatch('grant_schema_usage', 'saas_metrics')(results)) }}
{%- endmacro %}

{% macro default__grant_schema_usage(results) -%}
    select 1
{%- endmacro %}

{% macro postgres__grant_schema_usage(results) -%}
    {%- if not execute -%}
        {{ return('select 1') }}
    {%- endif -%}
    {%- set by_schema = {} -%}
    {%- for result in results if result.status == 'success' and result.node.resource_type == 'model' -%}
        {%- do by_schema.setdefault(result.node.schema, []).append(result.node) -%}
    {%- endfor -%}
    {%- set statements = [] -%}
    {%- for schema in by_schema | sort -%}
        {%- for role in saas_metrics.grantees_of(by_schema[schema]) -%}
            {%- do statements.append('grant usage on schema ' ~ adapter.quote(schema) ~ ' to ' ~ adapter.quote(role)) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return((statements | join(';\n')) if statements else 'select 1') }}
{%- endmacro %}
