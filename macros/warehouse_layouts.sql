{#-
    Warehouse source layouts (docs/warehouse_layouts.md). The raw
    tables of Chargebee, HubSpot and Segment may be the project's own
    loader's (`<source>__<table>`, text columns, the default) or the tables
    an EL tool landed. The layout of each system is a var, as in Fivetran's
    packages:

        chargebee_layout: loader | fivetran | airbyte   (source chargebee)
        hubspot_layout:   loader | fivetran | airbyte   (source hubspot)
        segment_layout:   loader | fivetran             (source segment)

    For a layout other than `loader`, each raw table has a thin adapter
    model, models/staging/<system>/adapters/<layout>/<layout>_<system>__<table>.sql,
    that outputs exactly the loader's text columns (with _source_file and
    _row_number); raw_source() and raw_relation() then return its ref(), so
    the base models, the audit counts and the marts are unchanged. The
    adapters of the layouts not chosen are disabled (dbt_project.yml), so a
    loader build does not depend on them. vars are known when dbt parses, so
    the ref() is resolved then.
-#}
{#- The layout var of a raw source's system: the source is named for its
    system (chargebee, hubspot, segment); 'loader' for a source with no
    other layout (marketing, surveys, reference). -#}
{% macro source_layout(source_name) -%}
    {%- if source_name not in saas_metrics.known_layouts() -%}{{ return('loader') }}{%- endif -%}
    {%- set layout = var(source_name ~ '_layout', 'loader') -%}
    {%- set known = saas_metrics.known_layouts()[source_name] -%}
    {%- if layout not in known -%}
        {{ exceptions.raise_compiler_error("var " ~ source_name ~ "_layout='" ~ layout ~ "' is not a layout of " ~ source_name ~ ": one of " ~ known | join(', ') ~ " (docs/warehouse_layouts.md)") }}
    {%- endif -%}
    {{ return(layout) }}
{%- endmacro %}

{#- The layouts each system has adapters for. -#}
{% macro known_layouts() -%}
    {{ return({
        'chargebee': ['loader', 'fivetran', 'airbyte'],
        'hubspot': ['loader', 'fivetran', 'airbyte'],
        'segment': ['loader', 'fivetran'],
    }) }}
{%- endmacro %}

{#- The adapter model of a raw table in a non-default layout, as a ref();
    none in the loader layout. -#}
{% macro layout_adapter(source_name, table_name) -%}
    {%- set layout = saas_metrics.source_layout(source_name) -%}
    {%- if layout == 'loader' -%}{{ return(none) }}{%- endif -%}
    {{ return(ref(layout ~ '_' ~ source_name ~ '__' ~ table_name)) }}
{%- endmacro %}

{#- The relation holding a raw table's rows as the loader writes them: the
    source itself, or the adapter of the system's layout. The audit counts
    rows read here. -#}
{% macro raw_relation(source_name, table_name) -%}
    {%- set adapter_relation = saas_metrics.layout_adapter(source_name, table_name) -%}
    {%- if adapter_relation is not none -%}{{ return(adapter_relation) }}{%- endif -%}
    {%- if target.type == 'duckdb' and execute and graph.get('sources') -%}
        {#- the raw files as raw_source reads them: every file name pattern,
            the header aliases applied (macros/raw_files.sql). A unit test's
            graph has no sources: its source() is the test's rows. -#}
        {%- set files = saas_metrics.raw_source_files(source_name, table_name) -%}
        {{ return(saas_metrics.duckdb_raw_read(source_name, table_name, files, saas_metrics.raw_source_mappings(source_name, table_name, files))) }}
    {%- endif -%}
    {{ return(source(source_name, table_name)) }}
{%- endmacro %}

{#-
    Typed EL columns to the canonical text the base models parse.
    el_text: any value as text (numbers keep their digits: amounts in minor
    units stay integers); el_boolean_text: 'true' / 'false';
    el_timestamp_text: ISO 8601 'YYYY-MM-DDTHH:MI:SS.ffffffZ' of a timestamp
    without time zone (UTC, as EL tools land it), which parse_timestamp reads
    back to the same instant; the 'Z' keeps it UTC whatever the export time
    zone vars say (they are about files: chargebee_export_timezone,
    hubspot_export_timezone).
-#}
{% macro el_text(expr) -%}
    cast({{ expr }} as {{ dbt.type_string() }})
{%- endmacro %}

{% macro el_boolean_text(expr) -%}
    case when {{ expr }} then 'true' when not {{ expr }} then 'false' end
{%- endmacro %}

{% macro el_timestamp_text(expr) -%}
    {{ return(adapter.dispatch('el_timestamp_text', 'saas_metrics')(expr)) }}
{%- endmacro %}

{% macro default__el_timestamp_text(expr) -%}
    to_char(cast({{ expr }} as timestamp), 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
{%- endmacro %}

{% macro duckdb__el_timestamp_text(expr) -%}
    strftime(cast({{ expr }} as timestamp), '%Y-%m-%dT%H:%M:%S.%fZ')
{%- endmacro %}

{% macro spark__el_timestamp_text(expr) -%}
    date_format(cast({{ expr }} as timestamp), "yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
{%- endmacro %}

{#- A timestamp with time zone (Airbyte's typed date-times) as the same
    canonical text of its instant in UTC, whatever the session's time zone.
    Spark has no zoned type: its timestamps are instants, shown in the
    session time zone (UTC, profiles.yml). -#}
{% macro el_timestamptz_text(expr) -%}
    {{ return(adapter.dispatch('el_timestamptz_text', 'saas_metrics')(expr)) }}
{%- endmacro %}

{% macro default__el_timestamptz_text(expr) -%}
    {{ saas_metrics.el_timestamp_text('(' ~ expr ~ " at time zone 'UTC')") }}
{%- endmacro %}

{% macro spark__el_timestamptz_text(expr) -%}
    {{ saas_metrics.el_timestamp_text(expr) }}
{%- endmacro %}

{#- A JSON number (Airbyte types HubSpot's number properties as double) as
    the digits the loader's files have: a whole number without a fraction
    ('233', not '233.0', which DuckDB's cast would give), any other as its
    shortest text ('455.54'). -#}
{% macro el_number_text(expr) -%}
    case
        when {{ expr }} = floor({{ expr }}) and abs({{ expr }}) < 1e15
            then {{ saas_metrics.el_text('cast(' ~ expr ~ ' as ' ~ dbt.type_bigint() ~ ')') }}
        else {{ saas_metrics.el_text(expr) }}
    end
{%- endmacro %}

{#- The ids of a link table, ';'-separated in id order, as the loader's
    'Associated ... IDs' columns (one group per parent id). -#}
{% macro el_id_list(expr) -%}
    {{ dbt.listagg(saas_metrics.el_text(expr), "';'", 'order by ' ~ expr) }}
{%- endmacro %}

{#- The same for ids held as text (the elements of an Airbyte association
    array): in numeric order for ids of digits (shorter first, then by
    text), without casting, so a malformed id reaches the base model's
    invalid_id check instead of failing the cast. -#}
{% macro el_text_id_list(expr) -%}
    {{ dbt.listagg(expr, "';'", 'order by length(' ~ expr ~ '), ' ~ expr) }}
{%- endmacro %}

{#-
    An EL tool's table, by the vars of Fivetran's dbt packages:
    <system>_database (default: the target's; none on Spark, which has no
    databases), <system>_schema (default: the system's name, e.g. chargebee)
    and <system>_<table>_identifier (default: the table's name). These tables
    are not declared as dbt sources: every declared source is a raw source of
    the audit (tests/dbt/singular/assert_every_source_is_reconciled.sql), and an
    EL table is read through its adapter model, whose rows the audit counts.
-#}
{% macro el_table(system, table_name) -%}
    {%- set default_database = none if target.type == 'spark' else target.database -%}
    {{ return(api.Relation.create(
        database=var(system ~ '_database', default_database),
        schema=var(system ~ '_schema', system),
        identifier=var(system ~ '_' ~ table_name ~ '_identifier', table_name)
    )) }}
{%- endmacro %}

{#-
    The elements of a JSON array column (Airbyte's nested arrays, e.g. an
    invoice's line_items), one row each: el_json_array_join() goes right
    after the FROM of the parent table and names each element `alias`;
    el_json_field() is one field of the element as text (null when absent).
    postgres: jsonb_array_elements; duckdb: unnest of the JSON as a list of
    JSON values; spark: from_json + explode (the column holds JSON text).
    el_json_element_text() is the element itself as text, for an array of
    scalars (Airbyte's HubSpot associations, e.g. a deal's contacts).
    A null or empty array gives no row.
-#}
{% macro el_json_array_join(array_expr, alias) -%}
    {{ return(adapter.dispatch('el_json_array_join', 'saas_metrics')(array_expr, alias)) }}
{%- endmacro %}

{% macro default__el_json_array_join(array_expr, alias) -%}
    cross join lateral jsonb_array_elements(cast({{ array_expr }} as jsonb)) as {{ alias }} (element)
{%- endmacro %}

{% macro duckdb__el_json_array_join(array_expr, alias) -%}
    cross join unnest(cast(cast({{ array_expr }} as json) as json [])) as {{ alias }} (element)
{%- endmacro %}

{% macro spark__el_json_array_join(array_expr, alias) -%}
    lateral view explode(from_json({{ array_expr }}, 'array<string>')) {{ alias }} as element
{%- endmacro %}

{% macro el_json_field(alias, key) -%}
    {{ return(adapter.dispatch('el_json_field', 'saas_metrics')(alias, key)) }}
{%- endmacro %}

{% macro default__el_json_field(alias, key) -%}
    ({{ alias }}.element ->> '{{ key }}')
{%- endmacro %}

{% macro duckdb__el_json_field(alias, key) -%}
    ({{ alias }}.element ->> '{{ key }}')
{%- endmacro %}

{% macro spark__el_json_field(alias, key) -%}
    get_json_object({{ alias }}.element, '$.{{ key }}')
{%- endmacro %}

{% macro el_json_element_text(alias) -%}
    {{ return(adapter.dispatch('el_json_element_text', 'saas_metrics')(alias)) }}
{%- endmacro %}

{% macro default__el_json_element_text(alias) -%}
    ({{ alias }}.element #>> '{}')
{%- endmacro %}

{% macro duckdb__el_json_element_text(alias) -%}
    ({{ alias }}.element ->> '$')
{%- endmacro %}

{% macro spark__el_json_element_text(alias) -%}
    {{ alias }}.element
{%- endmacro %}
