-- grain: one row. The first and latest activity timestamps of the raw
-- folder: when things happened (invoices issued, subscriptions, customers
-- and CRM records created, events tracked, surveys answered, ad spend
-- incurred), not when records were last modified, fall due or are paid.
-- The latest one fixes the reporting window (see int_reporting_months).
{%- set activity_columns = [
    ('stg_chargebee__invoices', 'invoice_date'),
    ('stg_chargebee__subscriptions', 'created_at'),
    ('stg_chargebee__customers', 'created_at'),
    ('stg_hubspot__contacts', 'created_at'),
    ('stg_hubspot__deals', 'created_at'),
    ('stg_hubspot__meetings', 'created_at'),
    ('stg_segment__pages', 'event_at'),
    ('stg_segment__tracks', 'event_at'),
    ('stg_segment__identifies', 'event_at'),
    ('stg_surveys__nps_responses', 'responded_at'),
    ('stg_marketing__ad_spend', 'spend_date'),
] %}

with

activity as (

    {% for model, column in activity_columns -%}
    select
        min(cast({{ column }} as {{ dbt.type_timestamp() }})) as first_activity_at,
        max(cast({{ column }} as {{ dbt.type_timestamp() }})) as latest_activity_at
    from {{ ref(model) }}
    {% if not loop.last %}union all
    {% endif %}
    {%- endfor %}

),

final as (

    select
        min(first_activity_at) as first_activity_at,
        max(latest_activity_at) as latest_activity_at
    from activity

)

select * from final
