-- grain: one row per Chargebee customer. The descriptive attributes the
-- movement marts carry: the HubSpot contact of the customer's person
-- (int_identity; the most recently modified one, then the highest Record ID,
-- as in int_acquired_customers), its Original Source as the acquisition
-- channel, the Country/Region of that contact's associated company, and the
-- billing system the customer's subscriptions come from (Chargebee, the only
-- one). No contact: channel and country null.
with

customers as (

    -- every customer id of Chargebee, with or without a customer record
    select customer_id from {{ ref('stg_chargebee__customers') }}
    union
    select customer_id from {{ ref('stg_chargebee__subscriptions') }}

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
        associated_company_id,
        original_source,
        last_modified_at
    from {{ ref('stg_hubspot__contacts') }}

),

companies as (

    select
        company_id,
        country_region
    from {{ ref('stg_hubspot__companies') }}

),

person_contacts_ranked as (

    select
        contact_identities.person_id,
        contacts.contact_id,
        contacts.associated_company_id,
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
        associated_company_id,
        original_source
    from person_contacts_ranked
    where recency = 1

),

final as (

    select
        customers.customer_id,
        person_contacts.contact_id,
        person_contacts.original_source as acquisition_channel,
        companies.country_region as country,
        'chargebee' as billing_system
    from customers
    left join customer_identities
        on customers.customer_id = customer_identities.customer_id
    left join person_contacts
        on customer_identities.person_id = person_contacts.person_id
    left join companies
        on person_contacts.associated_company_id = companies.company_id

)

select * from final
