-- grain: one row per paying customer (MRR > 0 at the end of the month) and
-- reporting month (docs/metrics.md metric 7).
-- Components (raw input -> sub-score 0..100), weights in seed
-- health_components:
--   engagement       engagement_score (customer_engagement_score)
--   nps              category of the latest NPS response up to the month
--                    end -> sub-score of seed health_nps_categories
--   unpaid_invoices  payment_due / not_paid invoices dated up to month end
--   mrr_trend        mrr / mrr 3 months before (null when not paying then)
--   tenure           months since the first paying month
-- A line-scaled component's sub-score = 100 x clamp((raw - zero_score_at)
--   / (full_score_at - zero_score_at), 0, 1), rounded to 6 decimals; null
--   when the raw input is.
-- health_score = sum(weight x sub-score) / sum(weight), over the components
--   with a sub-score, rounded to 6 decimals.
-- health_band: the band of seed health_bands with the highest
--   min_health_score <= health_score (a score on a threshold is in the
--   better band).

with

engagement as (

    select
        customer_id,
        month,
        engagement_score
    from {{ ref('customer_engagement_score') }}

),

inputs as (

    select
        customer_id,
        month,
        nps_score,
        nps_category,
        unpaid_invoices,
        mrr,
        mrr_3_months_before,
        mrr_trend,
        tenure_months
    from {{ ref('int_customer_health_inputs') }}

),

components as (

    select
        component,
        weight,
        zero_score_at,
        full_score_at
    from {{ ref('health_components') }}

),

nps_categories as (

    select
        nps_category,
        sub_score
    from {{ ref('health_nps_categories') }}

),

bands as (

    select
        health_band,
        min_health_score
    from {{ ref('health_bands') }}

),

parameters as (

    -- one row: each component's weight (0 when not in the seed) and the two
    -- points of its line
    select
        coalesce(max(case when component = 'engagement' then weight end), 0) as engagement_weight,
        max(case when component = 'engagement' then zero_score_at end) as engagement_zero_at,
        max(case when component = 'engagement' then full_score_at end) as engagement_full_at,
        coalesce(max(case when component = 'nps' then weight end), 0) as nps_weight,
        coalesce(max(case when component = 'unpaid_invoices' then weight end), 0) as unpaid_invoices_weight,
        max(case when component = 'unpaid_invoices' then zero_score_at end) as unpaid_invoices_zero_at,
        max(case when component = 'unpaid_invoices' then full_score_at end) as unpaid_invoices_full_at,
        coalesce(max(case when component = 'mrr_trend' then weight end), 0) as mrr_trend_weight,
        max(case when component = 'mrr_trend' then zero_score_at end) as mrr_trend_zero_at,
        max(case when component = 'mrr_trend' then full_score_at end) as mrr_trend_full_at,
        coalesce(max(case when component = 'tenure' then weight end), 0) as tenure_weight,
        max(case when component = 'tenure' then zero_score_at end) as tenure_zero_at,
        max(case when component = 'tenure' then full_score_at end) as tenure_full_at
    from components

),

line_positions as (

    -- where each raw input lies between its zero point (0) and full point (1)
    select
        inputs.customer_id,
        inputs.month,
        engagement.engagement_score,
        inputs.nps_score,
        inputs.nps_category,
        nps_categories.sub_score as nps_sub_score,
        inputs.unpaid_invoices,
        inputs.mrr,
        inputs.mrr_3_months_before,
        inputs.mrr_trend,
        inputs.tenure_months,
        {{ saas_metrics.safe_divide(
            'engagement.engagement_score - parameters.engagement_zero_at',
            'parameters.engagement_full_at - parameters.engagement_zero_at') }} as engagement_position,
        {{ saas_metrics.safe_divide(
            'inputs.unpaid_invoices - parameters.unpaid_invoices_zero_at',
            'parameters.unpaid_invoices_full_at - parameters.unpaid_invoices_zero_at') }}
            as unpaid_invoices_position,
        {{ saas_metrics.safe_divide(
            'inputs.mrr_trend - parameters.mrr_trend_zero_at',
            'parameters.mrr_trend_full_at - parameters.mrr_trend_zero_at') }} as mrr_trend_position,
        {{ saas_metrics.safe_divide(
            'inputs.tenure_months - parameters.tenure_zero_at',
            'parameters.tenure_full_at - parameters.tenure_zero_at') }} as tenure_position
    from inputs
    cross join parameters
    left join engagement
        on
            inputs.customer_id = engagement.customer_id
            and inputs.month = engagement.month
    left join nps_categories
        on inputs.nps_category = nps_categories.nps_category

),

