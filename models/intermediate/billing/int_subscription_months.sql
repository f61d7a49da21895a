-- grain: one row per subscription, month and currency in which the
-- subscription has recurring line items covering the end of the month.
-- mrr_original is in the line items' currency, mrr_reporting converted.
with

line_items as (

    select * from {{ ref('int_line_items_normalized') }}

),

months as (

    select month from {{ ref('int_reporting_months') }}

),

line_item_months as (

    select
        line_items.subscription_id,
        line_items.customer_id,
        line_items.currency_code,
        months.month,
        line_items.mrr_original,
        line_items.mrr_reporting
    from line_items
    inner join months
        on
            line_items.first_covered_month <= months.month
            and line_items.last_covered_month >= months.month

),

final as (

    select
        subscription_id,
        customer_id,
        currency_code,
        month,
        count(*) as line_items,
        sum(mrr_original) as mrr_original,
        sum(mrr_reporting) as mrr_reporting
    from line_item_months
    group by subscription_id, customer_id, currency_code, month

)

select * from final
