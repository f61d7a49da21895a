-- The MRR bridge, exactly, for every month of the mrr mart:
-- MRR(M) = MRR(M-1) + new + reactivation + expansion - contraction - churn
--          + fx_adjustment, and net_new_mrr = MRR(M) - MRR(M-1).
-- Returns the months where it does not hold.
with

mrr as (

    select * from {{ ref('mrr') }}

),

with_previous as (

    select
        current_month.*,
        coalesce(previous_month.mrr, 0) as mrr_previous
    from mrr as current_month
    left join mrr as previous_month
        on previous_month.month = {{ saas_metrics.add_months('current_month.month', -1) }}

)

select *
from with_previous
where
    mrr != mrr_previous + new_mrr + reactivation_mrr + expansion_mrr
    - contraction_mrr - churned_mrr + fx_adjustment_mrr
    or net_new_mrr != mrr - mrr_previous