sub_scores as (

    select
        customer_id,
        month,
        engagement_score,
        nps_score,
        nps_category,
        nps_sub_score,
        unpaid_invoices,
        mrr,
        mrr_3_months_before,
        mrr_trend,
        tenure_months,
        case
            when engagement_position >= 1 then 100.0
            when engagement_position <= 0 then 0.0
            else {{ saas_metrics.round_score('100.0 * engagement_position') }}
        end as engagement_sub_score,
        case
            when unpaid_invoices_position >= 1 then 100.0
            when unpaid_invoices_position <= 0 then 0.0
            else {{ saas_metrics.round_score('100.0 * unpaid_invoices_position') }}
        end as unpaid_invoices_sub_score,
        case
            when mrr_trend_position >= 1 then 100.0
            when mrr_trend_position <= 0 then 0.0
            else {{ saas_metrics.round_score('100.0 * mrr_trend_position') }}
        end as mrr_trend_sub_score,
        case
            when tenure_position >= 1 then 100.0
            when tenure_position <= 0 then 0.0
            else {{ saas_metrics.round_score('100.0 * tenure_position') }}
        end as tenure_sub_score
    from line_positions

),

weight_sums as (

    -- weights count only for the components that have a sub-score
    select
        sub_scores.customer_id,
        sub_scores.month,
        coalesce(parameters.engagement_weight * sub_scores.engagement_sub_score, 0)
        + coalesce(parameters.nps_weight * sub_scores.nps_sub_score, 0)
        + coalesce(parameters.unpaid_invoices_weight * sub_scores.unpaid_invoices_sub_score, 0)
        + coalesce(parameters.mrr_trend_weight * sub_scores.mrr_trend_sub_score, 0)
        + coalesce(parameters.tenure_weight * sub_scores.tenure_sub_score, 0) as weighted_sub_scores,
        case when sub_scores.engagement_sub_score is null then 0 else parameters.engagement_weight end
        + case when sub_scores.nps_sub_score is null then 0 else parameters.nps_weight end
        + case when sub_scores.unpaid_invoices_sub_score is null then 0 else parameters.unpaid_invoices_weight end
        + case when sub_scores.mrr_trend_sub_score is null then 0 else parameters.mrr_trend_weight end
        + case when sub_scores.tenure_sub_score is null then 0 else parameters.tenure_weight end as weights
    from sub_scores
    cross join parameters

),

weighted as (

    select
        customer_id,
        month,
        {{ saas_metrics.round_score(saas_metrics.safe_divide('weighted_sub_scores', 'weights')) }} as health_score
    from weight_sums

),

band_thresholds as (

    select
        weighted.customer_id,
        weighted.month,
        max(bands.min_health_score) as band_min_health_score
    from weighted
    inner join bands
        on weighted.health_score >= bands.min_health_score
    group by
        weighted.customer_id,
        weighted.month

),

final as (

    select
        sub_scores.customer_id,
        sub_scores.month,
        cast(sub_scores.engagement_score as {{ saas_metrics.type_double() }}) as engagement_score,
        cast(sub_scores.engagement_sub_score as {{ saas_metrics.type_double() }}) as engagement_sub_score,
        cast(sub_scores.nps_score as {{ dbt.type_bigint() }}) as nps_score,
        cast(sub_scores.nps_category as {{ dbt.type_string() }}) as nps_category,
        cast(sub_scores.nps_sub_score as {{ saas_metrics.type_double() }}) as nps_sub_score,
        cast(sub_scores.unpaid_invoices as {{ dbt.type_bigint() }}) as unpaid_invoices,
        cast(sub_scores.unpaid_invoices_sub_score as {{ saas_metrics.type_double() }}) as unpaid_invoices_sub_score,
        {{ saas_metrics.to_money('sub_scores.mrr') }} as mrr,
        {{ saas_metrics.to_money('sub_scores.mrr_3_months_before') }} as mrr_3_months_before,
        cast(sub_scores.mrr_trend as {{ saas_metrics.type_double() }}) as mrr_trend,
        cast(sub_scores.mrr_trend_sub_score as {{ saas_metrics.type_double() }}) as mrr_trend_sub_score,
        cast(sub_scores.tenure_months as {{ dbt.type_bigint() }}) as tenure_months,
        cast(sub_scores.tenure_sub_score as {{ saas_metrics.type_double() }}) as tenure_sub_score,
        weighted.health_score,
        cast(bands.health_band as {{ dbt.type_string() }}) as health_band
    from sub_scores
    inner join weighted
        on
            sub_scores.customer_id = weighted.customer_id
            and sub_scores.month = weighted.month
    left join band_thresholds
        on
            sub_scores.customer_id = band_thresholds.customer_id
            and sub_scores.month = band_thresholds.month
    left join bands
        on band_thresholds.band_min_health_score = bands.min_health_score

)

select * from final
