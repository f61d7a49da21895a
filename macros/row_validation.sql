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

{#- Detail of a value-rule rejection: col='raw value' (why). -#}
{% macro value_detail(column, why) -%}
    {{ dbt.concat(["'" ~ column ~ "='''", "coalesce(" ~ adapter.quote(column) ~ ", '')", "''' (" ~ why ~ ")'"]) }}
{%- endmacro %}

{#-
    The checks of one number column, in order: out_of_range (more
    significant digits than var max_number_digits: the value would not fit
    its type, or would dwarf every real amount), then non_numeric (not a
    number; when `required`, also empty). `kind`: 'integer' or 'decimal'.
    Returns a list of checks: `checks + number_checks(...)`.
-#}
{% macro number_checks(column, kind='integer', required=false) -%}
    {%- set raw = adapter.quote(column) -%}
    {%- set non_numeric = saas_metrics.check_decimal(column, required) if kind == 'decimal' else saas_metrics.check_integer(column, required) -%}
    {{ return([
        {'when': saas_metrics.is_too_large_number(raw, kind), 'reason': 'out_of_range',
         'detail': saas_metrics.value_detail(column, 'more than ' ~ var('max_number_digits') ~ ' digits before the decimal point')},
        {'when': non_numeric, 'reason': 'non_numeric', 'column': column},
    ]) }}
{%- endmacro %}

{#-
    The plausibility checks of one date column (DECISIONLOG "Implausible
    values"): implausible_date when the parsed date is before var
    plausible_dates_from, or after the build's start time plus var
    plausible_days_ahead days (`scheduled`: plus var
    plausible_schedule_years_ahead years, for dates that are planned
    rather than happened). `parsed`: the typed expression (default: the
    column read by parse_timestamp). A null (empty or unparseable) date
    passes: the parse checks deal with it. Returns a list of checks.
-#}
{% macro date_checks(column, scheduled=false, parsed=none) -%}
    {%- set value = dbt.cast(parsed if parsed is not none else saas_metrics.parse_timestamp(adapter.quote(column)), dbt.type_timestamp()) -%}
    {%- set earliest = var('plausible_dates_from') -%}
    {%- if scheduled -%}
        {%- set latest = run_started_at + modules.datetime.timedelta(days=(var('plausible_schedule_years_ahead') | int) * 36525 // 100) -%}
        {%- set latest_label = 'the build time plus ' ~ var('plausible_schedule_years_ahead') ~ ' years' -%}
    {%- else -%}
        {%- set latest = run_started_at + modules.datetime.timedelta(days=var('plausible_days_ahead') | int) -%}
        {%- set latest_label = 'the build time plus ' ~ var('plausible_days_ahead') ~ ' days' -%}
    {%- endif -%}
    {%- set latest_text = latest.strftime('%Y-%m-%d %H:%M:%S') -%}
    {{ return([
        {'when': value ~ ' < ' ~ dbt.cast("'" ~ earliest ~ "'", dbt.type_timestamp()), 'reason': 'implausible_date',
         'detail': saas_metrics.value_detail(column, 'before ' ~ earliest ~ ', var plausible_dates_from')},
        {'when': value ~ ' > ' ~ dbt.cast("'" ~ latest_text ~ "'", dbt.type_timestamp()), 'reason': 'implausible_date',
         'detail': saas_metrics.value_detail(column, 'after ' ~ latest_text ~ ', ' ~ latest_label)},
    ]) }}
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

{#- Present but not one of the allowed values (compared as labels: see
    parse_label, which the base models use to read the column). -#}
{% macro check_in(column, values) -%}
    ({{ saas_metrics.clean_text(adapter.quote(column)) }} is not null
        and {{ saas_metrics.parse_label(adapter.quote(column)) }} not in (
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
