-- grain: one row per exchange-rate row in use, with its fate. The rates are
-- the raw folder's reference/fx_rates*.csv when it has one, else the rates
-- the project ships (seed fx_rates): the raw file replaces the seed whole.
{%- set raw_rates = saas_metrics.raw_source('reference', 'fx_rates', required=['month', 'from_currency', 'to_currency', 'rate'], optional=true) %}
{%- set shipped_rates = ref('fx_rates') %}
{%- set use_raw_file = saas_metrics.raw_source_exists('reference', 'fx_rates') %}
{%- set checks = [
    {'when': saas_metrics.check_missing('from_currency') ~ ' or ' ~ saas_metrics.check_missing('to_currency'), 'reason': 'missing_id', 'detail': "'from_currency or to_currency is empty'"},
    {'when': saas_metrics.parse_month('month') ~ ' is null', 'reason': 'unparseable_date', 'column': 'month'},
    ] + saas_metrics.number_checks('rate', 'decimal', required=true) + [
    {'when': saas_metrics.parse_double('rate') ~ ' <= 0', 'reason': 'invalid_value', 'column': 'rate'},
    {'when': 'upper(trim(from_currency)) = upper(trim(to_currency))', 'reason': 'invalid_value', 'detail': "'from_currency = to_currency (a currency converts into itself at 1, built in)'"},
] + saas_metrics.date_checks('month', scheduled=true, parsed=saas_metrics.parse_month('month')) %}

with

source as (

    {% if use_raw_file -%}
    select
        _source_file,
        _row_number,
        month,
        from_currency,
        to_currency,
        rate
    from {{ raw_rates }}
    {%- else -%}
    select
        'seed:fx_rates' as _source_file,
        row_number() over (order by month, from_currency, to_currency) as _row_number,
        cast(month as {{ dbt.type_string() }}) as month,
        cast(from_currency as {{ dbt.type_string() }}) as from_currency,
        cast(to_currency as {{ dbt.type_string() }}) as to_currency,
        cast(rate as {{ dbt.type_string() }}) as rate
    from {{ shipped_rates }}
    {%- endif %}

),

parsed as (

    select
        _source_file as source_file,
        _row_number as source_row_number,
        {{ saas_metrics.parse_month('month') }} as rate_month,
        upper({{ saas_metrics.clean_text('from_currency') }}) as from_currency,
        upper({{ saas_metrics.clean_text('to_currency') }}) as to_currency,
        {{ saas_metrics.parse_double('rate') }} as rate,
        {{ dbt.concat(["coalesce(trim(month), '')", "':'", "coalesce(upper(trim(from_currency)), '')", "'>'", "coalesce(upper(trim(to_currency)), '')"]) }} as rate_key,
        {{ saas_metrics.reject_reason(checks) }} as reject_reason,
        {{ saas_metrics.reject_detail(checks) }} as reject_detail,
        {{ saas_metrics.raw_row_text(['month', 'from_currency', 'to_currency', 'rate']) }} as raw_row
    from source

),

final as (

    select
        *,
        {{ saas_metrics.row_fate('rate_key') }} as row_fate
    from parsed

)

select * from final
