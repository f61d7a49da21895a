{#-
    Chargebee rules read by more than one model, written once.
-#}

{#- The line item entity types read (Chargebee's API values; Product Catalog
    2.0's *_item_price and 1.0's plan/addon/adhoc), and the recurring ones:
    the only ones that are monthly recurring revenue. plan_setup (a setup
    fee), charges and adhoc lines are one-time. -#}
{% macro line_item_entity_types() -%}
    {{ return(['plan_item_price', 'addon_item_price', 'charge_item_price', 'plan', 'addon', 'adhoc', 'plan_setup']) }}
{%- endmacro %}

{% macro recurring_entity_types() -%}
    {{ return(['plan_item_price', 'addon_item_price', 'plan', 'addon']) }}
{%- endmacro %}

{#- `expr`: the entity type as text (read by parse_label). -#}
{% macro is_recurring_entity_type(expr) -%}
    ({{ saas_metrics.parse_label(expr) }} in ('{{ saas_metrics.recurring_entity_types() | join("', '") }}'))
{%- endmacro %}

{#- The billing period units a subscription's proration is valued by
    (int_line_items_normalized). -#}
{% macro proration_units() -%}
    {{ return(['day', 'week', 'month', 'year']) }}
{%- endmacro %}

{#- Subscription statuses read, and those that end the subscription: a
    transferred subscription (moved to another customer or site) ends like
    a cancelled one. -#}
{% macro subscription_statuses() -%}
    {{ return(['future', 'in_trial', 'active', 'non_renewing', 'paused', 'cancelled', 'transferred']) }}
{%- endmacro %}

{% macro ended_subscription_statuses() -%}
    {{ return(['cancelled', 'transferred']) }}
{%- endmacro %}
