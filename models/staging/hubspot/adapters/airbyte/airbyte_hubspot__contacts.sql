-- grain: one row per contact of Airbyte's HubSpot stream contacts (the
-- deduplicated final table; archived records left out), as the loader's
-- crm__contacts: the export's column labels as text, from the flattened
-- properties_<internal name> columns (internal values, which
-- seeds/reference/hubspot_values.csv maps like labels), ISO timestamps of
-- the zoned date-times, _source_file (the EL table) and _row_number.
{%- set text_properties = [
    ('properties_firstname', 'First Name'),
    ('properties_lastname', 'Last Name'),
    ('properties_email', 'Email'),
    ('properties_lifecyclestage', 'Lifecycle Stage'),
    ('properties_hs_lead_status', 'Lead Status'),
    ('properties_hs_analytics_source', 'Original Source'),
    ('properties_hs_analytics_source_data_1', 'Original Source Drill-Down 1'),
    ('properties_hs_analytics_source_data_2', 'Original Source Drill-Down 2'),
] %}
{%- set timestamp_properties = [
    ('properties_createdate', 'Create Date'),
    ('properties_lastmodifieddate', 'Last Modified Date'),
    ('properties_hs_lifecyclestage_subscriber_date', 'Became a Subscriber Date'),
    ('properties_hs_lifecyclestage_lead_date', 'Became a Lead Date'),
    ('properties_hs_lifecyclestage_marketingqualifiedlead_date', 'Became a Marketing Qualified Lead Date'),
    ('properties_hs_lifecyclestage_salesqualifiedlead_date', 'Became a Sales Qualified Lead Date'),
    ('properties_hs_lifecyclestage_opportunity_date', 'Became an Opportunity Date'),
    ('properties_hs_lifecyclestage_customer_date', 'Became a Customer Date'),
    ('properties_hs_lifecyclestage_evangelist_date', 'Became an Evangelist Date'),
] %}

with

contacts as (

    select * from {{ saas_metrics.el_table('hubspot', 'contacts') }}

),

landed as (

    select *
    from contacts
    where not coalesce(archived, false)

),

final as (

    select
        {{ saas_metrics.el_text('id') }} as {{ adapter.quote('Record ID') }},
        {%- for property, label in text_properties %}
        {{ saas_metrics.el_text(property) }} as {{ adapter.quote(label) }},
        {%- endfor %}
        {#- a HubSpot number property: Airbyte types it as a JSON number -#}
        {{ saas_metrics.el_number_text('properties_associatedcompanyid') }} as {{ adapter.quote('Associated Company ID') }},
        {%- for property, label in timestamp_properties %}
        {{ saas_metrics.el_timestamptz_text(property) }} as {{ adapter.quote(label) }},
        {%- endfor %}
        {#- the loader's other company columns (HubSpot's export variants):
            the one property is read, as in the fivetran layout -#}
        cast(null as {{ dbt.type_string() }}) as {{ adapter.quote('Primary Associated Company ID') }},
        cast(null as {{ dbt.type_string() }}) as {{ adapter.quote('Associated Company IDs') }},
        '{{ saas_metrics.el_table('hubspot', 'contacts').identifier }}' as _source_file,
        cast(row_number() over (order by id) as {{ dbt.type_bigint() }}) as _row_number
    from landed

)

select * from final
