-- Every row not kept is listed in audit.rejected_rows, per source: the
-- reconciliation's rejected + superseded counts equal the listed rows.
with

reconciliation as (

    select * from {{ ref('source_reconciliation') }}

),

listed as (

    select
        source_name,
        sum(case when reason = 'superseded' then 0 else 1 end) as rows_rejected,
        sum(case when reason = 'superseded' then 1 else 0 end) as rows_superseded
    from {{ ref('rejected_rows') }}
    group by source_name

)

select
    reconciliation.source_name,
    reconciliation.rows_rejected,
    reconciliation.rows_superseded,
    listed.rows_rejected as listed_rejected,
    listed.rows_superseded as listed_superseded
from reconciliation
left join listed
    on reconciliation.source_name = listed.source_name
where
    reconciliation.rows_rejected != coalesce(listed.rows_rejected, 0)
    or reconciliation.rows_superseded != coalesce(listed.rows_superseded, 0)
