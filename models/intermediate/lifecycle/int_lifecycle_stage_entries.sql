-- grain: one row per HubSpot contact and funnel stage it reached
-- (contact_id, lifecycle_stage): when it entered the stage and the rule
-- that fired (docs/metrics.md, "The lifecycle funnel"). Stages, ranks, the PQL
-- key events and threshold and the prospect pages are seeds.
--   lead         form_cta_submitted event | HubSpot Became a Lead Date: first
--   prospect     lead and viewed every prospect page: when the last became true
--   user         signed_up event
--   pql          user and >= pql_min_key_events distinct key events: the later
--                of the signup and the key event that reached the threshold
--   sql          HubSpot meeting not canceled (its Create Date) | meeting_booked
--                event | HubSpot Became a Sales Qualified Lead Date: first
--   opportunity  HubSpot Became an Opportunity Date
--   customer     first recurring line item with MRR > 0 of the Chargebee
--                customer(s) with the contact's email: its date_from
--   evangelist   HubSpot Became an Evangelist Date
-- Stages only move forward: a stage whose rule fired after a hotter stage
-- was entered was skipped (no row), so entered_at never decreases with
-- rank. Contacts whose HubSpot stage is Other are outside the funnel (no
-- rows). Emails are compared trimmed and lower-cased.
with

stages as (

    select
        lifecycle_stage,
        stage_rank
    from {{ ref('lifecycle_stages') }}
    where is_funnel_stage

),

settings as (

    select cast(value as {{ dbt.type_bigint() }}) as pql_min_key_events
    from {{ ref('lifecycle_settings') }}
    where setting = 'pql_min_key_events'

),

key_events as (

    select distinct lower(trim(event_name)) as event_name
    from {{ ref('pql_key_events') }}

),

prospect_pages as (

    select distinct
        case
            when trim(trailing '/' from lower(trim(page_path))) = '' then '/'
            else trim(trailing '/' from lower(trim(page_path)))
        end as page_path
    from {{ ref('prospect_pages') }}

),

hubspot_contacts as (

    select
        contact_id,
        lower(trim(email)) as email_key,
        lead_status,
        became_lead_at,
        became_sales_qualified_lead_at,
        became_opportunity_at,
        became_evangelist_at
    from {{ ref('stg_hubspot__contacts') }}
    where coalesce(lifecycle_stage, lower(trim(lifecycle_stage_raw)), '') != 'other'

),

activity as (

    select
        contact_id,
        activity_type,
        activity_name,
        first_at
    from {{ ref('int_lifecycle_contact_activity') }}

),

meetings as (

    select
        contact_id,
        created_at
    from {{ ref('int_lifecycle_associations') }}
    where
        object_type = 'meeting'
        and coalesce(object_status, '') != 'canceled'

),

chargebee_emails as (

    select
        identifier as customer_id,
        email_normalized
    from {{ ref('int_identity') }}
    where
        identifier_type = 'chargebee_customer'
        and email_normalized is not null

),

paid_line_items as (

    select
        customer_id,
        min(date_from) as first_paid_from
    from {{ ref('int_line_items_normalized') }}
    where mrr_reporting > 0
    group by customer_id

),

tracked_events as (

    select
        contact_id,
        activity_name as event_name,
        first_at
    from activity
    where activity_type = 'track'

),

-- lead: the first lead-magnet form or HubSpot's lead date
lead_rules as (

    select
        contact_id,
        first_at as entered_at,
        'form_cta_submitted' as entry_rule,
        1 as rule_priority
    from tracked_events
    where event_name = 'form_cta_submitted'
    union all
    select
        contact_id,
        became_lead_at as entered_at,
        'hubspot_became_a_lead_date' as entry_rule,
        2 as rule_priority
    from hubspot_contacts
    where became_lead_at is not null

),

first_leads as (

    select
        contact_id,
        min(entered_at) as lead_at
    from lead_rules
    group by contact_id

),

-- prospect: a lead who viewed every prospect page (first views)
prospect_page_views as (

    select
        activity.contact_id,
        count(*) as pages_viewed,
        max(activity.first_at) as last_page_first_viewed_at
    from activity
    inner join prospect_pages
        on
            activity.activity_type = 'page'
            and activity.activity_name = prospect_pages.page_path
    group by activity.contact_id

),

prospect_rules as (

    select
        first_leads.contact_id,
        case
            when prospect_page_views.last_page_first_viewed_at > first_leads.lead_at
                then prospect_page_views.last_page_first_viewed_at
            else first_leads.lead_at
        end as entered_at,
        'viewed_prospect_pages' as entry_rule,
        1 as rule_priority
    from first_leads
    left join prospect_page_views
        on first_leads.contact_id = prospect_page_views.contact_id
    where
        coalesce(prospect_page_views.pages_viewed, 0)
        >= (select count(*) from prospect_pages)

),

-- user: the signup
user_rules as (

    select
        contact_id,
        first_at as entered_at,
        'signed_up' as entry_rule,
        1 as rule_priority
    from tracked_events
    where event_name = 'signed_up'

),

-- pql: the key event that reached the threshold (distinct events, each at
-- its first occurrence), not before the signup
key_event_firsts as (

    select
        tracked_events.contact_id,
        tracked_events.first_at,
        row_number() over (
            partition by tracked_events.contact_id
            order by tracked_events.first_at, tracked_events.event_name
        ) as key_event_number
    from tracked_events
    inner join key_events
        on tracked_events.event_name = key_events.event_name

),

