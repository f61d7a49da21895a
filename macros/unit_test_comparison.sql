{#-
    PostgreSQL: compare unit-test results by value, not by the text of the
    value. dbt compares actual and expected rows as text, and PostgreSQL
    keeps a numeric's scale (a model's 90.00000000 against the fixture's
    90.0 would differ). Every numeric column of the model is passed through
    trim_scale() on both sides (90.00000000 and 90.0 both become 90), so a
    unit test still fails on any different value. Other engines: dbt's own
    comparison.
-#}
{% macro postgres__get_unit_test_sql(main_sql, expected_fixture_sql, expected_column_names) -%}
{%- set numeric_columns = [] -%}
{%- if execute -%}
    {%- for column in get_column_schema_from_query(main_sql) -%}
        {%- if (column.dtype | lower).startswith('numeric') or (column.dtype | lower).startswith('decimal') -%}
            {%- do numeric_columns.append(column.name | lower) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif -%}
select
    {% for expected_column_name in expected_column_names -%}
    {%- set bare_name = expected_column_name | replace('"', '') | lower -%}
    {%- if bare_name in numeric_columns -%}
    trim_scale({{ expected_column_name }}) as {{ expected_column_name }},
    {%- else -%}
    {{ expected_column_name }},
    {%- endif %}
    {% endfor -%}
    {{ adapter.quote("actual_or_expected") }}
from (
    {{ default__get_unit_test_sql(main_sql, expected_fixture_sql, expected_column_names) }}
) as dbt_internal_unit_test_compared
{%- endmacro %}
