{#-
    The one rule for "HubSpot should be updated" (contacts and companies):
    the computed stage is hotter than HubSpot's stage, where an empty HubSpot
    stage counts as rank 0 and a HubSpot stage the stages seed cannot rank
    (Other, or a stage it does not know) is never overwritten.
-#}
{% macro needs_hubspot_update(computed_rank, hubspot_stage, hubspot_rank) -%}
    coalesce(
        {{ computed_rank }} > coalesce({{ hubspot_rank }}, 0)
        and ({{ hubspot_stage }} is null or {{ hubspot_rank }} is not null),
        false
    )
{%- endmacro %}
