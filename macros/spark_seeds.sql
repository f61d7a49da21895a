{#-
    Spark (session mode): seed rows as SQL literals. dbt-spark's own
    spark__load_csv_rows passes the values as bindings that its session
    cursor pastes into the SQL as '<value>': an empty cell becomes the text
    'None' and a quote in a value breaks the statement. Here each value is
    a literal: null for an empty cell, true/false, a number as written, text
    quoted with Spark's escapes (backslash, quote). Overrides the macro of
    the `dbt` namespace (the root project is searched first); other engines
    keep their own.
-#}
{% macro spark__load_csv_rows(model, agate_table) -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for col_name in agate_table.column_names -%}
                    {%- set type = column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)) -%}
                    cast({{ saas_metrics.spark_seed_literal(row[loop.index0]) }} as {{ type }})
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.first -%}{%- do statements.append(sql) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{%- endmacro %}

{% macro spark_seed_literal(value) -%}
    {%- if value is none -%}
        null
    {%- elif value is boolean -%}
        {{ 'true' if value else 'false' }}
    {%- elif value is number -%}
        {{ value }}
    {%- else -%}
        '{{ value | string | replace('\\', '\\\\') | replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}
