-- grain: one row per raw source. Every raw row is counted once:
-- rows_read = rows_kept + rows_rejected + rows_superseded (held by a test).
{%- set sources = saas_metrics.audited_sources() %}

with

unioned as (

    {% for source in sources -%}
    select
        '{{ source.source_name }}' as source_name,
        row_fate
    from {{ ref(source.model) }}
    {% if not loop.last %}union all
    {% endif %}
    {%- endfor %}

),

final as (

    select
        source_name,
        cast(count(*) as {{ dbt.type_bigint() }}) as rows_read,
        cast(sum(case when row_fate = 'kept' then 1 else 0 end) as {{ dbt.type_bigint() }}) as rows_kept,
        cast(sum(case when row_fate = 'rejected' then 1 else 0 end) as {{ dbt.type_bigint() }}) as rows_rejected,
        cast(sum(case when row_fate = 'superseded' then 1 else 0 end) as {{ dbt.type_bigint() }}) as rows_superseded
    from unioned
    group by source_name

)

select * from final
