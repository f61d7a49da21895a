-- grain: one row per contact of Fivetran's hubspot.contact (deleted records,
-- _fivetran_deleted, left out), as the loader's crm__contacts: the export's
-- column labels as text, HubSpot's values as landed (internal values, which
-- seeds/reference/hubspot_values.csv maps like labels), ISO timestamps,
-- _source_file (the EL table) and _row_number.
{%- set text_properties = [
    ('property_firstname', 'First Name'),
    ('property_lastname', 'Last Name'),
    ('property_email', 'Email'),
    ('property_associatedcompanyid', 'Associated Company ID'),
] %}
{%- set stage_properties = [
    ('property_lifecyclestage', 'Lifecycle Stage'),
    ('property_hs_lead_status', 'Lead Status'),
    ('property_hs_analytics_source', 'Original Source'),
    ('property_hs_analytics_source_data_1', 'Original Source Drill-Down 1'),
    ('property_hs_analytics_source_data_2', 'Original Source Drill-Down 2'),
] %}
{%- set timestamp_properties = [
    ('property_createdate', 'Create Date'),
    ('property_lastmodifieddate', 'Last Modified Date'),
    ('property_hs_lifecyclestage_subscriber_date', 'Became a Subscriber Date'),
    ('property_hs_lifecyclestage_lead_date', 'Became a Lead Date'),
    ('property_hs_lifecyclestage_marketingqualifiedlead_date', 'Became a Marketing Qualified Lead Date'),
    ('property_hs_lifecyclestage_salesqualifiedlead_date', 'Became a Sales Qualified Lead Date'),
    ('property_hs_lifecyclestage_opportunity_date', 'Became an Opportunity Date'),
    ('property_hs_lifecyclestage_customer_date', 'Became a Customer Date'),
    ('property_hs_lifecyclestage_evangelist_date', 'Became an Evangelist Date'),
] %}

with

contact as (

    select * from {{ saas_metrics.el_table('hubspot', 'contact') }}

),

landed as (

    select *
    from contact
    where not coalesce(_fivetran_deleted, false)

),

final as (

    select
        {{ saas_metrics.el_text('id') }} as {{ adapter.quote('Record ID') }},
        {%- for property, label in text_properties + stage_properties %}
        {{ saas_metrics.el_text(property) }} as {{ adapter.quote(label) }},
        {%- endfor %}
        {%- for property, label in timestamp_properties %}
        {{ saas_metrics.el_timestamp_text(property) }} as {{ adapter.quote(label) }},
        {%- endfor %}
        {#- the loader's other company columns (HubSpot's export variants):
            Fivetran lands the one property only -#}
        cast(null as {{ dbt.type_string() }}) as {{ adapter.quote('Primary Associated Company ID') }},
        cast(null as {{ dbt.type_string() }}) as {{ adapter.quote('Associated Company IDs') }},
        '{{ saas_metrics.el_table('hubspot', 'contact').identifier }}' as _source_file,
        cast(row_number() over (order by id) as {{ dbt.type_bigint() }}) as _row_number
    from landed

)

select * from final
