{#-
    Row validation for the base staging models. A base model lists its
    checks in order of precedence; the first that fails names the row's
    reject reason (a short stable code) and detail (the column and value).

    A check is a dict: {'when': <sql condition that means "bad">,
    'reason': <code>, 'column': <raw column for the detail>} or, instead of
    'column', 'detail': <sql text expression>. The helpers below build the
    usual conditions from a raw (text) column.
-#}

{% macro check_missing(column) -%}
    {{ saas_metrics.clean_text(adapter.quote(column)) }} is null
{%- endmacro %}

{% macro check_timestamp(column, required=false) -%}
    {%- set raw = adapter.quote(column) -%}
    {%- if required -%}
    {{ saas_metrics.parse_timestamp(raw) }} is null
    {%- else -%}
    {{ saas_metrics.is_unparseable(raw, saas_metrics.parse_timestamp(raw)) }}
    {%- endif -%}
{%- endmacro %}

{% macro check_integer(column, required=false) -%}
    {%- set raw = adapter.quote(column) -%}
    {%- if required -%}
    {{ saas_metrics.parse_integer(raw) }} is null
    {%- else -%}
    {{ saas_metrics.is_unparseable(raw, saas_metrics.parse_integer(raw)) }}
    {%- endif -%}
{%- endmacro %}

{% macro check_decimal(column, required=false) -%}
    {%- set raw = adapter.quote(column) -%}
    {%- if required -%}
    {{ saas_metrics.parse_decimal(raw) }} is null
    {%- else -%}
    {{ saas_metrics.is_unparseable(raw, saas_metrics.parse_decimal(raw)) }}
    {%- endif -%}
{%- endmacro %}

{% macro check_boolean(column) -%}
    {{ saas_metrics.is_unparseable(adapter.quote(column), saas_metrics.parse_boolean(adapter.quote(column))) }}
{%- endmacro %}

{#-
    A HubSpot record id: a positive integer, digits only, no sign and no
    leading zero (HubSpot's ids are; '0123' would not join with '123').
    With many=true, one or more ids separated by ';' (spaces around each id
    allowed), as in Associated Contact IDs: every id of the list is checked.
    True when the value is present but is not such an id; an empty value is
    left to check_missing (Record ID) or allowed (an association).
-#}
{% macro check_hubspot_id(column, many=false) -%}
    {%- set one_id = '[1-9][0-9]*' -%}
    {%- set pattern = one_id ~ '( *; *' ~ one_id ~ ')*' if many else one_id -%}
    ({{ saas_metrics.clean_text(adapter.quote(column)) }} is not null
        and not {{ saas_metrics.matches_regex(adapter.quote(column), pattern) }})
{%- endmacro %}

{#- Present but not one of the allowed values (compared lower-cased). -#}
{% macro check_in(column, values) -%}
    ({{ saas_metrics.clean_text(adapter.quote(column)) }} is not null
        and lower(trim({{ adapter.quote(column) }})) not in (
            {%- for value in values %}'{{ value | lower }}'{{ ", " if not loop.last }}{% endfor -%}
        ))
{%- endmacro %}

{% macro reject_reason(checks) -%}
    case
        {%- for check in checks %}
        when {{ check.when }} then '{{ check.reason }}'
        {%- endfor %}
    end
{%- endmacro %}

{% macro reject_detail(checks) -%}
    case
        {%- for check in checks %}
        when {{ check.when }} then
            {%- if check.detail is defined %} {{ check.detail }}
            {%- else %} {{ dbt.concat(["'" ~ check.column ~ "='''", "coalesce(" ~ adapter.quote(check.column) ~ ", '')", "''''"]) }}
            {%- endif %}
        {%- endfor %}
    end
{%- endmacro %}

{#-
    The fate of a raw row: 'rejected' when it has a reject reason, else
    'kept' for the newest valid version of its record and 'superseded' for
    older versions and duplicate deliveries. Newest = latest `version_column`
    (nulls oldest), then the file whose name sorts last, then the later row.
    Must be used in a CTE that has reject_reason, source_file and
    source_row_number.
-#}
{% macro row_fate(key_column, version_column=none) -%}
    case
        when reject_reason is not null then 'rejected'
        when row_number() over (
            partition by {{ key_column }}, reject_reason is null
            order by
                {%- if version_column %} {{ version_column }} desc nulls last,{% endif %}
                source_file desc,
                source_row_number desc
        ) = 1 then 'kept'
        else 'superseded'
    end
{%- endmacro %}
