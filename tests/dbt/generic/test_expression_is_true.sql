{#-
    Fails for every row where `expression` is not true (false or null).
    Usage (model level):
      data_tests:
        - saas_metrics.expression_is_true:
            expression: "arr = mrr * 12"
-#}
{% test expression_is_true(model, expression, where_clause=none) %}

select *
from {{ model }}
where
    not coalesce({{ expression }}, false)
    {%- if where_clause %} and ({{ where_clause }}){% endif %}

{% endtest %}
