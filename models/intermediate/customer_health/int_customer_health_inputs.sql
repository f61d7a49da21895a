-- grain: one row per paying customer (MRR > 0 at the end of the month) and
-- month: the raw inputs of the health score other than engagement
-- (customer_health_score).
--   nps_score, nps_category: the customer's person's latest NPS response
--     up to the end of the month (latest responded_at wins, ties to the
--     higher response_id); promoter 9-10, passive 7-8, detractor 0-6, none
--     when there is no response yet.
--   unpaid_invoices: the customer's invoices dated up to the end of the
--     month whose status is payment_due or not_paid.
--   mrr_3_months_before: MRR at the end of M-3 (0 when not paying then);
--     mrr_trend = mrr / mrr_3_months_before, null when that is 0.
--   tenure_months: whole months from first_paying_month to the month (0 in
--     the first paying month).
-- NPS responses and invoices are aggregated to person x month and customer
-- x month before they meet the customer months.
with

customer_months as (

    select
        customer_id,
        month,
        mrr,
        first_paying_month
    from {{ ref('int_customer_months') }}
    where is_paying

),

all_customer_months as (

    select
        customer_id,
        month,
        mrr
    from {{ ref('int_customer_months') }}

),

identity as (

    select
        identifier_type,
        identifier,
        person_id
    from {{ ref('int_identity') }}
    where
        identifier_type in ('chargebee_customer', 'nps_response')
        and person_id is not null

),

nps_responses as (

    select
        response_id,
        score,
        responded_at
    from {{ ref('stg_surveys__nps_responses') }}

),

invoices as (

    select
        customer_id,
        invoice_date
    from {{ ref('stg_chargebee__invoices') }}
    where status in ('payment_due', 'not_paid')

),

customer_persons as (

    select
        identifier as customer_id,
        person_id
    from identity
    where identifier_type = 'chargebee_customer'

),

person_responses as (

    select
        identity.person_id,
        nps_responses.response_id,
        nps_responses.score,
        nps_responses.responded_at,
        {{ saas_metrics.month_of('nps_responses.responded_at') }} as response_month
    from nps_responses
    inner join identity
        on
            identity.identifier_type = 'nps_response'
            and nps_responses.response_id = identity.identifier

),

person_month_latest as (

    -- the latest response of each person in each month with a response
    select
        person_id,
        response_month,
        score,
        row_number() over (
            partition by person_id, response_month
            order by responded_at desc, response_id desc
        ) as recency
    from person_responses

),

person_nps_periods as (

    -- a month's latest response holds until the next month with a response
    select
        person_id,
        response_month,
        lead(response_month) over (
            partition by person_id
            order by response_month
        ) as next_response_month,
        score
    from person_month_latest
    where recency = 1

),

customer_invoice_months as (

    select
        customer_id,
        {{ saas_metrics.month_of('invoice_date') }} as invoice_month,
        count(*) as unpaid_invoices
    from invoices
    group by
        customer_id,
        {{ saas_metrics.month_of('invoice_date') }}

),

customer_unpaid as (

    select
        customer_months.customer_id,
        customer_months.month,
        sum(customer_invoice_months.unpaid_invoices) as unpaid_invoices
    from customer_months
    inner join customer_invoice_months
        on
            customer_months.customer_id = customer_invoice_months.customer_id
            and customer_months.month >= customer_invoice_months.invoice_month
    group by
        customer_months.customer_id,
        customer_months.month

),

customer_nps as (

    -- the person's NPS period that holds in the month: at most one, as a
    -- person's periods do not overlap (the month is compared after the
    -- equality join on the person, never inside it)
    select
        customer_months.customer_id,
        customer_months.month,
        person_nps_periods.score
    from customer_months
    inner join customer_persons
        on customer_months.customer_id = customer_persons.customer_id
    inner join person_nps_periods
        on customer_persons.person_id = person_nps_periods.person_id
    where
        customer_months.month >= person_nps_periods.response_month
        and (
            person_nps_periods.next_response_month is null
            or customer_months.month < person_nps_periods.next_response_month
        )

),

final as (

    select
        customer_months.customer_id,
        customer_months.month,
        customer_nps.score as nps_score,
        case
            when customer_nps.score >= 9 then 'promoter'
            when customer_nps.score >= 7 then 'passive'
            when customer_nps.score >= 0 then 'detractor'
            else 'none'
        end as nps_category,
        cast(coalesce(customer_unpaid.unpaid_invoices, 0) as {{ dbt.type_bigint() }}) as unpaid_invoices,
        customer_months.mrr,
        {{ saas_metrics.to_money('coalesce(months_before.mrr, 0)') }} as mrr_3_months_before,
        {{ saas_metrics.safe_divide('customer_months.mrr', 'months_before.mrr') }} as mrr_trend,
        customer_months.first_paying_month,
        cast(
            {{ dbt.datediff('customer_months.first_paying_month', 'customer_months.month', 'month') }}
            as {{ dbt.type_bigint() }}
        ) as tenure_months
    from customer_months
    left join customer_nps
        on
            customer_months.customer_id = customer_nps.customer_id
            and customer_months.month = customer_nps.month
    left join customer_unpaid
        on
            customer_months.customer_id = customer_unpaid.customer_id
            and customer_months.month = customer_unpaid.month
    left join all_customer_months as months_before
        on
            customer_months.customer_id = months_before.customer_id
            and months_before.month = {{ saas_metrics.add_months('customer_months.month', -3) }}

)

select * from final
