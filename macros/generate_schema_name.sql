{#-
    Schemas are named exactly as configured (`marts`, `staging`, ...), not
    prefixed with the target schema, so a BI tool sees `marts.mrr`.
    Models without a custom schema land in the target schema.
    The marts' schema is SAAS_MARTS_SCHEMA when set: the publish command
    (saas-publish, docs/publishing.md) builds the marts on PostgreSQL into
    marts__staging and swaps it with `marts` once every test passed. Every
    ref() to a mart (the singular tests included) follows it.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- elif custom_schema_name | trim == 'marts' -%}
        {{ env_var('SAAS_MARTS_SCHEMA', 'marts') | trim }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
