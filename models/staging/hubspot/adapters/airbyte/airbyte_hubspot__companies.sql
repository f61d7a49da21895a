-- grain: one row per company of Airbyte's HubSpot stream companies (the
-- deduplicated final table; archived records left out), as the loader's
-- crm__companies: the export's column labels as text, from the flattened
-- properties_<internal name> columns, ISO timestamps of the zoned
-- date-times, _source_file (the EL table) and _row_number.
{%- set text_properties = [
    ('properties_name', 'Company name'),
    ('properties_domain', 'Company Domain Name'),
    ('properties_industry', 'Industry'),
    ('properties_country', 'Country/Region'),
] %}
{%- set timestamp_properties = [
    ('properties_createdate', 'Create Date'),
    ('properties_hs_lastmodifieddate', 'Last Modified Date'),
] %}

with

companies as (

    select * from {{ saas_metrics.el_table('hubspot', 'companies') }}

),

landed as (

    select *
    from companies
    where not coalesce(archived, false)

),

final as (

    select
        {{ saas_metrics.el_text('id') }} as {{ adapter.quote('Record ID') }},
        {%- for property, label in text_properties %}
        {{ saas_metrics.el_text(property) }} as {{ adapter.quote(label) }},
        {%- endfor %}
        {{ saas_metrics.el_number_text('properties_numberofemployees') }} as {{ adapter.quote('Number of Employees') }},
        {{ saas_metrics.el_text('properties_lifecyclestage') }} as {{ adapter.quote('Lifecycle Stage') }},
        {%- for property, label in timestamp_properties %}
        {{ saas_metrics.el_timestamptz_text(property) }} as {{ adapter.quote(label) }},
        {%- endfor %}
        '{{ saas_metrics.el_table('hubspot', 'companies').identifier }}' as _source_file,
        cast(row_number() over (order by id) as {{ dbt.type_bigint() }}) as _row_number
    from landed

)

select * from final
