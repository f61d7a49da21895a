-- grain: one row per invoice of Fivetran's chargebee.invoice (deleted
-- records left out), as the loader's billing__invoices: text columns,
-- amounts in minor units, ISO timestamps, 'true'/'false', _source_file (the
-- EL table) and _row_number.
{%- set text_columns = ['id', 'customer_id', 'subscription_id', 'status'] %}
{%- set amount_columns = ['currency_code', 'sub_total', 'tax', 'total', 'amount_paid', 'amount_due'] %}

with

invoice as (

    select * from {{ saas_metrics.el_table('chargebee', 'invoice') }}

),

landed as (

    select *
    from invoice
    where not coalesce(_fivetran_deleted, false)

),

final as (

    select
        {%- for column in text_columns %}
        {{ saas_metrics.el_text(column) }} as {{ column }},
        {%- endfor %}
        {{ saas_metrics.el_timestamp_text(adapter.quote('date')) }} as {{ adapter.quote('date') }},
        {{ saas_metrics.el_timestamp_text('due_date') }} as due_date,
        {{ saas_metrics.el_timestamp_text('paid_at') }} as paid_at,
        {%- for column in amount_columns %}
        {{ saas_metrics.el_text(column) }} as {{ column }},
        {%- endfor %}
        {{ saas_metrics.el_boolean_text('recurring') }} as recurring,
        {{ saas_metrics.el_timestamp_text('updated_at') }} as updated_at,
        '{{ saas_metrics.el_table('chargebee', 'invoice').identifier }}' as _source_file,
        cast(row_number() over (order by id) as {{ dbt.type_bigint() }}) as _row_number
    from landed

)

select * from final
