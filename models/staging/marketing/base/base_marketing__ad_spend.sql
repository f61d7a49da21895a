-- grain: one row per raw row of marketing/ad_spend*.csv, with its fate: kept
-- or rejected (with a reason). A spend row has no record id: each row is its
-- own record (key: file and row number), so none is superseded.
-- The spend needs a rate of its currency into the reporting currency at or
-- before the month of its date: without one it is rejected (no_fx_rate).
{%- set platforms = ['google_ads', 'bing_ads', 'linkedin_ads', 'meta_ads', 'other'] %}
{%- set checks = [
    {'when': saas_metrics.check_timestamp('date', required=true), 'reason': 'unparseable_date', 'column': 'date'},
    ] + saas_metrics.number_checks('spend', 'decimal', required=true) + [
    {'when': saas_metrics.check_missing('platform') ~ ' or ' ~ saas_metrics.check_in('platform', platforms), 'reason': 'invalid_value', 'column': 'platform'},
    {'when': saas_metrics.parse_decimal('spend') ~ ' < 0', 'reason': 'invalid_value', 'detail': saas_metrics.value_detail('spend', 'negative: a refund or credit from the platform is not spend')},
] + saas_metrics.date_checks('date') %}

with

source as (

    select * from {{ saas_metrics.raw_source('marketing', 'ad_spend', required=['date', 'platform', 'spend', 'currency']) }}

),

parsed as (

    select
        _source_file as source_file,
        _row_number as source_row_number,
        {{ dbt.concat(['_source_file', "':'", dbt.cast('_row_number', dbt.type_string())]) }} as ad_spend_id,
        cast({{ saas_metrics.parse_timestamp(adapter.quote('date')) }} as date) as spend_date,
        {{ saas_metrics.month_of('cast(' ~ saas_metrics.parse_timestamp(adapter.quote('date')) ~ ' as date)') }} as rate_month,
        {{ saas_metrics.parse_label('platform') }} as platform,
        {{ saas_metrics.clean_text('campaign') }} as campaign,
        {{ saas_metrics.parse_decimal('spend') }} as spend_original,
        upper({{ saas_metrics.clean_text('currency') }}) as currency_code,
        {{ saas_metrics.reject_reason(checks) }} as row_reject_reason,
        {{ saas_metrics.reject_detail(checks) }} as row_reject_detail,
        {{ saas_metrics.raw_row_text(['date', 'platform', 'campaign', 'spend', 'currency']) }} as raw_row
    from source

),

converted as (

    {{ saas_metrics.fx_convert('parsed') }}

),

final as (

    select
        *,
        {{ saas_metrics.to_money('spend_original * fx_rate') }} as spend_reporting,
        {{ saas_metrics.row_fate('ad_spend_id') }} as row_fate
    from converted

)

select * from final
