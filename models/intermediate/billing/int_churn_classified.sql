-- grain: one row per customer and month with movement `churn` (from
-- int_customer_months). The churned subscriptions are the customer's
-- subscriptions with MRR at the end of the month before and none at the
-- end of the month; the cancellation is the latest of their ended_at
-- (none: the end of the month). churn_type (DECISIONLOG "Voluntary and
-- delinquent churn"):
--   delinquent  a churned subscription's cancel reason is `not_paid`, or no
--               churned subscription has a cancel reason and the customer
--               had an invoice unpaid at the cancellation
--   voluntary   otherwise (a cancel reason given, or paid up)
-- An invoice is unpaid at the cancellation when it was issued by then, is
-- not voided, and was not paid by then (status payment_due / not_paid, or
-- paid after the cancellation).
with

customer_months as (

    select
        customer_id,
        month,
        churned_mrr
    from {{ ref('int_customer_months') }}
    where movement = 'churn'

),

subscription_months as (

    select
        subscription_id,
        customer_id,
        month
    from {{ ref('int_subscription_months') }}

),

subscriptions as (

    select
        subscription_id,
        ended_at,
        cancel_reason
    from {{ ref('stg_chargebee__subscriptions') }}

),

invoices as (

    select
        customer_id,
        status,
        invoice_date,
        paid_at
    from {{ ref('stg_chargebee__invoices') }}
    where status != 'voided'

),

churned_subscriptions as (

    -- subscriptions with MRR at the end of the month before the churn
    -- month (the customer has none at its end)
    select distinct
        customer_months.customer_id,
        customer_months.month,
        subscription_months.subscription_id
    from customer_months
    inner join subscription_months
        on
            customer_months.customer_id = subscription_months.customer_id
            and subscription_months.month = {{ saas_metrics.add_months('customer_months.month', -1) }}

),

cancellations as (

    select
        churned_subscriptions.customer_id,
        churned_subscriptions.month,
        max(subscriptions.ended_at) as ended_at,
        min(subscriptions.cancel_reason) as cancel_reason,
        max(case when subscriptions.cancel_reason = 'not_paid' then 1 else 0 end) as has_not_paid_reason,
        max(case when subscriptions.cancel_reason is not null then 1 else 0 end) as has_cancel_reason
    from churned_subscriptions
    left join subscriptions
        on churned_subscriptions.subscription_id = subscriptions.subscription_id
    group by churned_subscriptions.customer_id, churned_subscriptions.month

),

cancellation_times as (

    select
        customer_months.customer_id,
        customer_months.month,
        customer_months.churned_mrr,
        cancellations.cancel_reason,
        coalesce(cancellations.has_not_paid_reason, 0) as has_not_paid_reason,
        coalesce(cancellations.has_cancel_reason, 0) as has_cancel_reason,
        coalesce(
            cancellations.ended_at,
            cast({{ saas_metrics.add_months('customer_months.month', 1) }} as {{ dbt.type_timestamp() }})
        ) as cancelled_at
    from customer_months
    left join cancellations
        on
            customer_months.customer_id = cancellations.customer_id
            and customer_months.month = cancellations.month

),

unpaid_invoices as (

    select
        cancellation_times.customer_id,
        cancellation_times.month,
        count(*) as unpaid_invoices
    from cancellation_times
    inner join invoices
        on
            cancellation_times.customer_id = invoices.customer_id
            and cancellation_times.cancelled_at >= invoices.invoice_date
            and (
                invoices.status in ('payment_due', 'not_paid')
                or cancellation_times.cancelled_at < invoices.paid_at
            )
    group by cancellation_times.customer_id, cancellation_times.month

),

final as (

    select
        cancellation_times.customer_id,
        cancellation_times.month,
        cancellation_times.churned_mrr,
        cancellation_times.cancelled_at,
        cancellation_times.cancel_reason,
        cast(coalesce(unpaid_invoices.unpaid_invoices, 0) as {{ dbt.type_bigint() }}) as unpaid_invoices_at_cancellation,
        case
            when cancellation_times.has_not_paid_reason = 1 then 'delinquent'
            when cancellation_times.has_cancel_reason = 1 then 'voluntary'
            when coalesce(unpaid_invoices.unpaid_invoices, 0) > 0 then 'delinquent'
            else 'voluntary'
        end as churn_type
    from cancellation_times
    left join unpaid_invoices
        on
            cancellation_times.customer_id = unpaid_invoices.customer_id
            and cancellation_times.month = unpaid_invoices.month

)

select * from final
