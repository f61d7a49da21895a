-- grain: one row per subscription of Airbyte's Chargebee stream
-- subscription (Product Catalog 1.0 plan fields), as the loader's
-- billing__subscriptions: text columns (amounts in minor units, instants as
-- epoch seconds), _source_file (the EL table) and _row_number.
{%- set text_columns = [
    'id', 'customer_id', 'plan_id', 'plan_quantity', 'plan_unit_price', 'currency_code', 'billing_period',
    'billing_period_unit', 'status', 'created_at', 'started_at', 'activated_at', 'trial_start', 'trial_end',
    'current_term_start', 'current_term_end', 'cancelled_at', 'cancel_reason', 'updated_at',
] %}

with

subscription as (

    select * from {{ saas_metrics.el_table('chargebee', 'subscription') }}

),

final as (

    select
        {%- for column in text_columns %}
        {{ saas_metrics.el_text(column) }} as {{ column }},
        {%- endfor %}
        '{{ saas_metrics.el_table('chargebee', 'subscription').identifier }}' as _source_file,
        cast(row_number() over (order by id) as {{ dbt.type_bigint() }}) as _row_number
    from subscription

)

select * from final
