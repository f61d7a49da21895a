-- grain: one row per Chargebee customer acquired in a reporting month: the
-- customer's month with movement `new` in its first_paying_month (first
-- month ever with MRR > 0, so at most one; a return that var
-- reactivation_window_months makes new business is not an acquisition). Its CRM original source comes from the HubSpot
-- contact with the same email (trimmed, lower-cased: int_identity); when
-- several contacts share the email, the most recently modified one (then
-- the highest Record ID) speaks for the person. is_paid_channel: that
-- original source is a paid channel (docs/metrics.md "Settled details": Paid
-- search or Paid social, label or internal value; staging has already
-- mapped both to the canonical value). No contact: not paid.
{%- set paid_channels = ['paid_search', 'paid_social'] %}

with

customer_months as (

    select
        customer_id,
        month,
        new_mrr
    from {{ ref('int_customer_months') }}
    where
        movement = 'new'
        and month = first_paying_month

),

customer_identities as (

    select
        identifier as customer_id,
        person_id
    from {{ ref('int_identity') }}
    where
        identifier_type = 'chargebee_customer'
        and person_id is not null

),

contact_identities as (

    select
        identifier as contact_id,
        person_id
    from {{ ref('int_identity') }}
    where
        identifier_type = 'hubspot_contact'
        and person_id is not null

),

contacts as (

    select
        contact_id,
        original_source,
        last_modified_at
    from {{ ref('stg_hubspot__contacts') }}

),

person_contacts_ranked as (

    select
        contact_identities.person_id,
        contacts.contact_id,
        contacts.original_source,
        row_number() over (
            partition by contact_identities.person_id
            order by contacts.last_modified_at desc, contacts.contact_id desc
        ) as recency
    from contact_identities
    inner join contacts
        on contact_identities.contact_id = contacts.contact_id

),

person_contacts as (

    select
        person_id,
        contact_id,
        original_source
    from person_contacts_ranked
    where recency = 1

),

final as (

    select
        customer_months.customer_id,
        customer_months.month as acquisition_month,
        customer_months.new_mrr,
        customer_identities.person_id,
        person_contacts.contact_id,
        person_contacts.original_source,
        coalesce(
            person_contacts.original_source in ('{{ paid_channels | join("', '") }}'),
            false
        ) as is_paid_channel
    from customer_months
    left join customer_identities
        on customer_months.customer_id = customer_identities.customer_id
    left join person_contacts
        on customer_identities.person_id = person_contacts.person_id

)

select * from final
