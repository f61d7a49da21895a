-- grain: one row per reporting month. arr = 12 x month-end mrr.
with

mrr as (

    select
        month,
        mrr
    from {{ ref('mrr') }}

),

final as (

    select
        month,
        mrr,
        {{ saas_metrics.to_money('mrr * 12') }} as arr
    from mrr

)

select * from final
