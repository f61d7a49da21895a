#!/usr/bin/env python3
"""Deterministic generator of the raw exports the SaaS metrics project reads.

The fake company
----------------
Nudgely sells an email-automation product (flows, emails, contact imports) to
small companies, self-serve (sign up, often a 14-day trial, pay by card) or
sales-assisted (form, demo meeting, deal in HubSpot, often annual, sometimes
invoiced and paid by bank transfer).  It bills with Chargebee in USD, EUR, GBP
and JPY, runs HubSpot as CRM, tracks its site (www.nudgely.com) and its app
(app.nudgely.com) with Segment, buys ads on Google, Bing, LinkedIn and Meta,
and runs an NPS survey for its customers.

The world is simulated one *account* at a time, in the order accounts arrive:

* a **customer account** (exactly ``--customers`` of them) is a company (or a
  freelancer) whose primary person visits the site, maybe submits a form,
  signs up, maybe books a demo, then gets a Chargebee customer with one or
  more subscriptions.  Each subscription renews term after term; at each
  renewal the account may upgrade, downgrade, change seats, add an add-on, go
  into dunning, cancel (at term end or mid-term) and later come back.  While
  it pays, its users log into the app (less so in the weeks before a churn),
  and its primary person answers NPS surveys;
* a **lead account** (about 2.3 per customer) stops somewhere in the funnel:
  form only, prospect, free signup, PQL, demo booked then lost, newsletter
  subscriber, offline import, or lifecycle stage Other;
* **anonymous visitors** (about 12 per customer) read the blog and leave.

Every account has its own random generator derived from ``--seed`` and its
number, so the same arguments give byte-identical files, and rows are
streamed to the csv writers as they are made (memory does not grow with the
number of accounts beyond a few small sets of used emails and domains).

Exports are taken at two instants: a mid-window export (named after the month
before it, e.g. ``subscriptions_2023-12.csv``) and the final export, one day
after the window (2025-01-02T00:00Z for the defaults), so that the latest
activity falls on the first day of the month after the window and the last
complete month is the window's last month.  Later files repeat records that
changed with a newer ``updated_at`` / ``Last Modified Date``.

A handful of deliberately malformed rows and edge cases are injected; they
are listed by ``--manifest`` (and in sample_data/README.md).

Usage::

    python scripts/generate_sample_data.py --out sample_data/raw
    python scripts/generate_sample_data.py --out /tmp/raw --customers 50000 --seed 7

Python 3.11 standard library only. The code is the package
saas_metrics.sample_generator (src/saas_metrics/sample_generator/), also
installed as the entry point `saas-generate-sample`.
"""
from saas_metrics.sample_generator.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
