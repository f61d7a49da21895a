{#- Decimal type of every money column: sub-cent scale so sums are exact. -#}
{% macro type_money() -%}
    decimal(38, {{ var('money_scale') }})
{%- endmacro %}

{#- Round a money expression to the money scale and cast it. -#}
{% macro to_money(expr) -%}
    {{ return(adapter.dispatch('to_money', 'saas_metrics')(expr)) }}
{%- endmacro %}

{% macro default__to_money(expr) -%}
    cast(round({{ expr }}, {{ var('money_scale') }}) as {{ saas_metrics.type_money() }})
{%- endmacro %}

{#- PostgreSQL has round(numeric, integer) only, not round(double precision, integer). -#}
{% macro postgres__to_money(expr) -%}
    cast(round(cast({{ expr }} as numeric), {{ var('money_scale') }}) as {{ saas_metrics.type_money() }})
{%- endmacro %}

{#- First day of the month of a timestamp or date, as a date. -#}
{% macro month_of(expr) -%}
    cast({{ dbt.date_trunc('month', expr) }} as date)
{%- endmacro %}

{#- First day of the month `n` months after the month of `month_expr`. -#}
{% macro add_months(month_expr, n) -%}
    cast({{ dbt.dateadd('month', n, month_expr) }} as date)
{%- endmacro %}

{#- Ratio that is null, never 0 and never an error, on a zero denominator. -#}
{% macro safe_divide(numerator, denominator) -%}
    (cast({{ numerator }} as {{ saas_metrics.type_double() }}) / nullif(cast({{ denominator }} as {{ saas_metrics.type_double() }}), 0))
{%- endmacro %}

{#- Round a score or sub-score to 6 decimals (DECISIONLOG "Scores are rounded to 6 decimals": no floating-point noise, a score on a band threshold lands in its band). -#}
{% macro round_score(value) -%}
    cast(round(cast({{ value }} as decimal(38, 12)), 6) as {{ saas_metrics.type_double() }})
{%- endmacro %}

{#- 8-byte floating point for rates and ratios (saas_metrics.type_double() is a
    4-byte float on some engines). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'saas_metrics')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double
{%- endmacro %}

{% macro postgres__type_double() -%}
    double precision
{%- endmacro %}
