-- mrr_movements adds up to mrr, exactly: for every month of the mrr mart and
-- every movement, the sum of movement_mrr equals mrr's column of that
-- movement (new_mrr, expansion_mrr, contraction_mrr, churned_mrr,
-- reactivation_mrr, fx_adjustment_mrr). Returns the months where it does not.
with

mrr as (

    select * from {{ ref('mrr') }}

),

movements as (

    select
        month,
        sum(case when movement = 'new' then movement_mrr else 0 end) as new_mrr,
        sum(case when movement = 'expansion' then movement_mrr else 0 end) as expansion_mrr,
        sum(case when movement = 'contraction' then movement_mrr else 0 end) as contraction_mrr,
        sum(case when movement = 'churn' then movement_mrr else 0 end) as churned_mrr,
        sum(case when movement = 'reactivation' then movement_mrr else 0 end) as reactivation_mrr,
        sum(case when movement = 'fx_adjustment' then movement_mrr else 0 end) as fx_adjustment_mrr
    from {{ ref('mrr_movements') }}
    group by month

),

compared as (

    select
        coalesce(mrr.month, movements.month) as month,
        coalesce(mrr.new_mrr, 0) - coalesce(movements.new_mrr, 0) as new_diff,
        coalesce(mrr.expansion_mrr, 0) - coalesce(movements.expansion_mrr, 0) as expansion_diff,
        coalesce(mrr.contraction_mrr, 0) - coalesce(movements.contraction_mrr, 0) as contraction_diff,
        coalesce(mrr.churned_mrr, 0) - coalesce(movements.churned_mrr, 0) as churned_diff,
        coalesce(mrr.reactivation_mrr, 0) - coalesce(movements.reactivation_mrr, 0) as reactivation_diff,
        coalesce(mrr.fx_adjustment_mrr, 0) - coalesce(movements.fx_adjustment_mrr, 0) as fx_adjustment_diff
    from mrr
    full outer join movements
        on mrr.month = movements.month

)

select *
from compared
where
    new_diff != 0
    or expansion_diff != 0
    or contraction_diff != 0
    or churned_diff != 0
    or reactivation_diff != 0
    or fx_adjustment_diff != 0
