{#-
    Parsing of raw text columns. Every raw column is read as text; these
    macros turn it into a typed value, or null when it cannot be read, so a
    staging model can reject the row with a reason. Engine-specific SQL is
    dispatched (duckdb__ / default__), the models call only these names.
-#}

{#- A label as a code: trimmed, lower case, spaces and hyphens as
    underscores, so an export's display label reads as the API value
    ('Non Renewing', 'non-renewing' -> 'non_renewing'); empty as null. -#}
{% macro parse_label(expr) -%}
    lower(replace(replace({{ saas_metrics.clean_text(expr) }}, ' ', '_'), '-', '_'))
{%- endmacro %}

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

{#-
    UTC timestamp from the text forms exports write; null when the text is
    not a valid instant (e.g. '2023-13-01', '2024-02-30', 'yesterday'):
    - Unix epoch seconds (up to 11 digits) or milliseconds (12 or 13
      digits, as HubSpot's API gives them);
    - ISO 8601 date or date and time ('T' or a space between), with an
      optional fraction of a second, then optionally, with or without a
      space before it: 'Z', 'UTC', or an offset +hh:mm, +hhmm or +hh
      (either sign), converted to UTC;
    - a date and time with no zone is local time of `timezone` (an IANA
      name; default: the time zone of the model's source system, see
      export_timezone), converted to UTC.
    One portable macro; the engine-specific pieces are dispatched below
    (try_cast_timestamp, epoch_to_timestamp, local_to_utc).
-#}
{% macro parse_timestamp(expr, timezone=none) -%}
    {%- set timezone = timezone if timezone is not none else saas_metrics.export_timezone() -%}
    {%- set date_time = '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?' -%}
    {%- set zone = ' ?(Z|UTC|[+-][0-9]{2}(:?[0-9]{2})?)' -%}
    {%- set text = 'trim(' ~ expr ~ ')' -%}
    {#- no space before the zone, which every engine's cast then reads -#}
    {%- set zoned = "replace(replace(replace(" ~ text ~ ", ' UTC', 'Z'), ' +', '+'), ' -', '-')" -%}
    case
        when {{ saas_metrics.matches_regex(expr, '[0-9]{1,11}') }}
            then {{ saas_metrics.epoch_to_timestamp('cast(' ~ text ~ ' as ' ~ dbt.type_bigint() ~ ')') }}
        when {{ saas_metrics.matches_regex(expr, '[0-9]{12,13}') }}
            then {{ saas_metrics.epoch_to_timestamp('cast(' ~ text ~ ' as ' ~ saas_metrics.type_double() ~ ') / 1000') }}
        when {{ saas_metrics.matches_regex(expr, date_time) }}
            then {{ saas_metrics.local_to_utc(saas_metrics.try_cast_timestamp(text), timezone) }}
        when {{ saas_metrics.matches_regex(expr, date_time ~ zone) }}
            then {{ saas_metrics.try_cast_zoned_timestamp(zoned) }}
    end
{%- endmacro %}

{#- Text to timestamp, null when it is not a valid one. PostgreSQL has no
    try_cast: saas_try_timestamp (macros/engine_functions.sql). -#}
{% macro try_cast_timestamp(text_expr) -%}
    {{ return(adapter.dispatch('try_cast_timestamp', 'saas_metrics')(text_expr)) }}
{%- endmacro %}

{% macro default__try_cast_timestamp(text_expr) -%}
    try_cast({{ text_expr }} as timestamp)
{%- endmacro %}

{% macro postgres__try_cast_timestamp(text_expr) -%}
    {{ saas_metrics.try_timestamp_function() }}({{ text_expr }})
{%- endmacro %}

{#- Text of a date and time with a zone ('Z', '+hh:mm', '+hhmm', '+hh')
    as the UTC timestamp of that instant, null when it is not a valid one. -#}
{% macro try_cast_zoned_timestamp(text_expr) -%}
    {{ return(adapter.dispatch('try_cast_zoned_timestamp', 'saas_metrics')(text_expr)) }}
{%- endmacro %}

{% macro duckdb__try_cast_zoned_timestamp(text_expr) -%}
    cast(try_cast({{ text_expr }} as timestamptz) at time zone 'UTC' as timestamp)
{%- endmacro %}

{% macro postgres__try_cast_zoned_timestamp(text_expr) -%}
    {{ adapter.quote(target.schema) }}.saas_try_zoned_timestamp({{ text_expr }})
{%- endmacro %}

{#- Spark reads the zone and gives the instant in the session time zone,
    which is UTC (profiles.yml). -#}
{% macro default__try_cast_zoned_timestamp(text_expr) -%}
    try_cast({{ text_expr }} as timestamp)
{%- endmacro %}

{#- Unix epoch seconds (a number, fractions allowed) as a UTC timestamp.
    Spark: the session time zone is UTC (profiles.yml). -#}
{% macro epoch_to_timestamp(seconds_expr) -%}
    {{ return(adapter.dispatch('epoch_to_timestamp', 'saas_metrics')(seconds_expr)) }}
{%- endmacro %}

{% macro duckdb__epoch_to_timestamp(seconds_expr) -%}
    cast(to_timestamp({{ seconds_expr }}) at time zone 'UTC' as timestamp)
{%- endmacro %}

{% macro postgres__epoch_to_timestamp(seconds_expr) -%}
    (to_timestamp({{ seconds_expr }}) at time zone 'UTC')
{%- endmacro %}

{% macro default__epoch_to_timestamp(seconds_expr) -%}
    cast(timestamp_micros(cast(round({{ seconds_expr }} * 1000000) as bigint)) as timestamp)
{%- endmacro %}

{#- A timestamp of local time in `timezone` (IANA name) as UTC; unchanged
    for 'UTC'. -#}
{% macro local_to_utc(timestamp_expr, timezone) -%}
    {%- if timezone | upper == 'UTC' -%}
    {{ timestamp_expr }}
    {%- else -%}
    {{ return(adapter.dispatch('local_to_utc', 'saas_metrics')(timestamp_expr, timezone | replace("'", ""))) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__local_to_utc(timestamp_expr, timezone) -%}
    cast(({{ timestamp_expr }} at time zone '{{ timezone }}') at time zone 'UTC' as timestamp)
{%- endmacro %}

{% macro spark__local_to_utc(timestamp_expr, timezone) -%}
    to_utc_timestamp({{ timestamp_expr }}, '{{ timezone }}')
{%- endmacro %}

{#- The time zone of naive local times in the raw files of the model being
    built: var chargebee_export_timezone for Chargebee's base models, var
    hubspot_export_timezone for HubSpot's, UTC for the others (Segment, the
    survey tool and the reference files write UTC). -#}
{% macro export_timezone() -%}
    {%- set name = (this.identifier if this is defined and this is not none and this.identifier else '') | string -%}
    {%- if name.startswith('base_chargebee__') -%}
    {{ return(var('chargebee_export_timezone', 'UTC')) }}
    {%- elif name.startswith('base_hubspot__') -%}
    {{ return(var('hubspot_export_timezone', 'UTC')) }}
    {%- else -%}
    {{ return('UTC') }}
    {%- endif -%}
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

{#- The raw row as text: 'col=value | col=value ...', for audit.rejected_rows;
    prefix: of the columns holding the raw text (e.g. 'raw_'). -#}
{% macro raw_row_text(columns, prefix='') -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- if not loop.first -%}{%- do parts.append("' | '") -%}{%- endif -%}
        {%- do parts.append("'" ~ column ~ "='") -%}
        {%- do parts.append("coalesce(" ~ adapter.quote(prefix ~ column) ~ ", '')") -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}
