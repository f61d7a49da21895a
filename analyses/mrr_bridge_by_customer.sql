-- Which customers make up a month's MRR movements: compile with
--   dbt compile -s mrr_bridge_by_customer --vars '{bridge_month: "2024-03-01"}'
-- and run the SQL in target/compiled to review a month of the mrr mart.
{%- set bridge_month = var('bridge_month', '2024-01-01') %}

with

customer_months as (

    select * from {{ ref('int_customer_months') }}

),

final as (

    select
        movement,
        customer_id,
        mrr_previous,
        mrr,
        mrr_change,
        original_currency_changed
    from customer_months
    where
        month = cast('{{ bridge_month }}' as date)
        and movement != 'unchanged'

)

select * from final
order by movement asc, mrr_change desc
