-- grain: one row per raw row that was not used: rejected rows with their
-- reason (a short stable code) and detail (column and value), and older
-- versions of a record or duplicate deliveries with reason 'superseded'.
{%- set sources = saas_metrics.audited_sources() %}

with

{% for source in sources -%}
{{ source.model }} as (

    select
        '{{ source.source_name }}' as source_name,
        source_file,
        source_row_number,
        {{ source.record_id }} as record_id,
        row_fate,
        reject_reason,
        reject_detail,
        raw_row
    from {{ ref(source.model) }}
    where row_fate != 'kept'

),

{% endfor -%}
unioned as (

    {% for source in sources -%}
    select * from {{ source.model }}
    {% if not loop.last %}union all
    {% endif %}
    {%- endfor %}

),

final as (

    select
        source_name,
        source_file,
        cast(source_row_number as {{ dbt.type_bigint() }}) as source_row_number,
        cast(record_id as {{ dbt.type_string() }}) as record_id,
        case when row_fate = 'superseded' then 'superseded' else reject_reason end as reason,
        case
            when row_fate = 'superseded'
                then 'an older version or a duplicate delivery of this record'
            else reject_detail
        end as detail,
        raw_row
    from unioned

)

select * from final
