{#-
    Parsing of raw text columns. Every raw column is read as text; these
    macros turn it into a typed value, or null when it cannot be read, so a
    staging model can reject the row with a reason. Engine-specific SQL is
    dispatched (duckdb__ / default__), the models call only these names.
-#}

{#- Trimmed text, empty string as null. -#}
{% macro clean_text(expr) -%}
    nullif(trim({{ expr }}), '')
{%- endmacro %}

{#- True when the trimmed text fully matches a regular expression. -#}
{% macro matches_regex(expr, pattern) -%}
    {{ return(adapter.dispatch('matches_regex', 'saas_metrics')(expr, pattern)) }}
{%- endmacro %}

{% macro duckdb__matches_regex(expr, pattern) -%}
    regexp_full_match(trim({{ expr }}), '{{ pattern }}')
{%- endmacro %}

{% macro postgres__matches_regex(expr, pattern) -%}
    (trim({{ expr }}) ~ '^(?:{{ pattern }})$')
{%- endmacro %}

{% macro default__matches_regex(expr, pattern) -%}
    (trim({{ expr }}) rlike '^(?:{{ pattern }})$')
{%- endmacro %}

{#- Whole number (minor units, quantities); null unless it is one with at
    most var max_number_digits significant digits (more: out_of_range, see
    number_checks), so the cast can never fail. -#}
{% macro parse_integer(expr) -%}
    case
        when {{ saas_metrics.matches_regex(expr, '[+-]?0*[0-9]{1,' ~ var('max_number_digits') ~ '}') }}
            then cast(trim({{ expr }}) as {{ dbt.type_bigint() }})
    end
{%- endmacro %}

{#- Decimal number in major units ('12', '12.5', '-0.75'); no thousands
    separators, no exponent; at most var max_number_digits significant
    digits before the point (digits after it are rounded by the cast). -#}
{% macro parse_decimal(expr) -%}
    case
        when {{ saas_metrics.matches_regex(expr, '[+-]?(0*[0-9]{1,' ~ var('max_number_digits') ~ '}([.][0-9]*)?|[.][0-9]+)') }}
            then cast(trim({{ expr }}) as {{ saas_metrics.type_money() }})
    end
{%- endmacro %}

{#- A number written correctly but with more significant digits before the
    point than var max_number_digits allows: the parse macros above give
    null for it, number_checks rejects the row as out_of_range. -#}
{% macro is_too_large_number(expr, kind='integer') -%}
    {%- set fraction = '([.][0-9]*)?' if kind == 'decimal' else '' -%}
    coalesce({{ saas_metrics.matches_regex(expr, '[+-]?0*[1-9][0-9]{' ~ var('max_number_digits') ~ ',}' ~ fraction) }}, false)
{%- endmacro %}

{#- Exchange rates and other ratios. -#}
{% macro parse_double(expr) -%}
    case
        when {{ saas_metrics.matches_regex(expr, '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?') }}
            then cast(trim({{ expr }}) as {{ saas_metrics.type_double() }})
    end
{%- endmacro %}

{#- true/false in any case; null otherwise. -#}
{% macro parse_boolean(expr) -%}
    case lower(trim({{ expr }}))
        when 'true' then true
        when 'false' then false
    end
{%- endmacro %}

{#- UTC timestamp from ISO 8601 text ('2024-03-01T10:00:00Z',
    '2024-03-01 10:00:00', '2024-03-01') or Unix epoch seconds; null when
    the text is not a valid instant (e.g. '2023-13-01', '2024-02-30'). -#}
{% macro parse_timestamp(expr) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'saas_metrics')(expr)) }}
{%- endmacro %}

{% macro duckdb__parse_timestamp(expr) -%}
    case
        when {{ saas_metrics.matches_regex(expr, '[0-9]{1,11}') }}
            then cast(to_timestamp(cast(trim({{ expr }}) as bigint)) at time zone 'UTC' as timestamp)
        when {{ saas_metrics.matches_regex(expr, '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?(Z|[+-]00(:?00)?)?') }}
            then try_cast(regexp_replace(trim({{ expr }}), '(Z|[+-]00(:?00)?)$', '') as timestamp)
    end
{%- endmacro %}

{#- PostgreSQL has no try_cast: saas_try_timestamp (macros/engine_functions.sql)
    returns null on an impossible date. -#}
{% macro postgres__parse_timestamp(expr) -%}
    case
        when {{ saas_metrics.matches_regex(expr, '[0-9]{1,11}') }}
            then (to_timestamp(cast(trim({{ expr }}) as bigint)) at time zone 'UTC')
        when {{ saas_metrics.matches_regex(expr, '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?(Z|[+-]00(:?00)?)?') }}
            then {{ saas_metrics.try_timestamp_function() }}(regexp_replace(trim({{ expr }}), '(Z|[+-]00(:?00)?)$', ''))
    end
{%- endmacro %}

{#- Spark: try_cast is null on an impossible date (ANSI mode or not);
    timestamp_seconds reads epoch seconds (the session time zone is UTC,
    profiles.yml). -#}
{% macro spark__parse_timestamp(expr) -%}
    case
        when {{ saas_metrics.matches_regex(expr, '[0-9]{1,11}') }}
            then timestamp_seconds(cast(trim({{ expr }}) as bigint))
        when {{ saas_metrics.matches_regex(expr, '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?(Z|[+-]00(:?00)?)?') }}
            then try_cast(regexp_replace(trim({{ expr }}), '(Z|[+-]00(:?00)?)$', '') as timestamp)
    end
{%- endmacro %}

{#- Month text 'YYYY-MM' to the first day of that month. -#}
{% macro parse_month(expr) -%}
    case
        when {{ saas_metrics.matches_regex(expr, '[0-9]{4}-(0[1-9]|1[0-2])') }}
            then cast({{ saas_metrics.parse_timestamp(dbt.concat([expr, "'-01'"])) }} as date)
    end
{%- endmacro %}

{#- A value that is present but could not be parsed. -#}
{% macro is_unparseable(raw_expr, parsed_expr) -%}
    ({{ saas_metrics.clean_text(raw_expr) }} is not null and {{ parsed_expr }} is null)
{%- endmacro %}

{#- The raw row as text: 'col=value | col=value ...', for audit.rejected_rows. -#}
{% macro raw_row_text(columns) -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- if not loop.first -%}{%- do parts.append("' | '") -%}{%- endif -%}
        {%- do parts.append("'" ~ column ~ "='") -%}
        {%- do parts.append("coalesce(" ~ adapter.quote(column) ~ ", '')") -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}
