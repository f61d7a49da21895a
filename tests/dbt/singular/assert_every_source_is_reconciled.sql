-- Every source declared in the project's sources YAML files has its row in
-- audit.source_reconciliation (named by its raw folder and table, e.g.
-- billing.customers for the source chargebee), and every row there is a declared source, so
-- a new source cannot be left out of the audit (declare it in
-- macros/audited_sources.sql with its base model). Returns each source
-- that is on one side only.
{%- set declared = [] %}
{%- if execute %}
{%- for node in graph.sources.values() if node.package_name == project_name %}
{%- do declared.append(saas_metrics.raw_folder(node.source_name) ~ '.' ~ node.name) %}
{%- endfor %}
{%- endif %}

with

declared_sources as (

    {% if declared -%}
    {% for source_name in declared | sort -%}
    select '{{ source_name }}' as source_name
    {% if not loop.last %}union all
    {% endif %}
    {%- endfor %}
    {%- else -%}
    select cast(null as {{ dbt.type_string() }}) as source_name
    where 1 = 0
    {%- endif %}

),

reconciled as (

    select source_name
    from {{ ref('source_reconciliation') }}

),

not_reconciled as (

    select
        declared_sources.source_name,
        'declared in a sources YAML file, missing from source_reconciliation' as problem
    from declared_sources
    left join reconciled
        on declared_sources.source_name = reconciled.source_name
    where reconciled.source_name is null

),

not_declared as (

    select
        reconciled.source_name,
        'in source_reconciliation, not a declared source' as problem
    from reconciled
    left join declared_sources
        on reconciled.source_name = declared_sources.source_name
    where declared_sources.source_name is null

)

select * from not_reconciled
union all
select * from not_declared
