{#-
    Fails for every non-null value outside [min_value, max_value]
    (either bound may be omitted). Usage:
      - saas_metrics.value_between: {min_value: 0, max_value: 1}
-#}
{% test value_between(model, column_name, min_value=none, max_value=none) %}

select {{ column_name }} as offending_value
from {{ model }}
where
    {{ column_name }} is not null
    and (
        {%- if min_value is not none %} {{ column_name }} < {{ min_value }}{% else %} false{% endif %}
        or
        {%- if max_value is not none %} {{ column_name }} > {{ max_value }}{% else %} false{% endif %}
    )

{% endtest %}
