{#-
    Chargebee rules read by more than one model, written once.
-#}

{#- A recurring line item (plan* and addon* entity types): the only ones
    that are monthly recurring revenue. `expr` is the entity type as text. -#}
{% macro is_recurring_entity_type(expr) -%}
    (lower(trim({{ expr }})) like 'plan%' or lower(trim({{ expr }})) like 'addon%')
{%- endmacro %}

{#- The billing period units a subscription's proration is valued by
    (int_line_items_normalized). -#}
{% macro proration_units() -%}
    {{ return(['week', 'month', 'year']) }}
{%- endmacro %}
