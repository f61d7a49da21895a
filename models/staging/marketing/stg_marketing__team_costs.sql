-- grain: one row per valid team cost row (month, department and cost type
-- as exported), in its original currency and converted to the reporting
-- currency at the latest rate at or before its month.
with

team_costs as (

    select * from {{ ref('base_marketing__team_costs') }}

),

final as (

    select
        team_cost_id,
        cost_month,
        department,
        cost_type,
        amount_original,
        currency_code,
        fx_rate,
        amount_reporting
    from team_costs
    where row_fate = 'kept'

)

select * from final
