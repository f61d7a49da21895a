{#-
    The FX step of a raw table whose amounts need converting into the
    reporting currency, written once for every such table (ad spend, team
    costs, invoice line items). `rows` is a CTE with currency_code,
    rate_month, row_reject_reason and row_reject_detail (the row's own
    checks). The result is every row of `rows`, once, with three columns
    more: minor_unit (of stg_reference__currencies; null for a currency it
    does not list), fx_rate (fx_rates_as_of: the latest rate at or before
    rate_month; null when there is none) and the row's final reject_reason
    and reject_detail (fx_reject_reason: its own reason, then `checks`,
    written against the alias with_currency, then unknown_currency and
    no_fx_rate). Rates are looked up once per distinct (currency,
    rate_month) of the rows still kept, never per row.
-#}
{% macro fx_convert(rows, checks=[]) -%}
    {%- set needs -%}
    (
        select distinct
            needing.currency_code,
            needing.rate_month
        from {{ rows }} as needing
        inner join {{ ref('stg_reference__currencies') }} as currencies
            on needing.currency_code = currencies.currency_code
        where needing.row_reject_reason is null and currencies.minor_unit is not null
    )
    {%- endset -%}
    select
        with_currency.*,
        rates.rate as fx_rate,
        {{ saas_metrics.fx_reject_reason('with_currency', 'rates', checks) }} as reject_reason,
        {{ saas_metrics.fx_reject_detail('with_currency', 'rates', checks) }} as reject_detail
    from (
        select
            {{ rows }}.*,
            currencies.minor_unit
        from {{ rows }}
        left join {{ ref('stg_reference__currencies') }} as currencies
            on {{ rows }}.currency_code = currencies.currency_code
    ) as with_currency
    left join (
        {{ saas_metrics.fx_rates_as_of(needs) }}
    ) as rates
        on
            with_currency.currency_code = rates.currency_code
            and with_currency.rate_month = rates.rate_month
{%- endmacro %}

{#-
    The exchange rate of each (currency_code, rate_month) pair of `needs`
    (a CTE name or a parenthesised select) into the reporting currency: the latest rate whose month is
    at or before rate_month, from direct rows currency -> reporting
    currency only (no inversion, no triangulation). The reporting currency
    itself has rate 1, built in: a file row from a currency into itself is
    rejected in base_reference__fx_rates and never joined here, so no row
    of the reporting currency is counted twice. Pairs with no such rate get
    no row: the caller rejects those rows as no_fx_rate. Set-based: the distinct pairs are
    joined to the (small) rate table, never the rows that need them.
-#}
{% macro fx_rates_as_of(needs) -%}
    {%- set reporting_currency = var('reporting_currency') | upper -%}
    select
        latest.currency_code,
        latest.rate_month,
        rates.rate
    from (
        select
            needs.currency_code,
            needs.rate_month,
            max(rates.rate_month) as latest_rate_month
        from {{ needs }} as needs
        inner join {{ ref('stg_reference__fx_rates') }} as rates
            on
                needs.currency_code = rates.from_currency
                and rates.to_currency = '{{ reporting_currency }}'
                and rates.from_currency != rates.to_currency
                and rates.rate_month <= needs.rate_month
        group by needs.currency_code, needs.rate_month
    ) as latest
    inner join {{ ref('stg_reference__fx_rates') }} as rates
        on
            latest.currency_code = rates.from_currency
            and rates.to_currency = '{{ reporting_currency }}'
            and latest.latest_rate_month = rates.rate_month
    union all
    select distinct
        needs.currency_code,
        needs.rate_month,
        1.0 as rate
    from {{ needs }} as needs
    where needs.currency_code = '{{ reporting_currency }}'
{%- endmacro %}

{#-
    reject_reason and reject_detail of a row that needs a rate of
    fx_rates_as_of: `row` (the alias of a relation with row_reject_reason,
    row_reject_detail, currency_code, minor_unit and rate_month) left joined
    to `rates` (the alias of the fx_rates_as_of rows). In this order: the
    row's own reason, then `checks` (as in reject_reason: 'when' and
    'detail' are SQL, here on the joined row), then unknown_currency (no
    such currency) and no_fx_rate (no rate at or before rate_month).
-#}
{% macro fx_reject_reason(row, rates, checks=[]) -%}
    coalesce({{ row }}.row_reject_reason, {{ saas_metrics.reject_reason(checks + saas_metrics.fx_checks(row, rates)) }})
{%- endmacro %}

{% macro fx_reject_detail(row, rates, checks=[]) -%}
    case
        when {{ row }}.row_reject_reason is not null then {{ row }}.row_reject_detail
        else {{ saas_metrics.reject_detail(checks + saas_metrics.fx_checks(row, rates)) }}
    end
{%- endmacro %}

{#- The two checks of the conversion, in the format of reject_reason (macros/row_validation.sql). -#}
{% macro fx_checks(row, rates) -%}
    {{ return([
        {'when': row ~ '.minor_unit is null', 'reason': 'unknown_currency',
         'detail': dbt.concat(["'currency='''", "coalesce(" ~ row ~ ".currency_code, '')", "''''"])},
        {'when': rates ~ '.rate is null', 'reason': 'no_fx_rate',
         'detail': dbt.concat(["'currency='''", row ~ ".currency_code", "''' month='", dbt.cast(row ~ ".rate_month", dbt.type_string())])},
    ]) }}
{%- endmacro %}
