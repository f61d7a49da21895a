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
      anonymous_id) to `identity`, the model's import of int_identity
      restricted to rows of identifier_type segment_user or
      segment_anonymous whose value is known (one row per identifier and
      type); aliases user_identity and anonymous_identity.
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
