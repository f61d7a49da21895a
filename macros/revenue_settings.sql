{#-
    The recurring-revenue settings (dbt vars, docs/metrics.md "Settings"),
    each read and validated here, once: a model asks the macro, never the
    var. An invalid value stops the build with a message naming the var.
-#}

{#- churn_recognition: 'cancellation' (default) or 'period_end'
    (int_line_items_normalized). -#}
{% macro churn_recognition() -%}
    {%- set value = var('churn_recognition', 'cancellation') -%}
    {%- if value not in ['cancellation', 'period_end'] -%}
        {{ exceptions.raise_compiler_error(
            "var churn_recognition must be 'cancellation' or 'period_end', got '" ~ value ~ "'"
        ) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}

{#- reactivation_window_months: a whole number >= 0; 0 (default) = any
    return is a reactivation (int_customer_months). -#}
{% macro reactivation_window_months() -%}
    {%- set value = var('reactivation_window_months', 0) -%}
    {%- if value is boolean or value is not integer or value < 0 -%}
        {{ exceptions.raise_compiler_error(
            "var reactivation_window_months must be a whole number of months >= 0, got '" ~ value ~ "'"
        ) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}

{#- delinquent_churn_after_days: null (default, off) or a whole number of
    days >= 0 (int_subscription_months). -#}
{% macro delinquent_churn_after_days() -%}
    {%- set value = var('delinquent_churn_after_days', none) -%}
    {%- if value is not none and (value is boolean or value is not integer or value < 0) -%}
        {{ exceptions.raise_compiler_error(
            "var delinquent_churn_after_days must be null (off) or a whole number of days >= 0, got '" ~ value ~ "'"
        ) }}
    {%- endif -%}
    {{ return(value) }}
{%- endmacro %}