pql_rules as (

    select
        user_rules.contact_id,
        case
            when key_event_firsts.first_at > user_rules.entered_at then key_event_firsts.first_at
            else user_rules.entered_at
        end as entered_at,
        'key_events' as entry_rule,
        1 as rule_priority
    from user_rules
    inner join key_event_firsts
        on user_rules.contact_id = key_event_firsts.contact_id
    inner join settings
        on key_event_firsts.key_event_number = settings.pql_min_key_events

),

-- sql: the first booking of a demo
sql_rules as (

    select
        contact_id,
        created_at as entered_at,
        'hubspot_meeting' as entry_rule,
        1 as rule_priority
    from meetings
    where created_at is not null
    union all
    select
        contact_id,
        first_at as entered_at,
        'meeting_booked' as entry_rule,
        2 as rule_priority
    from tracked_events
    where event_name = 'meeting_booked'
    union all
    select
        contact_id,
        became_sales_qualified_lead_at as entered_at,
        'hubspot_became_a_sales_qualified_lead_date' as entry_rule,
        3 as rule_priority
    from hubspot_contacts
    where became_sales_qualified_lead_at is not null

),

opportunity_rules as (

    select
        contact_id,
        became_opportunity_at as entered_at,
        'hubspot_became_an_opportunity_date' as entry_rule,
        1 as rule_priority
    from hubspot_contacts
    where became_opportunity_at is not null

),

-- customer: the start of the first paid service period of the Chargebee
-- customer(s) with the same email
customer_rules as (

    select
        hubspot_contacts.contact_id,
        min(paid_line_items.first_paid_from) as entered_at,
        'chargebee_paid_subscription' as entry_rule,
        1 as rule_priority
    from hubspot_contacts
    inner join chargebee_emails
        on hubspot_contacts.email_key = chargebee_emails.email_normalized
    inner join paid_line_items
        on chargebee_emails.customer_id = paid_line_items.customer_id
    group by hubspot_contacts.contact_id

),

evangelist_rules as (

    select
        contact_id,
        became_evangelist_at as entered_at,
        'hubspot_became_an_evangelist_date' as entry_rule,
        1 as rule_priority
    from hubspot_contacts
    where became_evangelist_at is not null

),

rules_fired as (

    select
        'lead' as lifecycle_stage,
        contact_id,
        entered_at,
        entry_rule,
        rule_priority
    from lead_rules
    union all
    select
        'prospect' as lifecycle_stage,
        contact_id,
        entered_at,
        entry_rule,
        rule_priority
    from prospect_rules
    union all
    select
        'user' as lifecycle_stage,
        contact_id,
        entered_at,
        entry_rule,
        rule_priority
    from user_rules
    union all
    select
        'pql' as lifecycle_stage,
        contact_id,
        entered_at,
        entry_rule,
        rule_priority
    from pql_rules
    union all
    select
        'sql' as lifecycle_stage,
        contact_id,
        entered_at,
        entry_rule,
        rule_priority
    from sql_rules
    union all
    select
        'opportunity' as lifecycle_stage,
        contact_id,
        entered_at,
        entry_rule,
        rule_priority
    from opportunity_rules
    union all
    select
        'customer' as lifecycle_stage,
        contact_id,
        entered_at,
        entry_rule,
        rule_priority
    from customer_rules
    union all
    select
        'evangelist' as lifecycle_stage,
        contact_id,
        entered_at,
        entry_rule,
        rule_priority
    from evangelist_rules

),

-- the first time each stage's rule fired, for contacts in the funnel
first_rules as (

    select
        rules_fired.contact_id,
        rules_fired.lifecycle_stage,
        stages.stage_rank,
        rules_fired.entered_at,
        rules_fired.entry_rule,
        row_number() over (
            partition by rules_fired.contact_id, rules_fired.lifecycle_stage
            order by rules_fired.entered_at, rules_fired.rule_priority
        ) as rule_order
    from rules_fired
    inner join hubspot_contacts
        on rules_fired.contact_id = hubspot_contacts.contact_id
    inner join stages
        on rules_fired.lifecycle_stage = stages.lifecycle_stage

),

with_hotter as (

    select
        contact_id,
        lifecycle_stage,
        stage_rank,
        entered_at,
        entry_rule,
        min(entered_at) over (
            partition by contact_id
            order by stage_rank desc
            rows between unbounded preceding and 1 preceding
        ) as first_hotter_entered_at
    from first_rules
    where rule_order = 1

),

-- forward only: a stage reached after a hotter one was skipped
reached as (

    select
        contact_id,
        lifecycle_stage,
        stage_rank,
        entered_at,
        entry_rule
    from with_hotter
    where first_hotter_entered_at is null or entered_at <= first_hotter_entered_at

),

sequenced as (

    select
        contact_id,
        lifecycle_stage,
        stage_rank,
        entered_at,
        entry_rule,
        lag(lifecycle_stage) over (partition by contact_id order by stage_rank) as previous_stage,
        lag(entered_at) over (partition by contact_id order by stage_rank) as previous_stage_entered_at,
        lead(lifecycle_stage) over (partition by contact_id order by stage_rank) as next_stage,
        lead(entered_at) over (partition by contact_id order by stage_rank) as next_stage_entered_at
    from reached

),

final as (

    select
        sequenced.contact_id,
        sequenced.lifecycle_stage,
        sequenced.stage_rank,
        sequenced.entered_at,
        sequenced.entry_rule,
        sequenced.previous_stage,
        sequenced.previous_stage_entered_at,
        sequenced.next_stage,
        sequenced.next_stage_entered_at,
        sequenced.next_stage is null as is_current_stage,
        sequenced.lifecycle_stage = 'sql'
        and coalesce(hubspot_contacts.lead_status, '') = 'unqualified' as is_unqualified_sql
    from sequenced
    inner join hubspot_contacts
        on sequenced.contact_id = hubspot_contacts.contact_id

)

select * from final
