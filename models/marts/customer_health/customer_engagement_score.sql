-- grain: one row per paying customer (MRR > 0 at the end of the month) and
-- reporting month (docs/metrics.md metric 6).
-- Each signal of seed engagement_signals is measured over the Segment track
-- events of the customer's users in the month (int_customer_engagement_signals):
--   sub-score = min(value / target, 1) x 100 (rounded to 6 decimals);
--   engagement_score = sum(weight x sub-score) / sum(weight), over every
--   signal of the seed (rounded to 6 decimals), null when the weights sum
--   to 0.
-- The value and sub-score of the four default signals are columns here (null
-- when a signal is removed from the seed); a signal added to the seed counts
-- in engagement_score and is listed in int_customer_engagement_signals.

with

customer_months as (

    select
        customer_id,
        month
    from {{ ref('int_customer_months') }}
    where is_paying

),

signals as (

    select
        customer_id,
        month,
        signal,
        signal_value,
        weight,
        sub_score
    from {{ ref('int_customer_engagement_signals') }}

),

weighted as (

    select
        customer_id,
        month,
        {{ saas_metrics.safe_divide('sum(weight * sub_score)', 'sum(weight)') }} as engagement_score
    from signals
    group by customer_id, month

),

pivoted as (

    select
        customer_id,
        month,
        max(case when signal = 'active_days' then signal_value end) as active_days,
        max(case when signal = 'active_days' then sub_score end) as active_days_sub_score,
        max(case when signal = 'logins' then signal_value end) as logins,
        max(case when signal = 'logins' then sub_score end) as logins_sub_score,
        max(case when signal = 'key_actions' then signal_value end) as key_actions,
        max(case when signal = 'key_actions' then sub_score end) as key_actions_sub_score,
        max(case when signal = 'key_features' then signal_value end) as key_features,
        max(case when signal = 'key_features' then sub_score end) as key_features_sub_score
    from signals
    group by customer_id, month

),

final as (

    select
        customer_months.customer_id,
        customer_months.month,
        cast(pivoted.active_days as {{ dbt.type_bigint() }}) as active_days,
        cast(pivoted.active_days_sub_score as {{ saas_metrics.type_double() }}) as active_days_sub_score,
        cast(pivoted.logins as {{ dbt.type_bigint() }}) as logins,
        cast(pivoted.logins_sub_score as {{ saas_metrics.type_double() }}) as logins_sub_score,
        cast(pivoted.key_actions as {{ dbt.type_bigint() }}) as key_actions,
        cast(pivoted.key_actions_sub_score as {{ saas_metrics.type_double() }}) as key_actions_sub_score,
        cast(pivoted.key_features as {{ dbt.type_bigint() }}) as key_features,
        cast(pivoted.key_features_sub_score as {{ saas_metrics.type_double() }}) as key_features_sub_score,
        {{ saas_metrics.round_score('weighted.engagement_score') }} as engagement_score
    from customer_months
    left join pivoted
        on
            customer_months.customer_id = pivoted.customer_id
            and customer_months.month = pivoted.month
    left join weighted
        on
            customer_months.customer_id = weighted.customer_id
            and customer_months.month = weighted.month

)

select * from final
