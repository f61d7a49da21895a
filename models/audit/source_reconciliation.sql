-- grain: one row per raw source of saas_metrics.audited_sources(), also when
-- the source has no rows. rows_read counts the raw rows themselves, read
-- again from the source (in another warehouse layout: from the source's
-- adapter model, macros/warehouse_layouts.sql), not from the base model;
-- the fates are counted in the base model. So a row the base model lost,
-- counted twice (a fan-out join) or left without a fate breaks
-- rows_read = rows_kept + rows_rejected + rows_superseded (held by a test).
{%- set audited_sources = saas_metrics.audited_sources() %}
{#- An optional source is read from a seed when the raw folder has no file
    for it, as its base model does. #}
{%- set fallback_seeds = {'reference.fx_rates': 'fx_rates'} %}

with

{% for audited in audited_sources -%}
{%- set raw_relation = saas_metrics.raw_relation(audited.source, audited.table) %}
{%- if audited.source_name in fallback_seeds %}
{%- set seed_relation = ref(fallback_seeds[audited.source_name]) %}
{%- if not saas_metrics.raw_source_exists(audited.source, audited.table) %}
{%- set raw_relation = seed_relation %}
{%- endif %}
{%- endif %}
{{ audited.model }}_read as (

    select count(*) as rows_read
    from {{ raw_relation }}

),

{{ audited.model }}_fates as (

    select
        sum(case when row_fate = 'kept' then 1 else 0 end) as rows_kept,
        sum(case when row_fate = 'rejected' then 1 else 0 end) as rows_rejected,
        sum(case when row_fate = 'superseded' then 1 else 0 end) as rows_superseded
    from {{ ref(audited.model) }}

),

{% endfor -%}
unioned as (

    {% for audited in audited_sources -%}
    select
        '{{ audited.source_name }}' as source_name,
        {{ audited.model }}_read.rows_read,
        {{ audited.model }}_fates.rows_kept,
        {{ audited.model }}_fates.rows_rejected,
        {{ audited.model }}_fates.rows_superseded
    from {{ audited.model }}_read
    cross join {{ audited.model }}_fates
    {% if not loop.last %}union all
    {% endif %}
    {%- endfor %}

),

final as (

    select
        source_name,
        cast(rows_read as {{ dbt.type_bigint() }}) as rows_read,
        cast(coalesce(rows_kept, 0) as {{ dbt.type_bigint() }}) as rows_kept,
        cast(coalesce(rows_rejected, 0) as {{ dbt.type_bigint() }}) as rows_rejected,
        cast(coalesce(rows_superseded, 0) as {{ dbt.type_bigint() }}) as rows_superseded
    from unioned

)

select * from final
