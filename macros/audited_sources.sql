{#-
    Every raw source with its base model (one row per raw row, with its
    fate) and the column holding the record id (null: the
    source's rows have no id), for the audit models.
    A new source is added here and nowhere else.
-#}
{% macro audited_sources() -%}
    {{ return([
        {'source_name': 'billing.customers', 'model': 'base_chargebee__customers', 'record_id': 'customer_id'},
        {'source_name': 'billing.subscriptions', 'model': 'base_chargebee__subscriptions', 'record_id': 'subscription_id'},
        {'source_name': 'billing.invoices', 'model': 'base_chargebee__invoices', 'record_id': 'invoice_id'},
        {'source_name': 'billing.invoice_line_items', 'model': 'base_chargebee__invoice_line_items', 'record_id': 'line_item_id'},
        {'source_name': 'crm.contacts', 'model': 'base_hubspot__contacts', 'record_id': 'contact_id'},
        {'source_name': 'crm.companies', 'model': 'base_hubspot__companies', 'record_id': 'company_id'},
        {'source_name': 'crm.deals', 'model': 'base_hubspot__deals', 'record_id': 'deal_id'},
        {'source_name': 'crm.meetings', 'model': 'base_hubspot__meetings', 'record_id': 'meeting_id'},
        {'source_name': 'events.pages', 'model': 'base_segment__pages', 'record_id': 'page_id'},
        {'source_name': 'events.tracks', 'model': 'base_segment__tracks', 'record_id': 'track_id'},
        {'source_name': 'events.identifies', 'model': 'base_segment__identifies', 'record_id': 'identify_id'},
        {'source_name': 'marketing.ad_spend', 'model': 'base_marketing__ad_spend', 'record_id': 'null'},
        {'source_name': 'marketing.team_costs', 'model': 'base_marketing__team_costs', 'record_id': 'null'},
        {'source_name': 'surveys.nps_responses', 'model': 'base_surveys__nps_responses', 'record_id': 'response_id'},
        {'source_name': 'reference.fx_rates', 'model': 'base_reference__fx_rates', 'record_id': 'rate_key'},
    ]) }}
{%- endmacro %}
