-- grain: one row per company of Fivetran's hubspot.company (is_deleted
-- records left out), as the loader's crm__companies: the export's column
-- labels as text, ISO timestamps, _source_file (the EL table) and
-- _row_number.
{%- set text_properties = [
    ('property_name', 'Company name'),
    ('property_domain', 'Company Domain Name'),
    ('property_industry', 'Industry'),
    ('property_country', 'Country/Region'),
    ('property_numberofemployees', 'Number of Employees'),
    ('property_lifecyclestage', 'Lifecycle Stage'),
] %}
{%- set timestamp_properties = [
    ('property_createdate', 'Create Date'),
    ('property_hs_lastmodifieddate', 'Last Modified Date'),
] %}

with

company as (

    select * from {{ saas_metrics.el_table('hubspot', 'company') }}

),

landed as (

    select *
    from company
    where not coalesce(is_deleted, false)

),

final as (

    select
        {{ saas_metrics.el_text('id') }} as {{ adapter.quote('Record ID') }},
        {%- for property, label in text_properties %}
        {{ saas_metrics.el_text(property) }} as {{ adapter.quote(label) }},
        {%- endfor %}
        {%- for property, label in timestamp_properties %}
        {{ saas_metrics.el_timestamp_text(property) }} as {{ adapter.quote(label) }},
        {%- endfor %}
        '{{ saas_metrics.el_table('hubspot', 'company').identifier }}' as _source_file,
        cast(row_number() over (order by id) as {{ dbt.type_bigint() }}) as _row_number
    from landed

)

select * from final
