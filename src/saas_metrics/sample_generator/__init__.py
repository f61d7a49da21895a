"""The sample data generator behind scripts/generate_sample_data.py.

scripts/generate_sample_data.py is the command (its docstring describes the
fake company, the accounts and the exports); this package is its code, one
job per module.  Modules only import from modules above them in this list:

* ``layout``: the exact header columns of every raw file (docs/inputs.md);
* ``catalogue``: plans, prices, currencies, countries, churn and tax rates,
  names, HubSpot values, site pages and events: the business parameters;
* ``helpers``: time units, the derived random generators, weighted picks,
  timestamp formats and month arithmetic, prices and price ids;
* ``files``: ``CsvSink``, the lazily opened csv writers rows are streamed to;
* ``world``: ``World`` (the window, export instants, ids, used emails and
  domains, the manifest, the Segment page/track/identify writers shared by
  every account) and ``Person``;
* ``web``: web sessions (channels, landing pages, browsing), the funnel
  journey of a person and logged-in product usage;
* ``scenarios``: the scripted customers that make every edge case exist;
* ``billing_invoices``: ``Invoicer`` (invoices, line items, their status
  history and newer versions) and the malformed extra line items;
* ``billing_subscriptions``: the billing profile of a subscription and its
  term-by-term simulation (renewals, changes, dunning, cancellations);
* ``billing``: the Chargebee life of a customer (customer record versions,
  second subscriptions, reactivations, one-off invoices) and the writing of
  record versions to the two exports;
* ``crm``: HubSpot contacts, companies, meetings and deals;
* ``nps``: NPS survey responses of a customer;
* ``accounts_customers``: one customer account (billing, events, CRM, NPS);
* ``accounts_leads``: one lead account that never buys, and the anonymous
  visitors;
* ``marketing``: ad spend, team costs and the optional fx rates file;
* ``defects``: the malformed rows that belong to no account;
* ``cli``: arrivals month by month (the main loop) and the command line.

The order of the random draws is part of the output: the same arguments
give byte-identical files, so code moved between modules must keep it."""
