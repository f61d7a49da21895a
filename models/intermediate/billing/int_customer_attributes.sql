-- grain: one row per Chargebee customer. The descriptive attributes the
-- movement and cohort marts carry, defined here once:
--   acquisition_channel: the Original Source of the HubSpot contact that
--     speaks for the customer's person (int_acquired_customers: the most
--     recently modified contact with the customer's email, then the highest
--     Record ID);
--   country: the Country/Region of that contact's associated company,
--     trimmed (blank: null);
--   billing_system: the system the customer's subscriptions come from
--     (Chargebee, the only one).
-- No contact, or never acquired (no `new` month in the reporting window, so
-- in no movement or cohort mart either): channel and country null.
with

customers as (

    -- every customer id of Chargebee, with or without a customer record
    select customer_id from {{ ref('stg_chargebee__customers') }}
    union
    select customer_id from {{ ref('stg_chargebee__subscriptions') }}

),

acquired_customers as (

    select
        customer_id,
        contact_id,
        original_source
    from {{ ref('int_acquired_customers') }}

),

contacts as (

    select
        contact_id,
        associated_company_id
    from {{ ref('stg_hubspot__contacts') }}

),

companies as (

    select
        company_id,
        country_region
    from {{ ref('stg_hubspot__companies') }}

),

final as (

    select
        customers.customer_id,
        acquired_customers.contact_id,
        acquired_customers.original_source as acquisition_channel,
        nullif(trim(companies.country_region), '') as country,
        'chargebee' as billing_system
    from customers
    left join acquired_customers
        on customers.customer_id = acquired_customers.customer_id
    left join contacts
        on acquired_customers.contact_id = contacts.contact_id
    left join companies
        on contacts.associated_company_id = companies.company_id

)

select * from final
