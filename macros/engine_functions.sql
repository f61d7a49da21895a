{#-
    Engine-specific SQL that dbt's cross-database macros do not cover.
    Models call only the names below; each engine's implementation is
    dispatched (duckdb__ / postgres__ / default__).
-#}

{#-
    on-run-start hook: create the helper functions an engine needs.
    PostgreSQL: saas_try_timestamp(text), in the target schema, which returns
    null instead of raising on text that is not a valid timestamp
    ('2024-02-30'), as DuckDB's try_cast does (used by parse_timestamp),
    saas_try_zoned_timestamp(text), the same for a time with a zone, as UTC,
    and
    saas_raise_error(text), which stops the query with that message (used by
    raise_error).
    Other engines: nothing.
-#}
{% macro create_engine_functions() -%}
    {{ return(adapter.dispatch('create_engine_functions', 'saas_metrics')()) }}
{%- endmacro %}

{% macro default__create_engine_functions() -%}
    select 1
{%- endmacro %}

{% macro postgres__create_engine_functions() -%}
    create schema if not exists {{ adapter.quote(target.schema) }};
    create or replace function {{ adapter.quote(target.schema) }}.saas_try_timestamp(value text) returns timestamp
    language plpgsql immutable as $$
    begin
        return cast(value as timestamp);
    exception when others then
        return null;
    end;
    $$;
    create or replace function {{ adapter.quote(target.schema) }}.saas_try_zoned_timestamp(value text) returns timestamp
    language plpgsql immutable as $$
    begin
        return cast(value as timestamptz) at time zone 'UTC';
    exception when others then
        return null;
    end;
    $$;
    create or replace function {{ adapter.quote(target.schema) }}.saas_raise_error(message text) returns text
    language plpgsql volatile as $$
    begin
        raise exception '%', message;
    end;
    $$
{%- endmacro %}

{#- The qualified name of the helper function above. -#}
{% macro try_timestamp_function() -%}
    {{ adapter.quote(target.schema) }}.saas_try_timestamp
{%- endmacro %}

{#-
    Stop the query with `message_expr` (a text expression) as its error.
    Used inside a case branch, so only a row that meets its condition
    raises. PostgreSQL: saas_raise_error (created by create_engine_functions,
    volatile so the planner never evaluates it early).
-#}
{% macro raise_error(message_expr) -%}
    {{ return(adapter.dispatch('raise_error', 'saas_metrics')(message_expr)) }}
{%- endmacro %}

{% macro duckdb__raise_error(message_expr) -%}
    error({{ message_expr }})
{%- endmacro %}

{% macro postgres__raise_error(message_expr) -%}
    {{ adapter.quote(target.schema) }}.saas_raise_error({{ message_expr }})
{%- endmacro %}

{% macro default__raise_error(message_expr) -%}
    raise_error({{ message_expr }})
{%- endmacro %}

{#-
    One row per part of a delimited string: a select-list expression that
    unnests (fans out) the parts of string_text split at delimiter_text, in
    any number (no fixed series of positions). The parts are not trimmed;
    empty parts are kept. Spark's split takes a regular expression: pass a
    delimiter with no regex meaning (e.g. ';').
-#}
{% macro split_to_rows(string_text, delimiter_text) -%}
    {{ return(adapter.dispatch('split_to_rows', 'saas_metrics')(string_text, delimiter_text)) }}
{%- endmacro %}

{% macro default__split_to_rows(string_text, delimiter_text) -%}
    unnest(string_to_array({{ string_text }}, {{ delimiter_text }}))
{%- endmacro %}

{% macro duckdb__split_to_rows(string_text, delimiter_text) -%}
    unnest(string_split({{ string_text }}, {{ delimiter_text }}))
{%- endmacro %}

{% macro spark__split_to_rows(string_text, delimiter_text) -%}
    explode(split({{ string_text }}, {{ delimiter_text }}))
{%- endmacro %}

{#-
    The host of a lower-cased URL text: after the first '://' when there is
    one (else from the start), up to the first '/', '?', '#' or ':' (port);
    null when that is empty. The same value on every engine: the default
    splits the text (portable, but it builds a list per split, which DuckDB
    pays for at millions of page views); DuckDB extracts it with one regular
    expression (int_page_views_resolved at 30,000 customers: 15.5 -> 11.7 s,
    docs/performance.md).
-#}
{% macro url_host(url_text) -%}
    {{ return(adapter.dispatch('url_host', 'saas_metrics')(url_text)) }}
{%- endmacro %}

{% macro default__url_host(url_text) -%}
    nullif(
        {{ dbt.split_part(dbt.split_part(dbt.split_part(dbt.split_part(
            'case when ' ~ dbt.position("'://'", url_text) ~ ' > 0 then ' ~ dbt.split_part(url_text, "'://'", 2) ~ ' else ' ~ url_text ~ ' end',
            "'/'", 1), "'?'", 1), "'#'", 1), "':'", 1) }},
        ''
    )
{%- endmacro %}

{% macro duckdb__url_host(url_text) -%}
    nullif(
        case
            when contains({{ url_text }}, '://') then regexp_extract({{ url_text }}, '://([^/?#:]*)', 1)
            else regexp_extract({{ url_text }}, '^[^/?#:]*')
        end,
        ''
    )
{%- endmacro %}
