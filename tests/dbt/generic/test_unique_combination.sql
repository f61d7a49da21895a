{#-
    Fails for every combination of `columns` that occurs more than once:
    the grain test of a model whose key spans several columns. Usage:
      data_tests:
        - saas_metrics.unique_combination: {columns: [customer_id, month]}
-#}
{% test unique_combination(model, columns) %}

select
    {{ columns | join(', ') }},
    count(*) as occurrences
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
