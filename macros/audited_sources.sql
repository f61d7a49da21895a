{#-
    Every raw source with its base model (one row per raw row, with its
    fate) and the column holding the record id (null: the
    source's rows have no id), for the audit models. source_name is how
    the audit tables name the raw table to a user: its folder and table as
    docs/inputs.md names them (billing.customers); source and table are
    the dbt source (chargebee, customers).
    A new source is added here and nowhere else.
-#}
{% macro audited_sources() -%}
    {{ return([
        {'source_name': 'billing.customers', 'source': 'chargebee', 'table': 'customers', 'model': 'base_chargebee__customers', 'record_id': 'customer_id'},
        {'source_name': 'billing.subscriptions', 'source': 'chargebee', 'table': 'subscriptions', 'model': 'base_chargebee__subscriptions', 'record_id': 'subscription_id'},
        {'source_name': 'billing.invoices', 'source': 'chargebee', 'table': 'invoices', 'model': 'base_chargebee__invoices', 'record_id': 'invoice_id'},
        {'source_name': 'billing.invoice_line_items', 'source': 'chargebee', 'table': 'invoice_line_items', 'model': 'base_chargebee__invoice_line_items', 'record_id': 'line_item_id'},
        {'source_name': 'crm.contacts', 'source': 'hubspot', 'table': 'contacts', 'model': 'base_hubspot__contacts', 'record_id': 'contact_id'},
        {'source_name': 'crm.companies', 'source': 'hubspot', 'table': 'companies', 'model': 'base_hubspot__companies', 'record_id': 'company_id'},
        {'source_name': 'crm.deals', 'source': 'hubspot', 'table': 'deals', 'model': 'base_hubspot__deals', 'record_id': 'deal_id'},
        {'source_name': 'crm.meetings', 'source': 'hubspot', 'table': 'meetings', 'model': 'base_hubspot__meetings', 'record_id': 'meeting_id'},
        {'source_name': 'events.pages', 'source': 'segment', 'table': 'pages', 'model': 'base_segment__pages', 'record_id': 'page_id'},
        {'source_name': 'events.tracks', 'source': 'segment', 'table': 'tracks', 'model': 'base_segment__tracks', 'record_id': 'track_id'},
        {'source_name': 'events.identifies', 'source': 'segment', 'table': 'identifies', 'model': 'base_segment__identifies', 'record_id': 'identify_id'},
        {'source_name': 'marketing.ad_spend', 'source': 'marketing', 'table': 'ad_spend', 'model': 'base_marketing__ad_spend', 'record_id': 'null'},
        {'source_name': 'marketing.team_costs', 'source': 'marketing', 'table': 'team_costs', 'model': 'base_marketing__team_costs', 'record_id': 'null'},
        {'source_name': 'surveys.nps_responses', 'source': 'surveys', 'table': 'nps_responses', 'model': 'base_surveys__nps_responses', 'record_id': 'response_id'},
        {'source_name': 'reference.fx_rates', 'source': 'reference', 'table': 'fx_rates', 'model': 'base_reference__fx_rates', 'record_id': 'rate_key'},
    ]) }}
{%- endmacro %}
