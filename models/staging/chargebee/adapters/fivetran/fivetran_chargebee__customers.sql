-- grain: one row per customer of Fivetran's chargebee.customer (deleted
-- records, _fivetran_deleted, left out), as the loader's billing__customers:
-- the same text columns, _source_file (the EL table) and _row_number.
with

customer as (

    select * from {{ saas_metrics.el_table('chargebee', 'customer') }}

),

landed as (

    select *
    from customer
    where not coalesce(_fivetran_deleted, false)

),

final as (

    select
        {{ saas_metrics.el_text('id') }} as id,
        {{ saas_metrics.el_text('email') }} as email,
        {{ saas_metrics.el_text('first_name') }} as first_name,
        {{ saas_metrics.el_text('last_name') }} as last_name,
        {{ saas_metrics.el_text('company') }} as company,
        {{ saas_metrics.el_timestamp_text('created_at') }} as created_at,
        {{ saas_metrics.el_timestamp_text('updated_at') }} as updated_at,
        {{ saas_metrics.el_boolean_text('deleted') }} as deleted,
        '{{ saas_metrics.el_table('chargebee', 'customer').identifier }}' as _source_file,
        cast(row_number() over (order by id) as {{ dbt.type_bigint() }}) as _row_number
    from landed

)

select * from final
