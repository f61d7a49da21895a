-- grain: one row per subscription, month and currency in which the
-- subscription has recurring line items covering the end of the month.
-- mrr_original is in the line items' currency, mrr_reporting converted.
-- With var delinquent_churn_after_days = N (docs/metrics.md, settings), a
-- month whose end finds one of the customer's invoices unpaid more than N
-- days after its due date has no rows for that customer (zero MRR).
-- depends_on: {{ ref('stg_chargebee__invoices') }}
{%- set delinquent_after_days = saas_metrics.delinquent_churn_after_days() %}
with

line_items as (

    select * from {{ ref('int_line_items_normalized') }}

),

months as (

    select month from {{ ref('int_reporting_months') }}

),
{%- if delinquent_after_days is not none %}

invoices as (

    select
        customer_id,
        status,
        due_date,
        paid_at,
        amount_due_minor
    from {{ ref('stg_chargebee__invoices') }}

),

delinquent_invoices as (

    -- one row per invoice unpaid after its due date: still due (payment_due,
    -- not_paid with an amount due) or paid late. It is delinquent at the end
    -- of month M when due_date + N days < end of M and it was not paid by
    -- then: first_delinquent_month = month of (due_date + N days),
    -- last_delinquent_month = month of paid_at minus one month (open-ended
    -- while unpaid)
    select
        customer_id,
        {{ saas_metrics.month_of(dbt.dateadd('day', delinquent_after_days, 'due_date')) }} as first_delinquent_month,
        {{ saas_metrics.add_months(saas_metrics.month_of('paid_at'), -1) }} as last_delinquent_month
    from invoices
    where
        due_date is not null
        and customer_id is not null
        and (
            (status in ('payment_due', 'not_paid') and amount_due_minor > 0)
            or (status = 'paid' and paid_at > due_date)
        )

),

delinquent_customer_months as (

    -- one row per customer and month whose end finds a delinquent invoice
    select distinct
        delinquent_invoices.customer_id,
        months.month
    from delinquent_invoices
    inner join months
        on
            delinquent_invoices.first_delinquent_month <= months.month
            and (
                delinquent_invoices.last_delinquent_month is null
                or delinquent_invoices.last_delinquent_month >= months.month
            )

),
{%- endif %}

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
    {%- if delinquent_after_days is not none %}
    left join delinquent_customer_months
        on
            line_items.customer_id = delinquent_customer_months.customer_id
            and months.month = delinquent_customer_months.month
    where delinquent_customer_months.customer_id is null
    {%- endif %}

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
