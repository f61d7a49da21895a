{#-
    Whose a Segment event is: the rule "an event belongs to the person (or
    email) of its identified user_id, else to that of its anonymous_id"
    (DECISIONLOG.md, "Web activity belongs to the person of its identified
    user id, else of its anonymous id"); an event with neither identified
    belongs to nobody (the value is null). Used by int_page_views_resolved,
    int_track_events_resolved and int_lifecycle_contact_activity.

    The two macros go together:
    - segment_identity_joins(events, identity): the two left joins, after
      `from <events>`, of the relation `events` (columns user_id,
      anonymous_id) to `identity`, the model's import of
      int_segment_identifiers (one row per Segment identifier and type that
      belongs to a person); aliases user_identity and anonymous_identity.
    - segment_identity_value(column): the event's value of the identity's
      `column` (person_id, email_normalized): its user id's, else its
      anonymous id's.
-#}
{% macro segment_identity_joins(events, identity) -%}
    left join {{ identity }} as user_identity
        on
            user_identity.identifier_type = 'segment_user'
            and {{ events }}.user_id = user_identity.identifier
    left join {{ identity }} as anonymous_identity
        on
            anonymous_identity.identifier_type = 'segment_anonymous'
            and {{ events }}.anonymous_id = anonymous_identity.identifier
{%- endmacro %}

{% macro segment_identity_value(column) -%}
    coalesce(user_identity.{{ column }}, anonymous_identity.{{ column }})
{%- endmacro %}

{#-
    Who a Segment event counts as a visitor of (docs/metrics.md,
    unique_visitors_and_active_users): its person (segment_identity_value),
    else 'anonymous:' and its anonymous id, else 'user:' and its
    unidentified user id; null for an event with neither id. Written on
    the columns person_id, anonymous_id and user_id of the row.
-#}
{% macro segment_visitor_id() -%}
    coalesce(
        person_id,
        {{ dbt.concat(["'anonymous:'", 'anonymous_id']) }},
        {{ dbt.concat(["'user:'", 'user_id']) }}
    )
{%- endmacro %}
