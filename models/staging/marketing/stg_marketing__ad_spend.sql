-- grain: one row per valid ad spend row (platform, campaign and date as
-- exported), in its original currency and converted to the reporting
-- currency at the latest rate at or before the month of its date.
with

ad_spend as (

    select * from {{ ref('base_marketing__ad_spend') }}

),

final as (

    select
        ad_spend_id,
        spend_date,
        platform,
        campaign,
        spend_original,
        currency_code,
        fx_rate,
        spend_reporting
    from ad_spend
    where row_fate = 'kept'

)

select * from final
