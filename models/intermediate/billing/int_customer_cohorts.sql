-- grain: one row per customer who ever paid: its cohort and its segments.
-- cohort_month = the customer's first paying month (first_paying_month of
-- int_customer_months, the month of its first `new` movement); a later
-- reactivation, or a return classified `new` again, keeps the customer in
-- this cohort. mrr_start = its MRR at the end of the cohort month.
-- Segments, each 'unknown' when missing:
--   plan: the plan with the largest MRR in the cohort month (subscriptions
--     on the same plan summed; ties to the smallest plan id);
--   acquisition_channel and country: the customer's (int_customer_attributes).
with

customer_months as (

    select
        customer_id,
        month,
        mrr,
        first_paying_month
    from {{ ref('int_customer_months') }}

),

subscription_months as (

    select
        subscription_id,
        customer_id,
        month,
        mrr_reporting
    from {{ ref('int_subscription_months') }}

),

subscriptions as (

    select
        subscription_id,
        plan_id
    from {{ ref('stg_chargebee__subscriptions') }}

),

customer_attributes as (

    select
        customer_id,
        country,
        acquisition_channel
    from {{ ref('int_customer_attributes') }}

),

cohorts as (

    select
        customer_id,
        month as cohort_month,
        mrr as mrr_start
    from customer_months
    where month = first_paying_month

),

cohort_plan_mrr as (

    select
        cohorts.customer_id,
        subscriptions.plan_id,
        sum(subscription_months.mrr_reporting) as plan_mrr
    from cohorts
    inner join subscription_months
        on
            cohorts.customer_id = subscription_months.customer_id
            and cohorts.cohort_month = subscription_months.month
    left join subscriptions
        on subscription_months.subscription_id = subscriptions.subscription_id
    where subscriptions.plan_id is not null
    group by cohorts.customer_id, subscriptions.plan_id

),

cohort_plans_ranked as (

    select
        customer_id,
        plan_id,
        row_number() over (
            partition by customer_id
            order by plan_mrr desc, plan_id asc
        ) as plan_rank
    from cohort_plan_mrr

),

cohort_plans as (

    select
        customer_id,
        plan_id
    from cohort_plans_ranked
    where plan_rank = 1

),

final as (

    select
        cohorts.customer_id,
        cohorts.cohort_month,
        cohorts.mrr_start,
        coalesce(cohort_plans.plan_id, 'unknown') as plan,
        coalesce(customer_attributes.country, 'unknown') as country,
        coalesce(customer_attributes.acquisition_channel, 'unknown') as acquisition_channel
    from cohorts
    left join cohort_plans
        on cohorts.customer_id = cohort_plans.customer_id
    left join customer_attributes
        on cohorts.customer_id = customer_attributes.customer_id

)

select * from final
