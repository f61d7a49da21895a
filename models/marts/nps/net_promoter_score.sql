-- grain: one row per reporting month.
-- One response per person per month: the latest (by responded_at, then the
-- highest response_id); a person is the respondent's email (trimmed,
-- lower-cased); a response without an email is a person of its own.
-- promoters score 9-10, passives 7-8, detractors 0-6;
-- nps = 100 x (promoters - detractors) / responses, -100..100, null when
-- the month has no response.
with

months as (

    select month from {{ ref('int_reporting_months') }}

),

responses as (

    select
        response_id,
        email_normalized,
        score,
        responded_at
    from {{ ref('stg_surveys__nps_responses') }}

),

responses_ranked as (

    select
        response_id,
        score,
        {{ saas_metrics.month_of('responded_at') }} as month,
        row_number() over (
            partition by
                email_normalized,
                case when email_normalized is null then response_id end,
                {{ saas_metrics.month_of('responded_at') }}
            order by responded_at desc, response_id desc
        ) as recency
    from responses

),

monthly as (

    select
        month,
        count(*) as responses,
        sum(case when score >= 9 then 1 else 0 end) as promoters,
        sum(case when score between 7 and 8 then 1 else 0 end) as passives,
        sum(case when score <= 6 then 1 else 0 end) as detractors
    from responses_ranked
    where recency = 1
    group by month

),

final as (

    select
        months.month,
        cast(coalesce(monthly.responses, 0) as {{ dbt.type_bigint() }}) as responses,
        cast(coalesce(monthly.promoters, 0) as {{ dbt.type_bigint() }}) as promoters,
        cast(coalesce(monthly.passives, 0) as {{ dbt.type_bigint() }}) as passives,
        cast(coalesce(monthly.detractors, 0) as {{ dbt.type_bigint() }}) as detractors,
        100 * {{ saas_metrics.safe_divide('monthly.promoters - monthly.detractors', 'monthly.responses') }} as nps
    from months
    left join monthly
        on months.month = monthly.month

)

select * from final
