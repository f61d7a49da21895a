-- grain: one row per subscription of Fivetran's chargebee.subscription
-- (Product Catalog 1.0 plan columns; deleted records left out), as the
-- loader's billing__subscriptions: text columns, amounts in minor units,
-- ISO timestamps, _source_file (the EL table) and _row_number.
{%- set text_columns = ['id', 'customer_id', 'plan_id', 'plan_quantity', 'plan_unit_price', 'currency_code', 'billing_period', 'billing_period_unit', 'status'] %}
{%- set timestamp_columns = ['created_at', 'started_at', 'activated_at', 'trial_start', 'trial_end', 'current_term_start', 'current_term_end', 'cancelled_at'] %}

with

subscription as (

    select * from {{ saas_metrics.el_table('chargebee', 'subscription') }}

),

landed as (

    select *
    from subscription
    where not coalesce(_fivetran_deleted, false)

),

final as (

    select
        {%- for column in text_columns %}
        {{ saas_metrics.el_text(column) }} as {{ column }},
        {%- endfor %}
        {%- for column in timestamp_columns %}
        {{ saas_metrics.el_timestamp_text(column) }} as {{ column }},
        {%- endfor %}
        {{ saas_metrics.el_text('cancel_reason') }} as cancel_reason,
        {{ saas_metrics.el_timestamp_text('updated_at') }} as updated_at,
        '{{ saas_metrics.el_table('chargebee', 'subscription').identifier }}' as _source_file,
        cast(row_number() over (order by id) as {{ dbt.type_bigint() }}) as _row_number
    from landed

)

select * from final
