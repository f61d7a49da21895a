{#-
    The Segment rules of the reporting window: which events are
    future-dated. Used by the Segment base models
    (models/staging/segment/base); rejected rows get reason
    future_timestamp (docs/data_quality.md).
-#}

{#-
    One row, column future_from: the first instant at which a Segment event
    (pages, tracks, identifies) is future-dated, i.e. the start of the month
    after the month of the latest activity of the other sources (the
    activity of int_activity_bounds without Segment: invoices issued,
    subscriptions, customers and CRM records created, surveys answered, ad
    spend). Null when those sources have no activity (then no event is
    future). An event in that month or before is kept, so a late event
    cannot move the reporting window, which ends the month before the month
    of the latest activity.
-#}
{% macro segment_future_from() -%}
    {%- set activity_columns = [
        ('stg_chargebee__invoices', 'invoice_date'),
        ('stg_chargebee__subscriptions', 'created_at'),
        ('stg_chargebee__customers', 'created_at'),
        ('stg_hubspot__contacts', 'created_at'),
        ('stg_hubspot__deals', 'created_at'),
        ('stg_hubspot__meetings', 'created_at'),
        ('stg_surveys__nps_responses', 'responded_at'),
        ('stg_marketing__ad_spend', 'spend_date'),
    ] -%}
    select
        cast({{ saas_metrics.add_months(saas_metrics.month_of('max(latest_activity_at)'), 1) }} as {{ dbt.type_timestamp() }}) as future_from
    from (
        {%- for model, column in activity_columns %}
        select max(cast({{ column }} as {{ dbt.type_timestamp() }})) as latest_activity_at
        from {{ ref(model) }}
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    ) as other_activity
{%- endmacro %}

{#- The checks of an event's timestamp that depend on the build (the other
    sources' activity, the build time), on the typed timestamp `parsed`:
    future_timestamp (macro segment_future_from, a CTE event_limit), then
    implausible_date (date_checks). -#}
{% macro segment_time_checks(parsed) -%}
    {{ return([
        {'when': parsed ~ ' >= event_limit.future_from', 'reason': 'future_timestamp',
         'detail': dbt.concat(["'timestamp='''", adapter.quote('timestamp'), "''' is on or after '", dbt.cast(dbt.cast('event_limit.future_from', 'date'), dbt.type_string()), "', after the month of the latest activity of the other sources'"])},
    ] + saas_metrics.date_checks('timestamp', parsed=parsed)) }}
{%- endmacro %}
