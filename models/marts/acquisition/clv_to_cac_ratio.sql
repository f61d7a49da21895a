-- grain: one row per reporting month.
-- clv_to_cac_ratio = clv (customer_lifetime_value) / cac
--   (customer_acquisition_cost) of the same month; null when either is null
--   or cac is 0.
-- ratio_band: losing_money (< 1), below_target (1 to < 3), healthy (3 to 5,
--   both ends included), underinvesting (> 5); null when the ratio is null.
with

months as (

    select month from {{ ref('int_reporting_months') }}

),

lifetime_value as (

    select
        month,
        clv
    from {{ ref('customer_lifetime_value') }}

),

acquisition_cost as (

    select
        month,
        cac
    from {{ ref('customer_acquisition_cost') }}

),

ratios as (

    select
        months.month,
        lifetime_value.clv,
        acquisition_cost.cac,
        {{ saas_metrics.safe_divide('lifetime_value.clv', 'acquisition_cost.cac') }} as clv_to_cac_ratio
    from months
    left join lifetime_value
        on months.month = lifetime_value.month
    left join acquisition_cost
        on months.month = acquisition_cost.month

),

final as (

    select
        month,
        clv,
        cac,
        clv_to_cac_ratio,
        case
            when clv_to_cac_ratio < 1 then 'losing_money'
            when clv_to_cac_ratio < 3 then 'below_target'
            when clv_to_cac_ratio <= 5 then 'healthy'
            when clv_to_cac_ratio > 5 then 'underinvesting'
        end as ratio_band
    from ratios

)

select * from final
