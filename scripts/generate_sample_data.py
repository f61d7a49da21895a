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

Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import hashlib
import os
import random
import sys
import time

DAY = 86400
HOUR = 3600
MINUTE = 60

# --------------------------------------------------------------------------
# File layout (exact header columns, from docs/inputs.md)
# --------------------------------------------------------------------------

HEADERS = {
    'customers': ['id', 'email', 'first_name', 'last_name', 'company',
                  'created_at', 'updated_at', 'deleted'],
    'subscriptions': ['id', 'customer_id', 'plan_id', 'plan_quantity',
                      'plan_unit_price', 'currency_code', 'billing_period',
                      'billing_period_unit', 'status', 'created_at',
                      'started_at', 'activated_at', 'trial_start', 'trial_end',
                      'current_term_start', 'current_term_end', 'cancelled_at',
                      'cancel_reason', 'updated_at'],
    'invoices': ['id', 'customer_id', 'subscription_id', 'status', 'date',
                 'due_date', 'paid_at', 'currency_code', 'sub_total', 'tax',
                 'total', 'amount_paid', 'amount_due', 'recurring',
                 'updated_at'],
    'invoice_line_items': ['id', 'invoice_id', 'subscription_id',
                           'customer_id', 'date_from', 'date_to',
                           'entity_type', 'entity_id', 'description',
                           'unit_amount', 'quantity', 'amount',
                           'discount_amount', 'tax_amount'],
    'contacts': ['Record ID', 'First Name', 'Last Name', 'Email',
                 'Associated Company ID', 'Create Date', 'Last Modified Date',
                 'Lifecycle Stage', 'Lead Status', 'Original Source',
                 'Original Source Drill-Down 1', 'Original Source Drill-Down 2',
                 'Became a Subscriber Date', 'Became a Lead Date',
                 'Became a Marketing Qualified Lead Date',
                 'Became a Sales Qualified Lead Date',
                 'Became an Opportunity Date', 'Became a Customer Date',
                 'Became an Evangelist Date'],
    'companies': ['Record ID', 'Company name', 'Company Domain Name',
                  'Industry', 'Country/Region', 'Number of Employees',
                  'Lifecycle Stage', 'Create Date', 'Last Modified Date'],
    'deals': ['Record ID', 'Deal Name', 'Pipeline', 'Deal Stage', 'Amount',
              'Create Date', 'Close Date', 'Last Modified Date',
              'Associated Contact IDs', 'Associated Company IDs'],
    'meetings': ['Record ID', 'Meeting Name', 'Meeting Start Time',
                 'Create Date', 'Meeting Outcome', 'Associated Contact IDs'],
    'pages': ['id', 'anonymous_id', 'user_id', 'timestamp', 'path', 'url',
              'referrer', 'title', 'context_campaign_source',
              'context_campaign_medium', 'context_campaign_name'],
    'tracks': ['id', 'anonymous_id', 'user_id', 'event', 'event_text',
               'timestamp'],
    'identifies': ['id', 'anonymous_id', 'user_id', 'email', 'timestamp'],
    'ad_spend': ['date', 'platform', 'campaign', 'spend', 'currency'],
    'team_costs': ['month', 'department', 'cost_type', 'amount', 'currency'],
    'nps_responses': ['response_id', 'email', 'score', 'comment',
                      'responded_at'],
    'fx_rates': ['month', 'from_currency', 'to_currency', 'rate'],
}

# --------------------------------------------------------------------------
# Catalogue and business parameters
# --------------------------------------------------------------------------

# Monthly list price per unit, in the currency's minor unit (JPY: whole yen).
PLAN_PRICES = {
    'starter': {'USD': 2900, 'EUR': 2700, 'GBP': 2400, 'JPY': 4200},
    'growth': {'USD': 7900, 'EUR': 7400, 'GBP': 6400, 'JPY': 11800},
    'pro': {'USD': 19900, 'EUR': 18900, 'GBP': 15900, 'JPY': 29800},
    'team': {'USD': 1500, 'EUR': 1400, 'GBP': 1200, 'JPY': 2200},  # per seat
}
PLAN_NAMES = {'starter': 'Starter', 'growth': 'Growth', 'pro': 'Pro',
              'team': 'Team'}
TIERS = ['starter', 'growth', 'pro']
ADDONS = {
    'extra-contacts': ({'USD': 1000, 'EUR': 900, 'GBP': 800, 'JPY': 1500},
                       'Extra contacts (per 1,000)'),
    'priority-support': ({'USD': 4900, 'EUR': 4500, 'GBP': 3900, 'JPY': 7400},
                         'Priority support'),
}
CHARGES = {
    'onboarding': ({'USD': 50000, 'EUR': 45000, 'GBP': 40000, 'JPY': 75000},
                   'Onboarding package'),
    'data-migration': ({'USD': 30000, 'EUR': 27000, 'GBP': 24000,
                        'JPY': 45000}, 'Data migration, one-off'),
}
PERIOD_LABEL = {('month', 1): 'Monthly', ('month', 3): 'Quarterly',
                ('year', 1): 'Yearly', ('week', 1): 'Weekly'}
# Rough USD value of one unit of each currency, only used to size deal
# amounts in HubSpot (which is kept in USD); the project's rates are a seed.
ROUGH_USD = {'USD': 0.01, 'EUR': 0.0108, 'GBP': 0.0126, 'JPY': 0.0068,
             'SEK': 0.00095}

CURRENCY_MIX = [('USD', 75), ('EUR', 12), ('GBP', 8), ('JPY', 5)]
COUNTRIES = {
    'USD': [('United States', 86), ('Canada', 8), ('Mexico', 3), ('Brazil', 3)],
    'EUR': [('Germany', 35), ('France', 25), ('Netherlands', 15),
            ('Spain', 15), ('Ireland', 10)],
    'GBP': [('United Kingdom', 1)],
    'JPY': [('Japan', 1)],
}
TLD = {'United States': 'com', 'Canada': 'ca', 'Mexico': 'mx',
       'Brazil': 'com.br', 'Germany': 'de', 'France': 'fr',
       'Netherlands': 'nl', 'Spain': 'es', 'Ireland': 'ie',
       'United Kingdom': 'co.uk', 'Japan': 'jp'}
TAX_RATES = {'USD': [(0.0, 65), (0.0725, 20), (0.08875, 15)],
             'EUR': [(0.19, 40), (0.20, 35), (0.21, 25)],
             'GBP': [(0.20, 1)], 'JPY': [(0.10, 1)]}

HEALTH_MIX = [('happy', 45), ('neutral', 40), ('at_risk', 15)]
# churn probability per renewal, by health and billing period
CHURN_P = {
    ('month', 1): {'happy': 0.012, 'neutral': 0.03, 'at_risk': 0.09},
    ('month', 3): {'happy': 0.03, 'neutral': 0.08, 'at_risk': 0.22},
    ('year', 1): {'happy': 0.10, 'neutral': 0.25, 'at_risk': 0.55},
    ('week', 1): {'happy': 0.003, 'neutral': 0.008, 'at_risk': 0.025},
}
CANCEL_REASONS = [('too_expensive', 30), ('switched_to_competitor', 20),
                  ('no_longer_needed', 25), ('missing_features', 15),
                  ('business_closed', 5), ('', 5)]

FIRST_NAMES = ['Alice', 'Bruno', 'Chloe', 'Diego', 'Elena', 'Farid', 'Grace',
               'Hiro', 'Ines', 'Jonas', 'Kara', 'Liam', 'Mia', 'Nils',
               'Olga', 'Pablo', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Umar',
               'Vera', 'Wen', 'Xavier', 'Yara', 'Zoe', 'Amir', 'Bea', 'Carl',
               'Dana', 'Emil', 'Fay', 'Gus', 'Hana', 'Ivan', 'Jade', 'Kenji',
               'Lena', 'Marco', 'Nora', 'Oscar', 'Priya', 'Rafael', 'Sofia',
               'Theo', 'Ula', 'Victor', 'Willa', 'Yusuf', 'Aiko', 'Ben',
               'Clara', 'Daniel', 'Eva', 'Felix', 'Greta', 'Hugo', 'Isla',
               'Jamal', 'Keiko']
LAST_NAMES = ['Adams', 'Berg', 'Costa', 'Dubois', 'Eriksen', 'Fischer',
              'Garcia', 'Hansen', 'Ito', 'Jensen', 'Kowalski', 'Lopez',
              'Martin', 'Novak', 'Olsen', 'Petrov', 'Quintero', 'Rossi',
              'Schmidt', 'Tanaka', 'Urban', 'Vogel', 'Weber', 'Xu', 'Young',
              'Zimmer', 'Baker', 'Clarke', 'Dias', 'Evans', 'Ford', 'Gray',
              'Hughes', 'Iyer', 'Jones', 'Khan', 'Lambert', 'Moreau',
              'Nakamura', 'Okafor', 'Patel', 'Reyes', 'Sato', 'Thomas',
              'Valdez', 'Walsh', 'Yamada', 'Brennan', 'Cohen', 'Duarte']
COMPANY_A = ['Bright', 'Blue', 'Golden', 'Silver', 'North', 'Urban', 'Green',
             'Happy', 'Little', 'Bold', 'Swift', 'Quiet', 'Wild', 'Clever',
             'True', 'Open', 'Lucky', 'Sunny', 'Red', 'Iron', 'Maple', 'Cedar',
             'Coral', 'Amber', 'Nova', 'Polar', 'Crisp', 'Prime', 'Fresh',
             'Rapid']
COMPANY_B = ['Harbor', 'Fox', 'Pine', 'Bakery', 'Studio', 'Works', 'Garden',
             'Threads', 'Roasters', 'Labs', 'Fitness', 'Books', 'Crafts',
             'Outdoors', 'Media', 'Pets', 'Travel', 'Wellness', 'Kitchen',
             'Cycles', 'Optics', 'Ceramics', 'Audio', 'Supply', 'Academy',
             'Brewing', 'Boutique', 'Events', 'Dental', 'Homes']
COMPANY_SUFFIX = ['', '', '', ' Co', ' Inc', ' Group', ' & Co']
INDUSTRIES = [('COMPUTER_SOFTWARE', 'Computer Software'),
              ('RETAIL', 'Retail'),
              ('MARKETING_AND_ADVERTISING', 'Marketing and Advertising'),
              ('E_LEARNING', 'E-Learning'),
              ('HEALTH_WELLNESS_AND_FITNESS', 'Health, Wellness and Fitness'),
              ('NONPROFIT_ORGANIZATION_MANAGEMENT',
               'Non-Profit Organization Management'),
              ('APPAREL_FASHION', 'Apparel & Fashion'),
              ('FOOD_BEVERAGES', 'Food & Beverages'),
              ('HOSPITALITY', 'Hospitality'),
              ('FINANCIAL_SERVICES', 'Financial Services')]
PERSONAL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com',
                    'proton.me']

# HubSpot values: (label, internal value)
LIFECYCLE = {
    'subscriber': ('Subscriber', 'subscriber'),
    'lead': ('Lead', 'lead'),
    'mql': ('Marketing Qualified Lead', 'marketingqualifiedlead'),
    'sql': ('Sales Qualified Lead', 'salesqualifiedlead'),
    'opportunity': ('Opportunity', 'opportunity'),
    'customer': ('Customer', 'customer'),
    'evangelist': ('Evangelist', 'evangelist'),
    'other': ('Other', 'other'),
}
HS_STAGE_ORDER = ['subscriber', 'lead', 'mql', 'sql', 'opportunity',
                  'customer', 'evangelist']
HS_DATE_COLUMNS = {'subscriber': 'Became a Subscriber Date',
                   'lead': 'Became a Lead Date',
                   'mql': 'Became a Marketing Qualified Lead Date',
                   'sql': 'Became a Sales Qualified Lead Date',
                   'opportunity': 'Became an Opportunity Date',
                   'customer': 'Became a Customer Date',
                   'evangelist': 'Became an Evangelist Date'}
LEAD_STATUS = {
    'new': ('New', 'NEW'), 'open': ('Open', 'OPEN'),
    'in_progress': ('In Progress', 'IN_PROGRESS'),
    'open_deal': ('Open Deal', 'OPEN_DEAL'),
    'unqualified': ('Unqualified', 'UNQUALIFIED'),
    'attempted': ('Attempted to Contact', 'ATTEMPTED_TO_CONTACT'),
    'connected': ('Connected', 'CONNECTED'),
    'bad_timing': ('Bad Timing', 'BAD_TIMING'),
}
# web channel -> HubSpot Original Source (label, internal value)
ORIGINAL_SOURCE = {
    'organic_search': ('Organic search', 'ORGANIC_SEARCH'),
    'paid_search': ('Paid search', 'PAID_SEARCH'),
    'email': ('Email marketing', 'EMAIL_MARKETING'),
    'organic_social': ('Organic social', 'SOCIAL_MEDIA'),
    'referral': ('Referrals', 'REFERRALS'),
    'display': ('Other campaigns', 'OTHER_CAMPAIGNS'),
    'direct': ('Direct traffic', 'DIRECT_TRAFFIC'),
    'offline': ('Offline sources', 'OFFLINE'),
    'paid_social': ('Paid social', 'PAID_SOCIAL'),
}
DEAL_STAGES = {
    'demo_scheduled': ('Demo scheduled', 'Demo scheduled'),
    'demo_completed': ('Demo completed', 'Demo completed'),
    'proposal': ('Proposal sent', 'Proposal sent'),
    'won': ('Closed Won', 'closedwon'),
    'lost': ('Closed Lost', 'closedlost'),
}

# Web
SITE = 'www.nudgely.com'
APP = 'app.nudgely.com'
BLOG_SLUGS = ['welcome-email-examples', 'abandoned-cart-flows',
              'newsletter-open-rates', 'email-deliverability-checklist',
              'segmenting-your-list', 'black-friday-campaigns',
              'subject-line-ideas', 'gdpr-for-small-shops',
              'automation-for-bakeries', 'win-back-emails']
MARKETING_PAGES = ['/', '/pricing', '/features', '/features/automation',
                   '/features/templates', '/integrations', '/about',
                   '/customers']
APP_PAGES = ['/app/dashboard', '/app/flows', '/app/emails', '/app/contacts',
             '/app/reports', '/app/settings', '/app/templates']
TITLES = {
    '/': 'Nudgely - Email automation for small teams',
    '/pricing': 'Pricing | Nudgely',
    '/features': 'Features | Nudgely',
    '/features/automation': 'Automation flows | Nudgely',
    '/features/templates': 'Email templates | Nudgely',
    '/integrations': 'Integrations | Nudgely',
    '/about': 'About us | Nudgely',
    '/customers': 'Customer stories | Nudgely',
    '/signup': 'Start your free trial | Nudgely',
    '/demo': 'Book a demo | Nudgely',
    '/resources/email-playbook': 'The small-business email playbook | Nudgely',
}
EVENT_TEXT = {
    'form_cta_submitted': 'Form CTA Submitted',
    'signed_up': 'Signed Up',
    'created_flow': 'Created Flow',
    'created_email': 'Created Email',
    'imported_contacts': 'Imported Contacts',
    'logged_in': 'Logged In',
    'meeting_booked': 'Meeting Booked',
    'sent_campaign': 'Sent Campaign',
    'invited_teammate': 'Invited Teammate',
}
KEY_ACTIONS = ['created_flow', 'created_email', 'imported_contacts']
KEY_ACTION_PAGE = {'created_flow': '/app/flows/new',
                   'created_email': '/app/emails/new',
                   'imported_contacts': '/app/contacts/import'}
CHANNEL_MIX = [('organic_search', 30), ('paid_search', 14),
               ('organic_social', 8), ('paid_social', 9), ('email', 7),
               ('referral', 8), ('direct', 20), ('display', 4)]
PARTNER_REFERRERS = ['https://www.smallbizstack.net/best-email-tools',
                     'https://shopcraft-partners.org/apps/nudgely',
                     'https://www.capterra.com/p/210493/Nudgely/']
DUPLICATE_RATE = 0.03   # Segment's at-least-once delivery

NPS_COMMENTS = {
    'promoter': ['Love the automation builder, saves us hours every week',
                 'Great product, easy to use, and support is fast',
                 'The templates are beautiful',
                 'Best email tool we have tried, by far',
                 ''],
    'passive': ['Good, but reporting could be better',
                'Does the job. Pricing is a bit high for us',
                'Nice, though the editor is slow at times',
                ''],
    'detractor': ['Too many bugs lately, and support took days to answer',
                  'Missing a Shopify integration, which we need',
                  'Too expensive for what we use',
                  'Deliverability dropped, we are looking at alternatives',
                  ''],
}


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------

def derive_rng(seed, *key):
    """An independent random generator for (seed, key...)."""
    text = '|'.join([str(seed)] + [str(k) for k in key])
    digest = hashlib.sha256(text.encode('utf-8')).digest()
    return random.Random(int.from_bytes(digest[:16], 'big'))


def pick(rng, weighted):
    """Value from a list of (value, weight)."""
    total = 0
    for _, w in weighted:
        total += w
    r = rng.random() * total
    for value, w in weighted:
        r -= w
        if r < 0:
            return value
    return weighted[-1][0]


def iso(ts):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(ts))


def hs_time(ts):
    return time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(ts))


def ymd(ts):
    return time.strftime('%Y-%m-%d', time.gmtime(ts))


def ym(ts):
    return time.strftime('%Y-%m', time.gmtime(ts))


def year_of(ts):
    return time.gmtime(ts).tm_year


def month_start(year, month):
    return calendar.timegm((year, month, 1, 0, 0, 0))


def add_months(ts, n):
    tm = time.gmtime(ts)
    y, m0 = divmod(tm.tm_mon - 1 + n, 12)
    y += tm.tm_year
    d = min(tm.tm_mday, calendar.monthrange(y, m0 + 1)[1])
    return calendar.timegm((y, m0 + 1, d, tm.tm_hour, tm.tm_min, tm.tm_sec))


def clamp_anchor_day(ts):
    """Move a billing anchor on the 29th-31st back to the 28th, so that every
    monthly period runs from a day to the same day of the next month."""
    d = time.gmtime(ts).tm_mday
    return ts - (d - 28) * DAY if d > 28 else ts


def daytime(rng, day_ts):
    """A time of day on the UTC day starting at day_ts, mostly office hours."""
    hour = pick(rng, [(h, w) for h, w in zip(range(24), [
        1, 1, 1, 1, 1, 2, 3, 5, 8, 10, 10, 9, 8, 9, 10, 10, 9, 7, 6, 5, 4, 3,
        2, 1])])
    return day_ts + hour * HOUR + rng.randrange(HOUR)


def uuid_from(rng):
    h = '%032x' % rng.getrandbits(128)
    return '%s-%s-4%s-%s-%s' % (h[:8], h[8:12], h[13:16], h[16:20], h[20:])


def period_price(table, cur, unit, plen):
    p = table[cur]
    if unit == 'month' and plen == 1:
        v = p
    elif unit == 'month':
        v = p * plen * 0.95
    elif unit == 'year':
        v = p * 10
    else:  # week
        v = p * 12 / 52 * 1.15
    if cur == 'JPY':
        return int(round(v / 10.0)) * 10
    return int(round(v))


def price_id(base, cur, unit, plen, pc2):
    label = PERIOD_LABEL[(unit, plen)]
    if pc2:
        return '%s-%s-%s' % (base, cur, label)
    return '%s-%s-%s' % (base, label.lower(), cur.lower())


def period_start(anchor, unit, plen, k):
    if unit == 'week':
        return anchor + 7 * DAY * plen * k
    if unit == 'year':
        return add_months(anchor, 12 * plen * k)
    return add_months(anchor, plen * k)


def hs_value(rng, pair, label_share=0.6):
    """HubSpot label or internal value."""
    return pair[0] if rng.random() < label_share else pair[1]


# --------------------------------------------------------------------------
# CSV output
# --------------------------------------------------------------------------

class CsvSink:
    """Lazily opened csv writers, one per file, rows written as they come."""

    def __init__(self, root):
        self.root = root
        self.files = {}
        self.orders = {}
        self.counts = {}

    def set_order(self, rel, columns):
        """Write the file `rel` with its columns in another order."""
        self.orders[rel] = columns

    def ensure(self, rel, kind):
        if rel not in self.files:
            header = HEADERS[kind]
            order = self.orders.get(rel)
            perm = None
            out_header = header
            if order:
                assert sorted(order) == sorted(header), rel
                perm = [header.index(c) for c in order]
                out_header = order
            path = os.path.join(self.root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fh = open(path, 'w', newline='', encoding='utf-8')
            writer = csv.writer(fh, lineterminator='\n')
            writer.writerow(out_header)
            self.files[rel] = (writer.writerow, perm, fh)
            self.counts[rel] = 0
        return self.files[rel]

    def write(self, rel, kind, row):
        entry = self.files.get(rel) or self.ensure(rel, kind)
        writerow, perm = entry[0], entry[1]
        if perm is None:
            writerow(row)
        else:
            writerow([row[i] for i in perm])
        self.counts[rel] += 1

    def close(self):
        for rel in sorted(self.files):
            self.files[rel][2].close()


# --------------------------------------------------------------------------
# The world: window, ids, writers shared by every account
# --------------------------------------------------------------------------

class Person:
    """A human: HubSpot contact and/or product user and/or billing contact."""

    def __init__(self, first, last, email):
        self.first = first
        self.last = last
        self.email = email
        self.anons = []
        self.uid = None
        self.contact_id = None


class World:
    def __init__(self, args):
        self.args = args
        self.seed = args.seed
        y, m = (int(x) for x in args.start.split('-'))
        self.t0 = month_start(y, m)
        self.months = args.months
        self.t_end = add_months(self.t0, self.months)
        self.final = self.t_end + DAY           # final export instant
        if self.months >= 2:
            self.export1 = add_months(self.t0, self.months // 2) + 2 * HOUR
        else:
            self.export1 = self.final
        self.e1_label = ym(add_months(self.t0, max(self.months // 2, 1) - 1))
        self.e2_label = ym(add_months(self.t0, self.months - 1))
        self.two_exports = self.months >= 2
        self.sink = CsvSink(args.out)
        self.counters = {}
        self.used_domains = set()
        self.used_emails = set()
        self.manifest = []
        self.customer_seq = 0
        self.scale = args.customers / 300.0
        first_year, last_year = year_of(self.t0), year_of(self.final - 1)
        self.years = list(range(first_year, last_year + 1))
        # one file of invoice line items with its columns in another order
        reorder_year = self.years[1] if len(self.years) > 1 else self.years[0]
        cols = HEADERS['invoice_line_items']
        self.sink.set_order('billing/invoice_line_items_%d.csv' % reorder_year,
                            cols[::-1][:7] + cols[::-1][7:])
        self.reordered_file = 'billing/invoice_line_items_%d.csv' % reorder_year

    # ids -------------------------------------------------------------------
    def next_id(self, kind):
        n = self.counters.get(kind, 0) + 1
        self.counters[kind] = n
        if kind == 'cus':
            return 'cus_%06d' % n
        if kind == 'sub':
            return 'sub_%06d' % n
        if kind == 'inv':
            return 'inv_%07d' % n
        if kind == 'li':
            return 'li_%08d' % n
        if kind == 'contact':
            return str(51 + 50 * (n - 1))          # HubSpot-like: 51, 101, ...
        if kind == 'company':
            return str(7700000000 + n)
        if kind == 'deal':
            return str(9300000000 + n)
        if kind == 'meeting':
            return str(32000000000 + n)
        if kind == 'user':
            return 'usr_%07d' % n
        if kind == 'nps':
            return 'resp_%07d' % n
        raise KeyError(kind)

    def note(self, file, record_id, what, reason):
        self.manifest.append((file, record_id, what, reason))

    # identities ------------------------------------------------------------
    def new_company(self, rng, country):
        name = rng.choice(COMPANY_A) + ' ' + rng.choice(COMPANY_B)
        name += rng.choice(COMPANY_SUFFIX)
        slug = ''.join(ch for ch in name.lower() if ch.isalnum())
        tld = TLD[country]
        domain = '%s.%s' % (slug, tld)
        n = 1
        while domain in self.used_domains:
            n += 1
            domain = '%s%d.%s' % (slug, n, tld)
        self.used_domains.add(domain)
        industry = rng.choice(INDUSTRIES)
        return {'id': self.next_id('company'), 'name': name, 'domain': domain,
                'country': country,
                'industry': industry[0] if rng.random() < 0.7 else industry[1],
                'employees': pick(rng, [(rng.randint(1, 9), 40),
                                        (rng.randint(10, 49), 35),
                                        (rng.randint(50, 249), 20),
                                        (rng.randint(250, 900), 5)]),
                'contacts': []}

    def new_person(self, rng, company):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if company is not None:
            local = '%s.%s' % (first.lower(), last.lower())
            email = '%s@%s' % (local, company['domain'])
            n = 1
            while email in self.used_emails:
                n += 1
                email = '%s%d@%s' % (local, n, company['domain'])
        else:
            while True:
                email = '%s.%s%d@%s' % (first.lower(), last.lower(),
                                        rng.randint(1, 9999),
                                        rng.choice(PERSONAL_DOMAINS))
                if email not in self.used_emails:
                    break
        self.used_emails.add(email)
        return Person(first, last, email)

    # time ------------------------------------------------------------------
    def in_window(self, ts):
        return self.t0 <= ts < self.final

    def year_export(self, year):
        """When the file of the invoices dated in `year` was exported."""
        return min(calendar.timegm((year + 1, 1, 2, 0, 0, 0)), self.final)

    # Segment ---------------------------------------------------------------
    def page(self, rng, ts, anon, uid, path, referrer='', utm=None, host=SITE):
        if not self.t0 <= ts < self.final:
            return
        stamp = iso(ts)
        url = 'https://%s%s' % (host, path)
        src = med = camp = ''
        if utm:
            src, med, camp = utm
            url += '?utm_source=%s&utm_medium=%s&utm_campaign=%s' % utm
        if path.startswith('/blog/'):
            title = path[6:].replace('-', ' ').capitalize() + ' | Nudgely blog'
        elif path.startswith('/app'):
            title = 'Nudgely app'
        else:
            title = TITLES.get(path, 'Nudgely')
        row = ['ajs-%024x' % rng.getrandbits(96), anon, uid or '', stamp,
               path, url, referrer, title, src, med, camp]
        rel = 'events/pages_%s.csv' % stamp[:4]
        self.sink.write(rel, 'pages', row)
        if rng.random() < DUPLICATE_RATE:
            self.sink.write(rel, 'pages', row)
        return url

    def track(self, rng, ts, anon, uid, event):
        if not self.t0 <= ts < self.final:
            return
        stamp = iso(ts)
        row = ['ajs-%024x' % rng.getrandbits(96), anon, uid or '', event,
               EVENT_TEXT[event], stamp]
        rel = 'events/tracks_%s.csv' % stamp[:4]
        self.sink.write(rel, 'tracks', row)
        if rng.random() < DUPLICATE_RATE:
            self.sink.write(rel, 'tracks', row)

    def identify(self, rng, ts, anon, uid, email):
        if not self.t0 <= ts < self.final:
            return
        stamp = iso(ts)
        row = ['ajs-%024x' % rng.getrandbits(96), anon, uid or '', email,
               stamp]
        rel = 'events/identifies_%s.csv' % stamp[:4]
        self.sink.write(rel, 'identifies', row)
        if rng.random() < DUPLICATE_RATE:
            self.sink.write(rel, 'identifies', row)


# --------------------------------------------------------------------------
# Web sessions
# --------------------------------------------------------------------------

def channel_entry(rng, channel):
    """(referrer, utm) of the first page view of a session from `channel`."""
    if channel == 'organic_search':
        return (pick(rng, [('https://www.google.com/', 85),
                           ('https://www.bing.com/', 12),
                           ('https://duckduckgo.com/', 3)]), None)
    if channel == 'paid_search':
        if rng.random() < 0.8:
            return ('https://www.google.com/',
                    ('google', 'cpc', rng.choice(['brand-search',
                                                  'generic-search'])))
        return ('https://www.bing.com/', ('bing', 'cpc', 'generic-search'))
    if channel == 'organic_social':
        return (pick(rng, [('https://www.linkedin.com/', 45),
                           ('https://l.facebook.com/', 30),
                           ('https://t.co/%s' % ''.join(
                               rng.choice('abcdefghijkmnpqrstuvwxyz23456789')
                               for _ in range(10)), 25)]), None)
    if channel == 'paid_social':
        if rng.random() < 0.55:
            return ('https://www.linkedin.com/',
                    ('linkedin', 'paid_social', 'abm-decision-makers'))
        return ('https://l.facebook.com/',
                ('facebook', 'paid_social', 'retargeting'))
    if channel == 'email':
        return ('', ('newsletter', 'email',
                     rng.choice(['monthly-digest', 'nurture-3',
                                 'product-update'])))
    if channel == 'referral':
        return (rng.choice(PARTNER_REFERRERS), None)
    if channel == 'display':
        return ('https://www.dailybizjournal.example/',
                ('adroll', 'display', 'retargeting-banners'))
    return ('', None)   # direct


def landing_page(rng, channel):
    if channel in ('organic_search', 'organic_social', 'email'):
        return pick(rng, [('/blog/' + rng.choice(BLOG_SLUGS), 60),
                          ('/features', 15), ('/', 15),
                          ('/features/automation', 10)])
    if channel == 'paid_search':
        return pick(rng, [('/', 60), ('/features', 25), ('/pricing', 15)])
    if channel in ('paid_social', 'display'):
        return pick(rng, [('/', 50), ('/features/templates', 30),
                          ('/blog/' + rng.choice(BLOG_SLUGS), 20)])
    if channel == 'referral':
        return pick(rng, [('/', 50), ('/integrations', 30),
                          ('/customers', 20)])
    return pick(rng, [('/', 70), ('/features', 15), ('/about', 15)])


def web_session(W, rng, ts, anon, uid, channel, paths, host=SITE,
                first_referrer=None):
    """Page views of one session; returns the time after the last one."""
    referrer, utm = channel_entry(rng, channel)
    if first_referrer is not None:
        referrer, utm = first_referrer, None
    prev = None
    for i, path in enumerate(paths):
        if i == 0:
            url = W.page(rng, ts, anon, uid, path, referrer, utm, host)
        else:
            url = W.page(rng, ts, anon, uid, path, prev or '', None, host)
        prev = url or prev
        ts += rng.randint(15, 200)
    return ts


def browse_paths(rng, landing, n_extra, allow_pricing=True, allow_home=True):
    paths = [landing]
    pool = [p for p in MARKETING_PAGES
            if (allow_pricing or p != '/pricing') and (allow_home or p != '/')]
    for _ in range(n_extra):
        if rng.random() < 0.3:
            paths.append('/blog/' + rng.choice(BLOG_SLUGS))
        else:
            paths.append(rng.choice(pool))
    return paths


# --------------------------------------------------------------------------
# Scenarios: customers whose life is scripted so every edge case exists
# --------------------------------------------------------------------------

SCENARIO_TEXT = {
    'discount_addon_qty': 'pro plan with plan_quantity 2 (amount = unit_amount '
    'x 2), coupon LAUNCH20 (20% off the first 3 invoices), add-ons '
    'priority-support and extra-contacts x3, one-time onboarding charge on '
    'the first invoice, 7.25% sales tax',
    'voided_reissue': 'its third invoice is voided and reissued',
    'annual_cancel_mid_term': 'annual plan (one-year service period) cancelled '
    'mid-term, 7 months in',
    'upgrades': '14-day trial (plan line item worth 0, in_trial then active), '
    'then starter -> growth (3rd paid month) -> pro (9th)',
    'reactivation': 'cancels at the end of its 5th month, comes back 130 days '
    'later with a new subscription (reactivation)',
    'quarterly_usd': 'quarterly plan (billing_period 3, month)',
    'downgrade': 'pro -> growth at the 5th renewal',
    'two_subscriptions': 'two subscriptions; the second (starter) is cancelled '
    'after 7 months while the first goes on (contraction, not churn)',
    'seat_changes': 'EUR team plan, 5 seats -> 8 -> 6, add-on extra-contacts '
    'x2',
    'weekly_usd': 'weekly plan (7-day service periods)',
    'monthly_cancel_mid_term': 'monthly plan cancelled in the middle of its '
    '6th period',
    'jpy_monthly': 'JPY pro plan (amounts in whole yen)',
    'gbp_discount': 'GBP plan with a forever 15% discount and 20% VAT',
    'dunning_then_cancel': 'invoices 4 to 6 go payment_due then not_paid while '
    'the subscription keeps renewing; cancelled (not_paid) 21 days after the '
    'last one',
    'xyz_invoice': 'also has a manual invoice in currency XYZ',
    'bad_line_items': 'invoices 2 to 6 carry one malformed extra line item '
    'each (li_bad_1..5)',
    'malformed_newer_version': 'cancelled before the mid-window export; the '
    'final export has a malformed newer version',
    'trial_never_converts': 'trial cancelled at its end (no_card), customer '
    'later deleted',
    'cancelled_without_date': 'status cancelled with an empty cancelled_at '
    '(ends at current_term_end)',
    'jpy_annual': 'JPY annual plan paid by bank transfer',
    'sek_one_off': 'EUR customer with a one-off SEK invoice',
    'offline_annual_year_end': 'annual team plan invoiced on 20 December, paid '
    'by bank transfer 25 days later: posted in the first year file, paid in '
    'invoices_updates.csv',
    'quarterly_gbp': 'GBP quarterly team plan, 3 seats',
    'trial_across_export': 'trial running at the mid-window export: in_trial in '
    'the first subscriptions file, active in the second',
    'weekly_eur': 'EUR weekly plan',
    'pending_at_export': 'metered billing: its last invoice (dated the day '
    'before the final export) is still pending',
    'non_renewing_future': 'annual plan, status non_renewing with cancelled_at '
    'in the future (after the export)',
    'future_start': "subscription status future (starts after the export), "
    'no invoice',
}


def scenario_specs(W):
    """name -> (arrival time, overrides).  Overrides fix the billing profile
    (plan, period, currency, ...) and script the subscription's life."""
    t0, final = W.t0, W.final
    span = W.t_end - t0

    def at(frac, hour=10):
        day = t0 + int(span * frac) // DAY * DAY
        return day + hour * HOUR + 17 * MINUTE

    first_dec = calendar.timegm((year_of(t0), 12, 20, 9, 0, 0))
    if not (t0 <= first_dec < W.export1):
        first_dec = at(0.45)
    day_before_final = final - DAY
    specs = [
        ('discount_addon_qty', at(0.02), dict(
            plan='pro', qty=2, unit='month', plen=1, currency='USD',
            coupon=('LAUNCH20', 0.20, 3), addons={'priority-support': 1,
                                                 'extra-contacts': 3},
            onboarding=True, tax=0.0725, health='happy', no_churn=True,
            sales=True, trial=False)),
        ('voided_reissue', at(0.03), dict(
            plan='growth', unit='month', plen=1, currency='USD',
            void_at=2, health='happy', no_churn=True, trial=False)),
        ('annual_cancel_mid_term', at(0.04), dict(
            plan='growth', unit='year', plen=1, currency='USD', trial=False,
            cancel={'k': 0, 'mode': 'mid', 'frac': 0.58,
                    'reason': 'business_closed'})),
        ('upgrades', at(0.05), dict(
            plan='starter', unit='month', plen=1, currency='USD',
            changes={2: ('plan', 'growth'), 8: ('plan', 'pro')},
            health='happy', no_churn=True, trial=True, nps_special=True)),
        ('reactivation', at(0.06), dict(
            plan='growth', unit='month', plen=1, currency='USD', trial=False,
            cancel={'k': 4, 'mode': 'end', 'reason': 'too_expensive'},
            reactivate_after=130, health='neutral')),
        ('quarterly_usd', at(0.07), dict(
            plan='growth', unit='month', plen=3, currency='USD', trial=False,
            health='happy', no_churn=True)),
        ('downgrade', at(0.08), dict(
            plan='pro', unit='month', plen=1, currency='USD', trial=False,
            changes={4: ('plan', 'growth')}, health='neutral',
            no_churn=True)),
        ('two_subscriptions', at(0.09), dict(
            plan='growth', unit='month', plen=1, currency='USD', trial=False,
            second_sub={'after': 90, 'plan': 'starter', 'cancel_k': 6},
            health='happy', no_churn=True)),
        ('seat_changes', at(0.10), dict(
            plan='team', qty=5, unit='month', plen=1, currency='EUR',
            changes={3: ('qty', 8), 9: ('qty', 6)},
            addons={'extra-contacts': 2}, health='happy', no_churn=True,
            trial=False)),
        ('weekly_usd', at(0.11), dict(
            plan='starter', unit='week', plen=1, currency='USD', trial=False,
            health='happy', no_churn=True)),
        ('monthly_cancel_mid_term', at(0.12), dict(
            plan='starter', unit='month', plen=1, currency='USD', trial=False,
            cancel={'k': 5, 'mode': 'mid', 'frac': 0.4,
                    'reason': 'missing_features'})),
        ('jpy_monthly', at(0.13), dict(
            plan='pro', unit='month', plen=1, currency='JPY', trial=False,
            health='happy', no_churn=True)),
        ('gbp_discount', at(0.14), dict(
            plan='growth', unit='month', plen=1, currency='GBP', trial=False,
            coupon=('PARTNER15', 0.15, None), health='happy', no_churn=True)),
        ('dunning_then_cancel', at(0.15), dict(
            plan='growth', unit='month', plen=1, currency='USD', trial=False,
            dunning={'k': 3, 'n': 3}, health='at_risk', no_churn=True)),
        ('xyz_invoice', at(0.16), dict(
            plan='starter', unit='month', plen=1, currency='USD', trial=False,
            health='happy', no_churn=True, xyz_invoice=True)),
        ('bad_line_items', at(0.17), dict(
            plan='growth', unit='month', plen=1, currency='USD', trial=False,
            health='happy', no_churn=True, bad_lines=True)),
        ('malformed_newer_version', at(0.18), dict(
            plan='starter', unit='month', plen=1, currency='USD', trial=False,
            cancel={'k': 3, 'mode': 'end', 'reason': 'no_longer_needed'},
            malformed_newer=True)),
        ('trial_never_converts', at(0.20), dict(
            plan='growth', unit='month', plen=1, currency='USD', trial=True,
            trial_fails=True, delete_customer=True)),
        ('cancelled_without_date', at(0.25), dict(
            plan='growth', unit='month', plen=1, currency='USD', trial=False,
            cancel={'k': 6, 'mode': 'end', 'reason': 'switched_to_competitor',
                    'blank_date': True})),
        ('jpy_annual', at(0.30), dict(
            plan='growth', unit='year', plen=1, currency='JPY', trial=False,
            health='happy', no_churn=True, pay='offline')),
        ('sek_one_off', at(0.35), dict(
            plan='growth', unit='month', plen=1, currency='EUR', trial=False,
            health='happy', no_churn=True, sek_invoice=True)),
        ('offline_annual_year_end', first_dec, dict(
            plan='team', qty=12, unit='year', plen=1, currency='USD',
            trial=False, pay='offline', offline_days=25, health='happy',
            no_churn=True, sales=True)),
        ('quarterly_gbp', at(0.45), dict(
            plan='team', qty=3, unit='month', plen=3, currency='GBP',
            trial=False, health='happy', no_churn=True)),
        ('trial_across_export', W.export1 - 8 * DAY, dict(
            plan='starter', unit='month', plen=1, currency='USD', trial=True,
            health='happy', no_churn=True)),
        ('weekly_eur', at(0.50), dict(
            plan='growth', unit='week', plen=1, currency='EUR', trial=False,
            health='neutral', no_churn=True)),
        ('pending_at_export', clamp_anchor_day(
            add_months(day_before_final, -7)) + 8 * HOUR, dict(
            plan='pro', unit='month', plen=1, currency='USD', trial=False,
            pay='metered', health='happy', no_churn=True)),
        ('non_renewing_future', add_months(final, -10) + 3 * DAY + 9 * HOUR,
         dict(plan='pro', unit='year', plen=1, currency='USD', trial=False,
              cancel={'k': 0, 'mode': 'end', 'notice': final - 15 * DAY,
                      'reason': 'too_expensive'})),
        ('future_start', final - 5 * DAY + 11 * HOUR, dict(
            plan='growth', unit='month', plen=1, currency='USD', trial=False,
            future_start=20 * DAY)),
    ]
    out = []
    for name, ts, ov in specs:
        ts = min(max(ts, t0 + HOUR), final - 2 * DAY)
        out.append((name, ts, ov))
    return out


# --------------------------------------------------------------------------
# Billing (Chargebee)
# --------------------------------------------------------------------------

class Invoicer:
    """Builds invoices and line items and writes them to the year files."""

    def __init__(self, W):
        self.W = W

    @staticmethod
    def history(rng, date, mode, offline_days=None):
        """Status timeline [(time, status, paid_at)] of an invoice."""
        if mode == 'zero':
            return [(date, 'paid', date)]
        if mode == 'card':
            p = date + rng.randint(30, 3 * HOUR)
            return [(date, 'posted', None), (p, 'paid', p)]
        if mode == 'card_retry':
            f = date + rng.randint(10 * MINUTE, 2 * HOUR)
            p = date + rng.randint(2, 8) * DAY + rng.randint(0, DAY)
            return [(date, 'posted', None), (f, 'payment_due', None),
                    (p, 'paid', p)]
        if mode == 'offline':
            days = offline_days if offline_days else rng.randint(3, 28)
            p = date + days * DAY + rng.randint(0, 8 * HOUR)
            return [(date, 'posted', None), (p, 'paid', p)]
        if mode == 'metered':
            c = date + 3 * DAY
            p = c + rng.randint(MINUTE, 2 * HOUR)
            return [(date, 'pending', None), (c, 'posted', None),
                    (p, 'paid', p)]
        if mode == 'dunning':
            f = date + rng.randint(10 * MINUTE, 2 * HOUR)
            return [(date, 'posted', None), (f, 'payment_due', None),
                    (date + 21 * DAY, 'not_paid', None)]
        if mode == 'void':
            v = date + rng.randint(1, 3) * DAY + rng.randint(0, 6 * HOUR)
            return [(date, 'posted', None), (v, 'voided', None)]
        raise ValueError(mode)

    def issue(self, rng, cust_id, sub_id, date, currency, lines, mode,
              recurring=True, offline_days=None, extra_rows=(), due_days=0):
        """Write an invoice, its line items, and (if its status changes after
        its year file was exported) its newer version in invoices_updates.
        `lines`: (entity_type, entity_id, description, unit_amount, quantity,
        discount, tax_rate, date_from, date_to).  `extra_rows`: raw line item
        rows written as they are (malformed rows).  Returns (id, history)."""
        W = self.W
        inv_id = W.next_id('inv')
        year = year_of(date)
        li_rel = 'billing/invoice_line_items_%d.csv' % year
        sub_total = disc_total = tax_total = 0
        for (etype, eid, desc, unit, qty, disc, tax_rate, dfrom, dto) in lines:
            amount = unit * qty
            tax = int(round((amount - disc) * tax_rate))
            sub_total += amount
            disc_total += disc
            tax_total += tax
            W.sink.write(li_rel, 'invoice_line_items', [
                W.next_id('li'), inv_id, sub_id, cust_id, dfrom, dto, etype,
                eid, desc, unit, qty, amount, disc, tax])
        for row in extra_rows:
            row = list(row)
            row[1], row[2], row[3] = inv_id, sub_id, cust_id
            W.sink.write(li_rel, 'invoice_line_items', row)
        total = sub_total - disc_total + tax_total
        hist = self.history(rng, date, mode, offline_days)
        due = date + due_days * DAY

        def state(at):
            cur = hist[0]
            for h in hist:
                if h[0] <= at:
                    cur = h
            return cur

        def row(st, fmt):
            t, status, paid_at = st
            paid = total if status == 'paid' else 0
            owed = 0 if status in ('paid', 'voided') else total
            return [inv_id, cust_id, sub_id, status, fmt(date), fmt(due),
                    fmt(paid_at) if paid_at else '', currency, sub_total,
                    tax_total, total, paid, owed,
                    'true' if recurring else 'false', fmt(t)]

        first = state(W.year_export(year))
        W.sink.write('billing/invoices_%d.csv' % year, 'invoices',
                     row(first, int))
        last = state(W.final)
        if last is not first:
            # a later export of the changed invoices, with ISO timestamps
            W.sink.write('billing/invoices_updates.csv', 'invoices',
                         row(last, iso))
        return inv_id, hist


class SubscriptionResult:
    def __init__(self, sub_id):
        self.sub_id = sub_id
        self.paid_start = None     # start of the first paid service period
        self.end = None            # when it stopped (None: still running)
        self.end_kind = None       # voluntary | not_paid | trial | None
        self.trial = None          # (start, end) of the trial
        self.mrr_minor = 0         # last monthly value, minor units
        self.currency = None


def make_profile(rng, cur, sales, t_cb, ov, W):
    """The billing profile of a new subscription (overridable by scenario)."""
    if 'unit' in ov:
        unit, plen = ov['unit'], ov['plen']
    else:
        weights = ([(('month', 1), 55), (('year', 1), 35), (('month', 3), 6),
                    (('week', 1), 4)] if sales else
                   [(('month', 1), 80), (('year', 1), 13), (('month', 3), 3),
                    (('week', 1), 4)])
        unit, plen = pick(rng, weights)
    if 'plan' in ov:
        plan = ov['plan']
    elif unit == 'week':
        plan = pick(rng, [('starter', 60), ('growth', 40)])
    else:
        plan = pick(rng, [('starter', 30), ('growth', 35), ('pro', 15),
                          ('team', 20)] if not sales else
                    [('growth', 35), ('pro', 35), ('team', 30)])
    if 'qty' in ov:
        qty = ov['qty']
    elif plan == 'team':
        qty = pick(rng, [(rng.randint(2, 5), 60), (rng.randint(6, 12), 30),
                         (rng.randint(13, 25), 10)])
    elif plan == 'pro' and rng.random() < 0.08:
        qty = 2
    else:
        qty = 1
    coupon = ov.get('coupon')
    if coupon is None and 'coupon' not in ov:
        r = rng.random()
        early = t_cb < add_months(W.t0, 6)
        if r < (0.15 if early else 0.07):
            coupon = ('LAUNCH20', 0.20, 3)
        elif unit == 'year' and r < 0.45:
            coupon = ('ANNUAL10', 0.10, None)
        elif r < 0.52 and rng.random() < 0.1:
            coupon = ('PARTNER15', 0.15, None)
    addons = dict(ov.get('addons', {}))
    if 'addons' not in ov and unit != 'week':
        if rng.random() < 0.15:
            addons['extra-contacts'] = rng.randint(1, 5)
        if plan in ('pro', 'team') and rng.random() < 0.12:
            addons['priority-support'] = 1
    pay = ov.get('pay')
    if pay is None:
        big = unit == 'year' and (sales or plan in ('pro', 'team'))
        r = rng.random()
        pay = 'offline' if ((big and r < 0.5) or
                            (sales and unit != 'week' and r < 0.3)) else (
            'metered' if r > 0.96 and unit == 'month' else 'card')
    return {
        'unit': unit, 'plen': plen, 'plan': plan, 'qty': qty,
        'currency': cur, 'coupon': coupon, 'addons': addons, 'pay': pay,
        'pc2': t_cb >= add_months(W.t0, 6),
        'trial': ov.get('trial', (not sales) and rng.random() < 0.45),
        'onboarding': ov.get('onboarding', sales and rng.random() < 0.6),
    }


def run_subscription(W, inv, rng, cust_id, start, pf, ov, health, tax_rate):
    """Simulate one Chargebee subscription from `start` to the final export.
    Writes its invoices; returns (SubscriptionResult, snapshots) where the
    snapshots are [(time, row)] of the subscription record."""
    sub_id = W.next_id('sub')
    res = SubscriptionResult(sub_id)
    res.currency = pf['currency']
    cur, unit, plen = pf['currency'], pf['unit'], pf['plen']
    plan, qty, addons = pf['plan'], pf['qty'], dict(pf['addons'])
    pc2 = pf['pc2']
    H = HEADERS['subscriptions']
    f = dict.fromkeys(H, '')
    f.update(id=sub_id, customer_id=cust_id, currency_code=cur,
             billing_period=plen, billing_period_unit=unit, created_at=start,
             started_at=start)
    snaps = []

    def set_plan():
        f['plan_id'] = price_id(plan, cur, unit, plen, pc2)
        f['plan_quantity'] = qty
        f['plan_unit_price'] = period_price(PLAN_PRICES[plan], cur, unit, plen)

    def snap(t):
        f['updated_at'] = t
        snaps.append((t, [f[k] for k in H]))

    set_plan()
    if ov.get('future_start'):
        f['status'] = 'future'
        f['started_at'] = start + ov['future_start']
        snap(start)
        return res, snaps

    t = start
    if pf['trial']:
        te = start + 14 * DAY
        res.trial = (start, te)
        f.update(status='in_trial', trial_start=start, trial_end=te)
        snap(start)
        eid = price_id(plan, cur, unit, plen, pc2)
        inv.issue(rng, cust_id, sub_id, start, cur, [(
            'plan_item_price' if pc2 else 'plan', eid,
            '%s %s (trial)' % (PLAN_NAMES[plan], PERIOD_LABEL[(unit, plen)]),
            0, qty, 0, 0.0, start, te)], 'zero')
        if 'plan' in ov:      # a scripted customer fails only if told to
            fails = ov.get('trial_fails', False)
        else:
            fails = rng.random() < 0.25
        if te >= W.final:
            return res, snaps
        if fails:
            f.update(status='cancelled', cancelled_at=te, cancel_reason='no_card')
            snap(te)
            res.end, res.end_kind = te, 'trial'
            return res, snaps
        t = te
    anchor = t
    f['activated_at'] = anchor
    res.paid_start = anchor
    coupon = pf['coupon']
    coupon_left = coupon[2] if coupon else 0
    changes = dict(ov.get('changes', {}))
    cancel = ov.get('cancel')
    dunning = dict(ov['dunning']) if ov.get('dunning') else None
    if dunning is None and health == 'at_risk' and rng.random() < 0.4 \
            and unit != 'year' and not ov.get('no_churn'):
        dunning = {'k': rng.randint(1, 6), 'n': rng.randint(2, 3)}
    unpaid_left = 0
    k = 0
    first_paid = True
    while True:
        ts = period_start(anchor, unit, plen, k)
        te = period_start(anchor, unit, plen, k + 1)
        if ts >= W.final:
            break
        # plan changes take effect at a renewal
        if k in changes:
            what, value = changes[k]
            if what == 'plan':
                plan = value
            else:
                qty = value
            set_plan()
        f.update(status='active', current_term_start=ts, current_term_end=te)
        snap(ts)
        # invoice of the term
        lines = []
        unit_amount = period_price(PLAN_PRICES[plan], cur, unit, plen)
        amount = unit_amount * qty
        disc = 0
        if coupon and (coupon[2] is None or coupon_left > 0):
            disc = int(round(amount * coupon[1]))
            if coupon[2] is not None:
                coupon_left -= 1
        lines.append(('plan_item_price' if pc2 else 'plan',
                      price_id(plan, cur, unit, plen, pc2),
                      '%s %s' % (PLAN_NAMES[plan], PERIOD_LABEL[(unit, plen)]),
                      unit_amount, qty, disc, tax_rate, ts, te))
        addon_value = 0
        for aid in sorted(addons):
            table, desc = ADDONS[aid]
            ua = period_price(table, cur, unit, plen)
            lines.append(('addon_item_price' if pc2 else 'addon',
                          price_id(aid, cur, unit, plen, pc2), desc, ua,
                          addons[aid], 0, tax_rate, ts, te))
            addon_value += ua * addons[aid]
        if first_paid and pf['onboarding']:
            table, desc = CHARGES['onboarding']
            lines.append(('charge_item_price' if pc2 else 'adhoc',
                          'onboarding-%s' % cur if pc2 else 'onboarding',
                          desc, table[cur], 1, 0, tax_rate, ts, te))
        first_paid = False
        months_len = {'month': plen, 'year': 12 * plen,
                      'week': 12.0 / 52 * plen}[unit]
        res.mrr_minor = (amount - disc + addon_value) / months_len
        if dunning and k >= dunning['k'] and unpaid_left == 0 \
                and not dunning.get('started'):
            dunning['started'] = True
            unpaid_left = dunning['n']
        if unpaid_left > 0:
            mode = 'dunning'
        elif ov.get('void_at') == k or (
                'void_at' not in ov and rng.random() < 0.004):
            mode = 'void'
        elif pf['pay'] == 'offline':
            mode = 'offline'
        elif pf['pay'] == 'metered':
            mode = 'metered'
        elif rng.random() < (0.08 if health == 'at_risk' else 0.02):
            mode = 'card_retry'
        else:
            mode = 'card'
        extra = bad_line_rows(W, k, ts, te) if ov.get('bad_lines') else ()
        inv_id, hist = inv.issue(
            rng, cust_id, sub_id, ts, cur, lines, mode,
            offline_days=ov.get('offline_days'), extra_rows=extra,
            due_days=30 if mode == 'offline' else 0)
        if mode == 'void' and ov.get('void_at') == k:
            W.note('billing/invoices_%d.csv' % year_of(ts), inv_id,
                   'voided invoice (status voided), reissued right after as '
                   'a new invoice for the same period', 'kept (never counts)')
        if mode == 'void':
            void_t = hist[-1][0]
            inv.issue(rng, cust_id, sub_id, void_t, cur, lines, 'card')
        # dunning: the subscription goes on while invoices stay unpaid, then
        # is cancelled when the last dunning ends
        if unpaid_left > 0:
            unpaid_left -= 1
            if unpaid_left == 0:
                c = ts + 21 * DAY + 2 * HOUR
                if c < W.final:
                    f.update(status='cancelled', cancelled_at=c,
                             cancel_reason='not_paid')
                    snap(c)
                    res.end, res.end_kind = c, 'not_paid'
                    return res, snaps
            k += 1
            continue
        # cancellation
        mode_c = None
        reason = None
        if cancel is not None and cancel['k'] == k:
            mode_c, reason = cancel['mode'], cancel['reason']
        elif cancel is None and not ov.get('no_churn') and \
                rng.random() < CHURN_P[(unit, plen)][health]:
            mode_c = 'mid' if rng.random() < 0.15 else 'end'
            reason = pick(rng, CANCEL_REASONS)
        if mode_c == 'mid':
            frac = cancel['frac'] if cancel and 'frac' in cancel else \
                rng.uniform(0.15, 0.85)
            c = ts + int((te - ts) * frac)
            if c < W.final:
                f.update(status='cancelled', cancelled_at=c,
                         cancel_reason=reason)
                snap(c)
                res.end, res.end_kind = c, 'voluntary'
                return res, snaps
        elif mode_c == 'end':
            if cancel and 'notice' in cancel:
                notice = cancel['notice']
            else:
                max_days = {'week': 5, 'month': 25, 'year': 60}[unit]
                notice = te - int(rng.uniform(1, max_days) * DAY)
                notice = max(notice, ts + HOUR)
            if notice < W.final:
                f.update(status='non_renewing', cancelled_at=te,
                         cancel_reason=reason)
                snap(notice)
                if te < W.final:
                    f.update(status='cancelled',
                             cancelled_at='' if cancel and
                             cancel.get('blank_date') else te)
                    snap(te)
                    res.end, res.end_kind = te, 'voluntary'
                    return res, snaps
                # still non_renewing at the export, cancelled_at in the future
                return res, snaps
        else:
            # changes decided for the next renewal
            r = rng.random()
            if unit == 'week' or (cancel is not None) or 'changes' in ov:
                pass
            elif health == 'happy' and r < 0.03:
                if plan == 'team':
                    changes[k + 1] = ('qty', qty + rng.randint(1, 4))
                elif plan != 'pro':
                    changes[k + 1] = ('plan', TIERS[TIERS.index(plan) + 1])
            elif health == 'happy' and r < 0.05 and len(addons) < 2:
                addons.setdefault('extra-contacts', 0)
                addons['extra-contacts'] += 1
            elif health == 'at_risk' and r < 0.06:
                if plan == 'team' and qty > 2:
                    changes[k + 1] = ('qty', qty - 1)
                elif plan in ('growth', 'pro'):
                    changes[k + 1] = ('plan', TIERS[TIERS.index(plan) - 1])
            elif health == 'neutral' and r < 0.012:
                if plan == 'team':
                    changes[k + 1] = ('qty', max(2, qty + rng.choice([-1, 1])))
                elif plan == 'pro':
                    changes[k + 1] = ('plan', 'growth')
                else:
                    changes[k + 1] = ('plan', TIERS[TIERS.index(plan) + 1])
        k += 1
    return res, snaps


def bad_line_rows(W, k, ts, te):
    """Malformed extra line items for the 'bad_line_items' customer."""
    year = year_of(ts)
    rel = 'billing/invoice_line_items_%d.csv' % year
    lid = 'li_bad_%d' % k
    base = [lid, '', '', '', ts, te, 'addon_item_price',
            'extra-contacts-USD-Monthly', 'Extra contacts (per 1,000)',
            1000, 1, 1000, 0, 0]
    if k == 1:
        base[4] = 'yesterday'
        W.note(rel, lid, "date_from is 'yesterday'", 'unparseable_date')
    elif k == 2:
        base[11] = '12O0'
        W.note(rel, lid, "amount is '12O0' (letter O)", 'non_numeric')
    elif k == 3:
        base[6], base[7], base[8] = 'charge_item_price', 'setup-USD', 'Setup'
        base[9], base[11] = 'n/a', 'n/a'
        W.note(rel, lid, "unit_amount and amount are 'n/a'", 'non_numeric')
    elif k == 4:
        base[5] = ts
        W.note(rel, lid, 'date_to equals date_from', 'invalid_service_period')
    elif k == 5:
        base[4], base[5] = te, ts
        W.note(rel, lid, 'date_to before date_from', 'invalid_service_period')
    else:
        return ()
    return (base,)


def simulate_billing(W, inv, rng, acc, ov):
    """Chargebee life of one customer: customer record, subscriptions,
    invoices.  Returns a summary used by the other sources."""
    cust_id = W.next_id('cus')
    acc['customer_id'] = cust_id
    cur, health, sales = acc['currency'], acc['health'], acc['sales']
    tax_rate = ov.get('tax', pick(rng, TAX_RATES[cur]))
    start = acc['t_cb']
    subs = []          # (result, snapshots)
    pf = make_profile(rng, cur, sales, start, ov, W)
    if pf['trial']:
        start = clamp_anchor_day(start + 14 * DAY) - 14 * DAY
    elif pf['unit'] != 'week':
        start = clamp_anchor_day(start)
    acc['t_cb'] = start
    acc['trial'] = pf['trial']
    acc['plan'] = pf['plan']
    res, snaps = run_subscription(W, inv, rng, cust_id, start, pf, ov, health,
                                  tax_rate)
    subs.append((res, snaps))
    # a second subscription (another brand or workspace) for a few customers
    second = ov.get('second_sub')
    if second is None and 'second_sub' not in ov and res.paid_start and \
            acc['company'] is not None and rng.random() < 0.03:
        second = {'after': rng.randint(40, 200), 'plan': 'starter',
                  'cancel_k': None}
    if second and res.paid_start:
        s2 = clamp_anchor_day(res.paid_start + second['after'] * DAY)
        if s2 < W.final - DAY:
            ov2 = dict(plan=second['plan'], unit='month', plen=1, trial=False,
                       addons={}, coupon=None, onboarding=False)
            if second.get('cancel_k') is not None:
                ov2['cancel'] = {'k': second['cancel_k'], 'mode': 'end',
                                 'reason': 'no_longer_needed'}
                ov2['no_churn'] = True
            pf2 = make_profile(rng, cur, False, s2, ov2, W)
            subs.append(run_subscription(W, inv, rng, cust_id, s2, pf2, ov2,
                                         health, tax_rate))
    # reactivation: a customer who cancelled comes back months later
    last = subs[0][0]
    reac = ov.get('reactivate_after')
    if reac is None and last.end_kind == 'voluntary' and rng.random() < 0.12:
        reac = rng.randint(60, 240)
    if reac and last.end_kind == 'voluntary':
        s3 = clamp_anchor_day(last.end + reac * DAY)
        if s3 < W.final - DAY:
            ov3 = dict(trial=False, onboarding=False, coupon=None,
                       unit='month', plen=1, no_churn=ov.get('no_churn', False))
            pf3 = make_profile(rng, cur, False, s3, ov3, W)
            r3, sn3 = run_subscription(W, inv, rng, cust_id, s3, pf3, ov3,
                                       'neutral', tax_rate)
            subs.append((r3, sn3))
            acc['reactivated_at'] = s3
    # one-off invoices: data migration (non-recurring), XYZ and SEK edge cases
    if res.paid_start and (rng.random() < 0.03):
        d = res.paid_start + rng.randint(3, 20) * DAY
        if d < W.final:
            table, desc = CHARGES['data-migration']
            inv.issue(rng, cust_id, res.sub_id, d, cur, [(
                'charge_item_price' if pf['pc2'] else 'adhoc',
                'data-migration-%s' % cur if pf['pc2'] else 'data-migration',
                desc, table[cur], 1, 0, tax_rate, d, d + DAY)], 'card',
                recurring=False)
    if ov.get('xyz_invoice') and res.paid_start:
        d = add_months(res.paid_start, 2) + 5 * DAY
        inv_id, _ = inv.issue(rng, cust_id, res.sub_id, d, 'XYZ', [(
            'plan_item_price' if pf['pc2'] else 'plan', 'starter-XYZ-Monthly',
            'Starter Monthly', 2900, 1, 0, 0.0, d, add_months(d, 1))], 'card',
            recurring=False)
        W.note('billing/invoices_%d.csv' % year_of(d), inv_id,
               "manual invoice with currency_code 'XYZ' (not a currency): the "
               'invoice row itself is kept (invoices do not need a rate)',
               'kept')
        W.note('billing/invoice_line_items_%d.csv' % year_of(d),
               'li_%08d' % W.counters['li'],
               "line item of that XYZ invoice", 'unknown_currency')
    if ov.get('sek_invoice') and res.paid_start:
        d = add_months(res.paid_start, 3) + 2 * DAY
        inv_id, _ = inv.issue(rng, cust_id, res.sub_id, d, 'SEK', [(
            'charge_item_price', 'workshop-SEK', 'Nordic onboarding workshop',
            450000, 1, 0, 0.25, d, d + DAY)], 'card', recurring=False)
        W.note('billing/invoice_line_items_%d.csv' % year_of(d),
               'li_%08d' % W.counters['li'],
               'one-off charge on a SEK invoice (%s): SEK is a known currency '
               'with no rate into USD' % inv_id, 'no_fx_rate')
    # customer record versions
    person = acc['primary']
    email = person.email
    if rng.random() < 0.03:
        email = email[0].upper() + email[1:]
    created = start
    company = acc['company']['name'] if acc['company'] else ''
    row = [cust_id, email, person.first, person.last, company, created,
           created, 'false']
    versions = [(created, list(row))]
    if ov.get('delete_customer') and res.end:
        t = res.end + 30 * DAY
        if t < W.final:
            row[6], row[7] = t, 'true'
            versions.append((t, list(row)))
            W.note('billing/customers_*.csv', cust_id,
                   'trial that never converted (subscription cancelled, '
                   "cancel_reason no_card); customer later deleted=true",
                   'kept (never a paying customer)')
    elif rng.random() < 0.06:
        t = created + rng.randint(10, 400) * DAY
        if t < W.final:
            if company and rng.random() < 0.5:
                row[4] = company + (' GmbH' if cur == 'EUR' else ' Ltd')
            else:
                row[3] = rng.choice(LAST_NAMES)
            row[6] = t
            versions.append((t, list(row)))
    write_versions(W, 'customers', versions)
    for res_i, snaps_i in subs:
        write_versions(W, 'subscriptions', snaps_i,
                       malformed=ov.get('malformed_newer') and res_i is res)
    acc['subs'] = [s[0] for s in subs]
    return acc


def write_versions(W, kind, versions, malformed=False):
    """Write the version of a record known at each export: the mid-window
    export file gets the version as of export1; the final file gets the
    final version when it is newer (or, rarely, an identical repeat)."""
    if not versions:
        return
    rel1 = 'billing/%s_%s.csv' % (kind, W.e1_label)
    rel2 = 'billing/%s_%s.csv' % (kind, W.e2_label)
    v1 = None
    for t, row in versions:
        if t <= W.export1:
            v1 = row
    v2 = versions[-1][1]
    upd = HEADERS[kind].index('updated_at')
    if not W.two_exports:
        W.sink.write(rel2, kind, v2)
        return
    if v1 is not None:
        W.sink.write(rel1, kind, v1)
    if v1 is None or v2[upd] != v1[upd]:
        W.sink.write(rel2, kind, v2)
    elif int(hashlib.md5(str(v2[0]).encode()).hexdigest(), 16) % 40 == 0:
        W.sink.write(rel2, kind, v2)     # same version exported twice
    if malformed and v1 is not None:
        bad = list(versions[-1][1])
        bad[HEADERS[kind].index('started_at')] = 'not-a-date'
        bad[HEADERS[kind].index('status')] = 'active'
        bad[upd] = W.final - 3 * DAY
        W.sink.write(rel2, kind, bad)
        W.note(rel2, bad[0], "newer version (later updated_at, status active) "
               "with started_at 'not-a-date'; the older valid cancelled "
               'version in %s must win' % rel1, 'unparseable_date')


# --------------------------------------------------------------------------
# Journeys (funnel timings) and web/product events
# --------------------------------------------------------------------------

def compress(rng, offsets, t_ref, floor):
    """Scale negative offsets (seconds before t_ref) so none falls before
    `floor` (the journeys of the first customers started before the window)."""
    lo = min([o for o in offsets.values() if o is not None] + [0])
    if t_ref + lo >= floor:
        return offsets
    room = max(int((t_ref - floor) * rng.uniform(0.3, 0.95)), 0)
    factor = room / float(-lo) if lo else 0
    return {k: (int(v * factor) if v is not None else None)
            for k, v in offsets.items()}


def customer_journey(W, rng, acc):
    """Funnel timings of a customer's primary person, back from t_cb."""
    sales, trial = acc['sales'], acc['trial']
    o = {}
    if sales:
        o['meeting'] = -int(rng.uniform(7, 30) * DAY)
        o['booking'] = o['meeting'] - int(rng.uniform(1, 7) * DAY)
        o['lead'] = o['booking'] - int(rng.uniform(1, 20) * DAY)
        o['pricing'] = o['lead'] + int(rng.uniform(0.1, 0.9) *
                                       (o['booking'] - o['lead']))
        o['signup'] = (o['meeting'] + int(rng.uniform(0.1, 3) * DAY)
                       if rng.random() < 0.5 else -rng.randint(60, 3600))
        o['first'] = o['lead'] - int(rng.uniform(0, 15) * DAY)
    else:
        o['signup'] = 0 if trial else -int(rng.uniform(0, 10) * DAY)
        o['lead'] = (o['signup'] - int(rng.uniform(0.5, 25) * DAY)
                     if rng.random() < 0.55 else None)
        base = o['lead'] if o['lead'] is not None else o['signup']
        o['first'] = base - int(rng.uniform(0, 20) * DAY)
        o['pricing'] = o['signup'] - int(rng.uniform(0.001, 0.9) *
                                         (o['signup'] - o['first'] + 1))
        o['booking'] = o['meeting'] = None
    o = compress(rng, o, acc['t_cb'], W.t0)
    return {k: (acc['t_cb'] + v if v is not None else None)
            for k, v in o.items()}


def emit_journey(W, rng, p, j, channel, depth, uid=None):
    """Marketing-site sessions, form, signup, key actions and demo booking
    of one person.  `depth` is the set of steps this person takes."""
    anon = p.anons[0]
    t_first = j['first']
    identified = False
    home_pricing = 'prospect' in depth
    land = landing_page(rng, channel)
    if not home_pricing and land == '/pricing':
        land = '/features'
    extra = rng.randint(0, 2)
    paths = browse_paths(rng, land, extra, allow_pricing=home_pricing,
                         allow_home=home_pricing or land == '/')
    if not home_pricing and '/' in paths and '/pricing' in paths:
        paths = [x for x in paths if x != '/pricing']
    t = web_session(W, rng, t_first, anon, None, channel, paths)
    # a return visit or two before converting
    nxt = [x for x in (j.get('lead'), j.get('signup')) if x]
    horizon = min(nxt) if nxt else t_first + 30 * DAY
    for _ in range(rng.randint(0, 2)):
        if horizon - t > 2 * DAY:
            ts = rng.randint(t + DAY, horizon - DAY)
            ch = pick(rng, [('direct', 50), ('organic_search', 30),
                            ('email', 10), (channel, 10)])
            web_session(W, rng, ts, anon, None, ch, browse_paths(
                rng, landing_page(rng, ch) if ch != 'direct' else '/features',
                rng.randint(0, 2), allow_pricing=home_pricing,
                allow_home=home_pricing))
    if j.get('lead') and 'lead' in depth:
        tl = j['lead']
        ts = web_session(W, rng, tl, anon, None, 'direct',
                         ['/blog/' + rng.choice(BLOG_SLUGS),
                          '/resources/email-playbook'],
                         first_referrer='https://www.google.com/'
                         if rng.random() < 0.5 else '')
        W.track(rng, ts + 20, anon, None, 'form_cta_submitted')
        W.identify(rng, ts + 21, anon, None, p.email)
        identified = True
    if home_pricing and j.get('pricing'):
        tp = j['pricing']
        web_session(W, rng, tp, anon, None,
                    pick(rng, [('direct', 60), ('organic_search', 25),
                               ('paid_search', 15)]), ['/', '/pricing'])
    if 'signup' in depth and j.get('signup') and uid:
        ts = web_session(W, rng, j['signup'], anon, None, 'direct',
                         ['/pricing', '/signup'])
        W.track(rng, ts + 30, anon, uid, 'signed_up')
        W.identify(rng, ts + 31, anon, uid, p.email)
        W.page(rng, ts + 60, anon, uid, '/app/onboarding', '', None, APP)
        identified = True
        # key actions in the first days
        n_keys = j.get('n_keys', 0)
        acts = rng.sample(KEY_ACTIONS, min(n_keys, 3))
        tk = j['signup'] + rng.randint(10 * MINUTE, 2 * HOUR)
        for a in acts:
            W.page(rng, tk, anon, uid, KEY_ACTION_PAGE[a], '', None, APP)
            W.track(rng, tk + rng.randint(30, 600), anon, uid, a)
            tk += int(rng.uniform(0.05, 4) * DAY)
    if 'booking' in depth and j.get('booking') and j.get('booked_on_web'):
        tb = j['booking']
        ts = web_session(W, rng, tb, anon, uid, 'direct', ['/pricing', '/demo'])
        W.track(rng, ts + 15, anon, uid, 'meeting_booked')
        if not identified:
            W.identify(rng, ts + 16, anon, uid, p.email)


def app_usage(W, rng, p, uid, intervals, rate, churn_end=None, anon2=None):
    """Logged-in product activity of a user over paid intervals: sessions on
    random days (about `rate` of the days), fewer in the 45 days before a
    churn."""
    for (a, b) in intervals:
        b = min(b, W.final)
        t = a + int(rng.expovariate(rate) * DAY)
        while t < b:
            r = rate
            if churn_end is not None and churn_end - t < 45 * DAY:
                r = rate * 0.3
            day = t - t % DAY
            ts = daytime(rng, day)
            if ts >= b:
                break
            anon = anon2 if (anon2 and rng.random() < 0.3) else p.anons[0]
            if rng.random() < 0.65:
                W.page(rng, ts, anon, uid, '/login', '', None, APP)
                W.track(rng, ts + 8, anon, uid, 'logged_in')
                ts += 12
            prev = ''
            for _ in range(pick(rng, [(1, 50), (2, 35), (3, 15)])):
                path = rng.choice(APP_PAGES)
                W.page(rng, ts, anon, uid, path, prev, None, APP)
                prev = 'https://%s%s' % (APP, path)
                ts += rng.randint(20, 400)
            rr = rng.random()
            if rr < 0.12:
                W.track(rng, ts, anon, uid, 'created_email')
            elif rr < 0.19:
                W.track(rng, ts, anon, uid, 'created_flow')
            elif rr < 0.23:
                W.track(rng, ts, anon, uid, 'imported_contacts')
            elif rr < 0.31:
                W.track(rng, ts, anon, uid, 'sent_campaign')
            t = day + DAY + int(rng.expovariate(r) * DAY)


# --------------------------------------------------------------------------
# CRM (HubSpot)
# --------------------------------------------------------------------------

def write_contact(W, rng, p, company, hs, source, status, stage_override=None,
                  create=None, email_variant=False, later_status=None):
    """Write a HubSpot contact as known at the mid-window export and, when it
    changed since, again in the second file.  `hs`: stage -> date."""
    hs = {k: v for k, v in hs.items() if v is not None and v < W.final}
    if create is None and not hs:
        return           # only known to HubSpot after the export
    create = create if create is not None else min(hs.values())
    if create >= W.final:
        return
    email = p.email
    if email_variant:
        email = ' ' + p.email.title() + ' ' if rng.random() < 0.5 else \
            p.email.upper()
    use_label = rng.random() < 0.55

    def lab(pair):
        # mostly one style per contact, sometimes mixed within a row
        return pair[0 if (use_label != (rng.random() < 0.1)) else 1]

    def row(as_of):
        known = {k: v for k, v in hs.items() if v <= as_of}
        if stage_override:
            stage = stage_override
        else:
            stage = max(known, key=HS_STAGE_ORDER.index) if known else 'lead'
        st = status
        mods = [create] + list(known.values())
        if later_status and later_status[0] <= as_of:
            st = later_status[1]
            mods.append(later_status[0])
        last_mod = max(mods) + rng.randint(60, 6 * HOUR)
        last_mod = min(last_mod, as_of - 1) if as_of < W.final else last_mod
        dates = ['' for _ in HS_STAGE_ORDER]
        for k, v in known.items():
            fmt = hs_time(v) if rng.random() < 0.8 else ymd(v)
            dates[HS_STAGE_ORDER.index(k)] = fmt
        src = source
        return [p.contact_id, p.first, p.last, email,
                company['id'] if company else '', hs_time(create),
                hs_time(max(last_mod, create)),
                lab(LIFECYCLE[stage]),
                lab(LEAD_STATUS[st]) if st else '',
                lab(ORIGINAL_SOURCE[src[0]]),
                src[1], src[2]] + dates

    if W.two_exports and create <= W.export1:
        r1 = row(W.export1)
        W.sink.write('crm/contacts_1.csv', 'contacts', r1)
        changed = any(v > W.export1 for v in hs.values()) or (
            later_status is not None and W.export1 < later_status[0] < W.final)
        if changed:
            W.sink.write('crm/contacts_2.csv', 'contacts', row(W.final))
    else:
        W.sink.write('crm/contacts_2.csv', 'contacts', row(W.final))


def source_of(rng, channel):
    """(channel key, drill-down 1, drill-down 2) for HubSpot."""
    if channel == 'organic_search':
        return (channel, rng.choice(['google', 'bing', 'google']), '')
    if channel == 'paid_search':
        return (channel, 'google' if rng.random() < 0.8 else 'bing',
                rng.choice(['brand-search', 'generic-search']))
    if channel == 'paid_social':
        return (channel, rng.choice(['linkedin', 'facebook']), '')
    if channel == 'organic_social':
        return (channel, rng.choice(['LinkedIn', 'Facebook', 'Twitter']), '')
    if channel == 'email':
        return (channel, 'newsletter', '')
    if channel == 'referral':
        return (channel, rng.choice(['smallbizstack.net', 'capterra.com']),
                '')
    if channel == 'offline':
        return (channel, 'IMPORT', rng.choice(['trade-show-2023.csv',
                                                'webinar-list.csv']))
    if channel == 'display':
        return (channel, 'adroll', 'retargeting-banners')
    return ('direct', '', '')


def write_company(W, rng, company, stage, create):
    if create >= W.final:
        return
    W.sink.write('crm/companies.csv', 'companies', [
        company['id'], company['name'], company['domain'],
        company['industry'], company['country'], company['employees'],
        hs_value(rng, LIFECYCLE[stage]) if stage else '',
        hs_time(create), hs_time(create + rng.randint(HOUR, 40 * DAY))])


def write_meetings(W, rng, contact_ids, booking, start, outcome_weights,
                   company_name):
    """Demo meetings (maybe a no-show or reschedule first).  Returns the time
    the demo was completed, if it was."""
    completed = None
    t_create, t_start = booking, start
    for attempt in range(3):
        if t_create >= W.final:
            break
        if t_start >= W.final:
            outcome = 'Scheduled'
        else:
            outcome = pick(rng, outcome_weights) if attempt < 2 else \
                'Completed'
        W.sink.write('crm/meetings.csv', 'meetings', [
            W.next_id('meeting'), 'Nudgely demo - %s' % company_name,
            hs_time(t_start), hs_time(t_create), outcome,
            ';'.join(contact_ids)])
        if outcome == 'Completed':
            completed = t_start + HOUR
            break
        if outcome in ('Scheduled', 'Canceled'):
            # a meeting left 'Scheduled' in the past: the rep never logged it
            break
        # No Show / Rescheduled: a new meeting is booked
        t_create = t_start + rng.randint(HOUR, 2 * DAY)
        t_start = t_create + rng.randint(1, 6) * DAY
    return completed


def write_deal(W, rng, name, stage, amount, create, close, contact_ids,
               company_id):
    if create >= W.final:
        return None
    did = W.next_id('deal')
    W.sink.write('crm/deals.csv', 'deals', [
        did, name, 'Sales Pipeline', hs_value(rng, DEAL_STAGES[stage]),
        '%.2f' % amount if rng.random() < 0.5 else '%d' % round(amount),
        hs_time(create), hs_time(close) if close else '',
        hs_time(min(max(create, close or create) + rng.randint(HOUR, DAY),
                    W.final - 1)),
        ';'.join(contact_ids), company_id or ''])
    return did


# --------------------------------------------------------------------------
# Accounts
# --------------------------------------------------------------------------

def process_customer(W, inv, entry):
    """One customer account: billing, CRM, events, NPS."""
    seq, t_cb, scen = entry
    rng = derive_rng(W.seed, 'customer', seq)
    ov = dict(scen[2]) if scen else {}
    cur = ov.get('currency') or pick(rng, CURRENCY_MIX)
    country = pick(rng, COUNTRIES[cur])
    b2b = rng.random() < 0.8 or ov.get('sales') or ov.get('second_sub') or \
        ov.get('plan') == 'team'
    company = W.new_company(rng, country) if b2b else None
    health = ov.get('health') or pick(rng, HEALTH_MIX)
    sales = ov.get('sales', b2b and rng.random() < 0.35)
    primary = W.new_person(rng, company)
    primary.anons.append(uuid_from(rng))
    acc = {'company': company, 'primary': primary, 'currency': cur,
           'health': health, 'sales': sales, 't_cb': t_cb}
    simulate_billing(W, inv, rng, acc, ov)
    subs = acc['subs']
    if scen:
        W.note('billing/subscriptions_*.csv', '%s (%s)' % (
            acc['customer_id'], ', '.join(s.sub_id for s in subs)),
            SCENARIO_TEXT[scen[0]], 'kept')
    main = subs[0]
    paid_start = main.paid_start
    # ---- journey of the primary person
    j = customer_journey(W, rng, acc)
    channel = pick(rng, CHANNEL_MIX)
    j['n_keys'] = 3 if rng.random() < 0.5 else (2 if rng.random() < 0.7 else 1)
    j['booked_on_web'] = sales and rng.random() < 0.6
    primary.uid = W.next_id('user')
    depth = {'prospect', 'signup'}
    if j.get('lead'):
        depth.add('lead')
    if sales:
        depth.add('booking')
    emit_journey(W, rng, primary, j, channel, depth, uid=primary.uid)
    # ---- product usage while paying (and during the trial)
    rate = {'happy': 0.13, 'neutral': 0.08, 'at_risk': 0.045}[health]
    intervals = []
    churn_end = None
    uids = {}
    for s in subs:
        if s.trial:
            intervals.append(s.trial)
        if s.paid_start:
            end = s.end or W.final
            intervals.append((s.paid_start, end))
            if s.end:
                churn_end = s.end
    anon2 = uuid_from(rng) if rng.random() < 0.35 else None
    if anon2:
        first_use = intervals[0][0] + rng.randint(1, 20) * DAY if intervals \
            else None
        if first_use:
            W.identify(rng, first_use, anon2, primary.uid, primary.email)
    reac = acc.get('reactivated_at')
    if reac and scen and scen[0] == 'reactivation':
        # comes back with a brand-new product account: a second user id
        uid2 = W.next_id('user')
        ts = web_session(W, rng, reac - 2 * HOUR, primary.anons[0], None,
                         'email', ['/', '/pricing', '/signup'])
        W.track(rng, ts + 30, primary.anons[0], uid2, 'signed_up')
        W.identify(rng, ts + 31, primary.anons[0], uid2, primary.email)
        uids[primary.uid] = [iv for iv in intervals if iv[0] < reac]
        uids[uid2] = [iv for iv in intervals if iv[0] >= reac]
        W.note('events/identifies_%d.csv' % year_of(reac), uid2,
               'person %s has two user ids (%s, %s): counts once' %
               (primary.email, primary.uid, uid2), 'kept')
    else:
        uids[primary.uid] = intervals
    for uid, ivs in uids.items():
        app_usage(W, rng, primary, uid, ivs, rate, churn_end, anon2)
    # teammates
    n_team = 0
    if company is not None and paid_start and (
            acc['plan'] == 'team' or rng.random() < 0.3):
        n_team = rng.randint(1, 3)
    teammates = []
    for _ in range(n_team):
        tm = W.new_person(rng, company)
        tm.anons.append(uuid_from(rng))
        tm.uid = W.next_id('user')
        join = paid_start + rng.randint(1, 40) * DAY
        W.track(rng, join - 60, primary.anons[0], primary.uid,
                'invited_teammate')
        W.identify(rng, join, tm.anons[0], tm.uid, tm.email)
        ivs = [(max(a, join), b) for a, b in intervals if b > join]
        app_usage(W, rng, tm, tm.uid, ivs, rate * 0.6, churn_end)
        teammates.append(tm)
    # ---- CRM
    crm = rng.random() >= 0.03 or scen is not None
    contact_ids = []
    hs = {}
    if crm:
        primary.contact_id = W.next_id('contact')
        contact_ids.append(primary.contact_id)
        if j.get('lead'):
            hs['lead'] = j['lead'] + 21
        else:
            hs['lead'] = j['signup']
        if rng.random() < 0.1:
            hs['subscriber'] = j['first'] + rng.randint(60, 3600)
            if hs['subscriber'] > hs['lead']:
                hs['subscriber'] = hs['lead'] - 60
        if j.get('pricing') and rng.random() < 0.5:
            hs['mql'] = max(j['pricing'], hs['lead']) + rng.randint(HOUR, DAY)
        if sales:
            if rng.random() < 0.75:
                hs['sql'] = j['booking'] + rng.randint(5 * MINUTE, 3 * DAY)
        if paid_start and (sales and rng.random() < 0.9 or
                           not sales and rng.random() < 0.6):
            hs['customer'] = paid_start + rng.randint(HOUR, 3 * DAY)
        if paid_start and health == 'happy' and rng.random() < 0.15:
            hs['evangelist'] = paid_start + rng.randint(150, 400) * DAY
            if main.end and hs['evangelist'] > main.end:
                del hs['evangelist']
    colleague = None
    if crm and company is not None and sales and rng.random() < 0.5:
        colleague = W.new_person(rng, company)
        colleague.anons.append(uuid_from(rng))
        colleague.contact_id = W.next_id('contact')
        contact_ids.append(colleague.contact_id)
    # meetings and deal for sales-assisted customers
    if sales and crm:
        done = write_meetings(W, rng, contact_ids, j['booking'],
                              j['meeting'], [('Completed', 70),
                                             ('No Show', 10),
                                             ('Rescheduled', 12),
                                             ('Scheduled', 8)],
                              company['name'] if company else primary.last)
        if done and done < acc['t_cb']:
            hs['opportunity'] = done + rng.randint(HOUR, DAY)
        if 'sql' in hs and hs.get('opportunity') and \
                hs['opportunity'] < hs['sql']:
            hs['opportunity'] = hs['sql'] + HOUR
        if 'customer' in hs and hs.get('opportunity', 0) > hs['customer']:
            del hs['opportunity']
        mrr_usd = main.mrr_minor * ROUGH_USD[cur]
        write_deal(W, rng, '%s - Nudgely %s' % (
            company['name'] if company else primary.last,
            PLAN_NAMES[acc['plan']]), 'won'
            if paid_start else 'lost', max(mrr_usd * 12, 300),
            done or j['booking'], acc['t_cb'], contact_ids,
            company['id'] if company else '')
    if crm:
        status = pick(rng, [('connected', 30), ('open_deal', 10), (None, 45),
                            ('in_progress', 15)])
        write_contact(W, rng, primary, company, hs, source_of(rng, channel),
                      status, email_variant=rng.random() < 0.06)
    if colleague is not None:
        chs = {'lead': j['booking'] + rng.randint(HOUR, DAY)}
        if 'sql' in hs:
            chs['sql'] = hs['sql'] + 60
        write_contact(W, rng, colleague, company, chs, ('offline', 'CRM_UI',
                                                        ''), None)
        # the colleague also uses the product
        colleague.uid = W.next_id('user')
        join = (paid_start or acc['t_cb']) + rng.randint(1, 10) * DAY
        W.identify(rng, join, colleague.anons[0], colleague.uid,
                   colleague.email)
        ivs = [(max(a, join), b) for a, b in intervals if b > join]
        app_usage(W, rng, colleague, colleague.uid, ivs, rate * 0.5,
                  churn_end)
    if company is not None and crm:
        stage = 'customer' if 'customer' in hs else \
            max(hs, key=HS_STAGE_ORDER.index)
        write_company(W, rng, company, stage, min(hs.values()))
    # ---- NPS
    nps_for_customer(W, rng, acc, primary, subs, health, scen)


def nps_for_customer(W, rng, acc, person, subs, health, scen):
    special = scen is not None and scen[2].get('nps_special')
    for s in subs:
        if not s.paid_start:
            continue
        end = min(s.end or W.final, W.final)
        wave = s.paid_start + 60 * DAY
        n = 0
        while wave < end:
            respond = rng.random() < (0.45 if health != 'at_risk' else 0.3)
            if special and n < 2:
                respond = True
            if respond:
                t = wave + rng.randint(0, 5 * DAY)
                if t < end:
                    score = nps_score(rng, health, end - t < 60 * DAY and
                                      s.end is not None)
                    write_nps(W, rng, person.email, score, t,
                              newline=special and n == 0)
                    twice = rng.random() < 0.02 or (special and n == 0)
                    if twice:
                        t2 = t + (HOUR if special else
                                  rng.randint(HOUR, 3 * DAY))
                        if ym(t2) == ym(t) and t2 < W.final:
                            s2 = min(10, max(0, score + rng.choice([-2, -1,
                                                                    1, 2])))
                            rid = write_nps(W, rng, person.email, s2, t2)
                            if special:
                                W.note('surveys/nps_responses.csv', rid,
                                       '%s answered twice in %s: the latest '
                                       'answer counts' % (person.email,
                                                          ym(t2)), 'kept')
                    if special and n == 1:
                        rid = W.next_id('nps')
                        W.sink.write('surveys/nps_responses.csv',
                                     'nps_responses',
                                     [rid, person.email, 11,
                                      'Eleven out of ten!',
                                      iso(t + 2 * DAY)])
                        W.note('surveys/nps_responses.csv', rid,
                               'score 11', 'score_out_of_range')
            wave += 180 * DAY
            n += 1


def nps_score(rng, health, near_churn):
    if near_churn or health == 'at_risk':
        return pick(rng, [(0, 4), (1, 3), (2, 5), (3, 8), (4, 10), (5, 15),
                          (6, 20), (7, 15), (8, 10), (9, 6), (10, 4)])
    if health == 'neutral':
        return pick(rng, [(4, 3), (5, 7), (6, 15), (7, 25), (8, 25), (9, 15),
                          (10, 10)])
    return pick(rng, [(6, 3), (7, 7), (8, 15), (9, 35), (10, 40)])


def write_nps(W, rng, email, score, t, newline=False):
    rid = W.next_id('nps')
    kind = 'promoter' if score >= 9 else ('passive' if score >= 7 else
                                          'detractor')
    comment = '' if rng.random() < 0.5 else rng.choice(NPS_COMMENTS[kind])
    if newline:
        comment = 'Two things:\n1) the flows are great, really\n' \
                  '2) reporting is slow, "export" times out'
        W.note('surveys/nps_responses.csv', rid,
               'comment with a quoted newline, commas and double quotes',
               'kept')
    if rng.random() < 0.04:
        email = email.upper()
    W.sink.write('surveys/nps_responses.csv', 'nps_responses',
                 [rid, email, score, comment, iso(t)])
    return rid


LEAD_DEPTHS = [('lead', 40), ('prospect', 18), ('signup', 12), ('pql', 8),
               ('sql', 9), ('subscriber', 5), ('offline', 5), ('other', 3)]


def process_lead(W, entry):
    """One lead account that never buys (some go deep into the funnel)."""
    seq, t_lead, scen = entry
    rng = derive_rng(W.seed, 'lead', seq)
    kind = scen or pick(rng, LEAD_DEPTHS)
    cur = pick(rng, CURRENCY_MIX)
    country = pick(rng, COUNTRIES[cur])
    b2b = rng.random() < 0.7 or kind in ('sql', 'anon_two_emails')
    company = W.new_company(rng, country) if b2b else None
    p = W.new_person(rng, company)
    p.anons.append(uuid_from(rng))
    p.contact_id = W.next_id('contact')
    channel = pick(rng, CHANNEL_MIX)
    hs = {}
    status = None
    stage_override = None
    j = {'first': max(W.t0, t_lead - int(rng.uniform(0, 12) * DAY))}
    depth = set()
    if kind in ('lead', 'prospect', 'signup', 'pql', 'sql', 'other',
                'anon_two_emails', 'sql_unqualified_no_deal'):
        j['lead'] = t_lead
        depth.add('lead')
        hs['lead'] = t_lead + 21
        status = pick(rng, [('new', 30), ('open', 20), ('attempted', 20),
                            ('bad_timing', 10), ('unqualified', 10),
                            (None, 10)])
    if kind in ('prospect', 'signup', 'pql', 'sql', 'sql_unqualified_no_deal'):
        depth.add('prospect')
        j['pricing'] = t_lead + int(rng.uniform(0.01, 10) * DAY)
        if rng.random() < 0.5:
            hs['mql'] = j['pricing'] + rng.randint(HOUR, 2 * DAY)
    if kind in ('signup', 'pql') or (kind == 'sql' and rng.random() < 0.5):
        depth.add('signup')
        j['signup'] = t_lead + int(rng.uniform(0.5, 20) * DAY)
        p.uid = W.next_id('user')
        j['n_keys'] = (rng.randint(2, 3) if kind == 'pql'
                       else rng.randint(0, 1))
    if kind == 'other':
        stage_override = 'other'
        status = None
        if rng.random() < 0.5:
            depth.update({'prospect', 'signup'})
            j['pricing'] = t_lead + DAY
            j['signup'] = t_lead + 2 * DAY
            p.uid = W.next_id('user')
            j['n_keys'] = 2
    contact_ids = [p.contact_id]
    colleague = None
    if kind in ('sql', 'sql_unqualified_no_deal', 'anon_two_emails') and \
            company is not None:
        colleague = W.new_person(rng, company)
        colleague.anons.append(uuid_from(rng))
        colleague.contact_id = W.next_id('contact')
        contact_ids.append(colleague.contact_id)
    if kind in ('sql', 'sql_unqualified_no_deal'):
        depth.add('booking')
        j['booking'] = t_lead + int(rng.uniform(1, 15) * DAY)
        j['meeting'] = j['booking'] + int(rng.uniform(1, 7) * DAY)
        j['booked_on_web'] = rng.random() < 0.6
        if rng.random() < 0.7:
            hs['sql'] = j['booking'] + rng.randint(10 * MINUTE, 2 * DAY)
        status = pick(rng, [('unqualified', 30), ('bad_timing', 20),
                            ('connected', 25), ('open_deal', 25)])
        if kind == 'sql_unqualified_no_deal':
            status = 'unqualified'
            hs['sql'] = j['booking'] + HOUR
    if kind == 'subscriber':
        hs['subscriber'] = t_lead
        channel = pick(rng, [('organic_search', 50), ('organic_social', 30),
                             ('direct', 20)])
    if kind == 'offline':
        channel = 'offline'
        hs['lead'] = t_lead
        status = pick(rng, [('new', 50), ('attempted', 30), (None, 20)])
    # web / product events
    if channel != 'offline':
        emit_journey(W, rng, p, j, channel, depth, uid=p.uid)
        if p.uid and j.get('signup'):
            # a free account used for a few weeks
            a = j['signup'] + DAY
            app_usage(W, rng, p, p.uid, [(a, a + rng.randint(3, 40) * DAY)],
                      0.2)
    elif rng.random() < 0.3:
        # an imported contact who visits later
        t = t_lead + rng.randint(3, 60) * DAY
        web_session(W, rng, t, p.anons[0], None, 'email', ['/', '/features'])
    if kind == 'anon_two_emails' and colleague is not None:
        # the colleague submits the form from the same browser (shared
        # computer) later: the anonymous id is identified to a second email
        t2 = t_lead + 9 * DAY + 3 * HOUR
        ts = web_session(W, rng, t2, p.anons[0], None, 'direct',
                         ['/resources/email-playbook'])
        W.track(rng, ts + 20, p.anons[0], None, 'form_cta_submitted')
        W.identify(rng, ts + 21, p.anons[0], None, colleague.email)
        W.note('events/identifies_%d.csv' % year_of(ts), p.anons[0],
               'anonymous id identified to %s, then to %s: it belongs to the '
               'latest (%s)' % (p.email, colleague.email, colleague.email),
               'kept')
        web_session(W, rng, ts + 5 * DAY, colleague.anons[0], None, 'direct',
                    ['/', '/pricing'])
        W.identify(rng, ts + 5 * DAY + 300, colleague.anons[0], None,
                   colleague.email)
        write_contact(W, rng, colleague, company, {'lead': ts + 30},
                      source_of(rng, 'direct'), 'new')
        colleague = None
    # CRM
    if kind in ('sql', 'sql_unqualified_no_deal'):
        done = write_meetings(W, rng, contact_ids, j['booking'],
                              j['meeting'], [('Completed', 45),
                                             ('No Show', 15),
                                             ('Canceled', 20),
                                             ('Rescheduled', 12),
                                             ('Scheduled', 8)],
                              company['name'] if company else p.last)
        if done and kind == 'sql' and rng.random() < 0.5:
            hs['opportunity'] = done + rng.randint(HOUR, 2 * DAY)
            if hs.get('sql') and hs['opportunity'] < hs['sql']:
                hs['opportunity'] = hs['sql'] + HOUR
        has_deal = kind == 'sql' and rng.random() < 0.6
        if has_deal:
            recent = W.final - j['booking'] < 45 * DAY
            stage = (rng.choice(['demo_scheduled', 'demo_completed',
                                 'proposal']) if recent else 'lost')
            close = (j['booking'] + rng.randint(20, 50) * DAY)
            write_deal(W, rng, '%s - Nudgely' % (
                company['name'] if company else p.last), stage,
                rng.choice([948, 2388, 4776, 1800, 3600]), done or
                j['booking'], close, contact_ids,
                company['id'] if company else '')
        elif kind == 'sql_unqualified_no_deal':
            W.note('crm/contacts_*.csv', p.contact_id,
                   'SQL (demo booked, HubSpot SQL date) with Lead Status '
                   'Unqualified and no deal', 'kept (flagged unqualified)')
    if not hs:
        hs['lead'] = t_lead
    later = None
    if stage_override is None and kind != 'sql_unqualified_no_deal' and \
            rng.random() < 0.15:
        # sales works the lead later: a new Lead Status, a newer version
        later = (t_lead + rng.randint(20, 300) * DAY,
                 rng.choice(['attempted', 'connected', 'bad_timing',
                             'unqualified']))
    write_contact(W, rng, p, company, hs, source_of(rng, channel), status,
                  stage_override=stage_override,
                  email_variant=rng.random() < 0.04, later_status=later)
    if colleague is not None:
        write_contact(W, rng, colleague, company,
                      {'lead': j.get('booking', t_lead) + HOUR},
                      source_of(rng, 'offline'), None)
    if company is not None:
        stage = stage_override or max(hs, key=HS_STAGE_ORDER.index)
        write_company(W, rng, company, stage, min(hs.values()))
    if kind == 'other' and scen:
        W.note('crm/contacts_*.csv', p.contact_id,
               'Lifecycle Stage Other, yet submitted a form and signed up: '
               'outside the funnel', 'kept (current_stage other)')


def anonymous_visitors(W, month_index, month_ts, n):
    """Visitors who never identify: blog readers, price checkers."""
    rng = derive_rng(W.seed, 'anon', month_index)
    next_month = add_months(month_ts, 1)
    for _ in range(n):
        anon = uuid_from(rng)
        t = rng.randint(month_ts, next_month - 1)
        visits = pick(rng, [(1, 75), (2, 17), (3, 8)])
        for v in range(visits):
            channel = pick(rng, CHANNEL_MIX)
            first_ref = None
            if v > 0 and rng.random() < 0.2:
                # a new session opened from an old tab on the site itself
                first_ref = 'https://%s/blog/%s' % (SITE, rng.choice(BLOG_SLUGS))
            land = landing_page(rng, channel)
            paths = browse_paths(rng, land, pick(rng, [(0, 55), (1, 25),
                                                       (2, 12), (3, 8)]))
            web_session(W, rng, daytime(rng, t - t % DAY), anon, None, channel,
                        paths, first_referrer=first_ref)
            t += rng.randint(1, 30) * DAY


# --------------------------------------------------------------------------
# Marketing and finance
# --------------------------------------------------------------------------

CAMPAIGNS = [
    # platform, campaign, currency, USD-ish per day at 300 customers, start
    ('google_ads', 'brand-search', 'USD', 11.0, 0.0),
    ('google_ads', 'generic-search', 'USD', 38.0, 0.0),
    ('bing_ads', 'generic-search', 'USD', 8.0, 0.08),
    ('linkedin_ads', 'abm-decision-makers', 'USD', 26.0, 0.15),
    ('linkedin_ads', 'emea-awareness', 'EUR', 12.0, 0.30),
    ('meta_ads', 'retargeting', 'USD', 16.0, 0.0),
    ('other', 'retargeting-banners', 'USD', 6.0, 0.2),
]
TEAM_COSTS = [
    ('sales', 'payroll', 'USD', 4200.0), ('sales', 'tools', 'USD', 350.0),
    ('marketing', 'payroll', 'USD', 3100.0),
    ('marketing', 'tools', 'USD', 420.0),
    ('marketing', 'agency', 'EUR', 1500.0),
    ('customer_success', 'payroll', 'USD', 2600.0),
    ('customer_success', 'tools', 'USD', 180.0),
    ('other', 'other', 'USD', 900.0), ('other', 'tools', 'USD', 300.0),
]


def marketing(W):
    rng = derive_rng(W.seed, 'marketing')
    span_days = (W.t_end - W.t0) // DAY
    bad_nan_day = min(100, span_days - 1)
    bad_cur_day = min(200, span_days - 1)
    for d in range(span_days):
        day = W.t0 + d * DAY
        frac = d / max(span_days - 1, 1)
        growth = 0.7 + 0.8 * frac
        weekday = time.gmtime(day).tm_wday
        wk = 0.7 if weekday >= 5 else 1.05
        for platform, campaign, cur, base, start in CAMPAIGNS:
            if frac < start:
                continue
            spend = base * W.scale * growth * wk * rng.uniform(0.75, 1.25)
            if cur == 'EUR':
                spend /= 1.08
            if platform == 'other' and rng.random() < 0.2:
                continue       # the banner campaign pauses now and then
            row = [ymd(day), platform, campaign, '%.2f' % spend, cur]
            W.sink.write('marketing/ad_spend.csv', 'ad_spend', row)
        if d == bad_nan_day:
            W.sink.write('marketing/ad_spend.csv', 'ad_spend',
                         [ymd(day), 'other', 'podcast-sponsorship', 'n/a',
                          'USD'])
            W.note('marketing/ad_spend.csv', '%s other podcast-sponsorship'
                   % ymd(day), "spend is 'n/a'", 'non_numeric')
        if d == bad_cur_day:
            W.sink.write('marketing/ad_spend.csv', 'ad_spend',
                         [ymd(day), 'meta_ads', 'retargeting-test', '42.00',
                          'XXX'])
            W.note('marketing/ad_spend.csv', '%s meta_ads retargeting-test'
                   % ymd(day), "currency is 'XXX' (not in the currency list)",
                   'unknown_currency')
    bad_month = min(4, W.months - 1)
    for m in range(W.months):
        mts = add_months(W.t0, m)
        frac = m / max(W.months - 1, 1)
        for dept, ctype, cur, base in TEAM_COSTS:
            if dept == 'sales' and ctype == 'payroll':
                amount = base * W.scale * (1 + 1.0 * frac)   # hires
            else:
                amount = base * W.scale * (1 + 0.4 * frac)
            amount *= rng.uniform(0.97, 1.03)
            W.sink.write('marketing/team_costs.csv', 'team_costs',
                         [ym(mts), dept, ctype, '%.2f' % amount, cur])
        if m == bad_month:
            W.sink.write('marketing/team_costs.csv', 'team_costs',
                         [ym(mts), 'marketing', 'agency', 'tbd', 'USD'])
            W.note('marketing/team_costs.csv', '%s marketing agency' % ym(mts),
                   "amount is 'tbd'", 'non_numeric')


def fx_file(W):
    """Optional reference/fx_rates.csv (same layout as the project seed),
    a deterministic random walk, for tests that replace the shipped rates."""
    rng = derive_rng(W.seed, 'fx')
    base = {'EUR': 1.09, 'GBP': 1.26, 'JPY': 0.0071, 'CHF': 1.11,
            'CAD': 0.74, 'AUD': 0.67}
    first_year = min(2020, year_of(W.t0))
    last_year = max(2026, year_of(W.final))
    for cur in ['EUR', 'GBP', 'JPY', 'CHF', 'CAD', 'AUD']:
        rate = base[cur]
        for y in range(first_year, last_year + 1):
            for m in range(1, 13):
                rate *= 1 + rng.uniform(-0.015, 0.015)
                fmt = '%.8f' if cur == 'JPY' else '%.6f'
                W.sink.write('reference/fx_rates.csv', 'fx_rates',
                             ['%04d-%02d' % (y, m), cur, 'USD', fmt % rate])


# --------------------------------------------------------------------------
# Malformed rows that belong to no account
# --------------------------------------------------------------------------

def inject_malformed(W):
    rng = derive_rng(W.seed, 'malformed')
    y0 = year_of(W.t0)
    y1 = year_of(min(W.t0 + 400 * DAY, W.final - 1))
    ylast = year_of(W.t_end - 1)
    mid = W.t0 + (W.t_end - W.t0) // 3
    anon = uuid_from(rng)
    # Segment pages
    rel = 'events/pages_%d.csv' % y0
    W.sink.write(rel, 'pages', ['', anon, '', iso(mid), '/pricing',
                                'https://%s/pricing' % SITE, '',
                                TITLES['/pricing'], '', '', ''])
    W.note(rel, '(empty)', 'page view with an empty id', 'missing_id')
    pid = 'ajs-%024x' % rng.getrandbits(96)
    W.sink.write(rel, 'pages', [pid, anon, '', '%d-13-01' % y0, '/',
                                'https://%s/' % SITE, '', TITLES['/'], '', '',
                                ''])
    W.note(rel, pid, "timestamp '%d-13-01' (month 13)" % y0,
           'unparseable_date')
    # Segment tracks
    rel = 'events/tracks_%d.csv' % ylast
    tid = 'ajs-%024x' % rng.getrandbits(96)
    W.sink.write(rel, 'tracks', [tid, anon, '', 'form_cta_submitted',
                                 EVENT_TEXT['form_cta_submitted'],
                                 'not a date'])
    W.note(rel, tid, "timestamp 'not a date'", 'unparseable_date')
    W.sink.write(rel, 'tracks', ['', anon, 'usr_0000001', 'logged_in',
                                 EVENT_TEXT['logged_in'],
                                 iso(W.t_end - 10 * DAY)])
    W.note(rel, '(empty)', 'track with an empty id', 'missing_id')
    # Segment identifies
    rel = 'events/identifies_%d.csv' % y1
    iid = 'ajs-%024x' % rng.getrandbits(96)
    W.sink.write(rel, 'identifies', [iid, anon, '',
                                     'someone@unknown-visitor.example',
                                     '%d-02-30T10:00:00Z' % y1])
    W.note(rel, iid, "timestamp '%d-02-30T10:00:00Z' (30 February)" % y1,
           'unparseable_date')
    W.sink.write(rel, 'identifies', ['', anon, '',
                                     'someone@unknown-visitor.example',
                                     iso(mid + 3 * DAY)])
    W.note(rel, '(empty)', 'identify with an empty id', 'missing_id')
    # Chargebee customer without an id
    rel = 'billing/customers_%s.csv' % W.e2_label
    t = W.final - 40 * DAY
    W.sink.write(rel, 'customers', ['', 'import-error@nudgely-test.example',
                                    'Import', 'Error', '', t, t, 'false'])
    W.note(rel, '(empty)', 'customer with an empty id', 'missing_id')
    # HubSpot contacts without a Record ID, one per file
    for rel, t in (('crm/contacts_1.csv', W.t0 + 40 * DAY),
                   ('crm/contacts_2.csv', W.final - 20 * DAY)):
        if not W.two_exports and rel.endswith('_1.csv'):
            continue
        W.sink.write(rel, 'contacts', [
            '', 'Unknown', 'Visitor', 'unknown.visitor@%s.example' %
            rel[-5], '', hs_time(t), hs_time(t + HOUR), 'lead', '',
            'Direct traffic', '', '', '', hs_time(t), '', '', '', '', ''])
        W.note(rel, '(empty)', 'contact with an empty Record ID',
               'missing_id')


# --------------------------------------------------------------------------
# Main loop
# --------------------------------------------------------------------------

def month_allocation(total, weights):
    """Split `total` over months in proportion to `weights` (largest
    remainder), deterministically."""
    s = float(sum(weights))
    raw = [total * w / s for w in weights]
    counts = [int(x) for x in raw]
    rest = total - sum(counts)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - counts[i]), i))
    for i in order[:rest]:
        counts[i] += 1
    return counts


def generate(args):
    W = World(args)
    inv = Invoicer(W)
    # files that must exist even if empty
    for kind, rel in (('invoices', 'billing/invoices_updates.csv'),
                      ('subscriptions',
                       'billing/subscriptions_%s.csv' % W.e2_label),
                      ('customers', 'billing/customers_%s.csv' % W.e2_label),
                      ('contacts', 'crm/contacts_2.csv'),
                      ('companies', 'crm/companies.csv'),
                      ('deals', 'crm/deals.csv'),
                      ('meetings', 'crm/meetings.csv'),
                      ('nps_responses', 'surveys/nps_responses.csv')):
        W.sink.ensure(rel, kind)
    if W.two_exports:
        for kind in ('customers', 'subscriptions'):
            W.sink.ensure('billing/%s_%s.csv' % (kind, W.e1_label), kind)
        W.sink.ensure('crm/contacts_1.csv', 'contacts')

    M, N = W.months, args.customers
    weights = [1.0 + 1.5 * i / max(M - 1, 1) for i in range(M)]
    weights[0] += 1.5   # the launch / beta cohort
    scenarios = scenario_specs(W)
    n_scen = min(len(scenarios), N // 2)
    scenarios = scenarios[:n_scen]
    cust_counts = month_allocation(N - n_scen, weights)
    lead_counts = month_allocation(int(round(N * 2.3)), weights)
    anon_counts = month_allocation(N * 12, weights)
    lead_scen = ['anon_two_emails', 'sql_unqualified_no_deal', 'other']
    scen_by_month = {}
    for s in scenarios:
        mi = (time.gmtime(s[1]).tm_year - year_of(W.t0)) * 12 + \
            time.gmtime(s[1]).tm_mon - time.gmtime(W.t0).tm_mon
        scen_by_month.setdefault(min(max(mi, 0), M - 1), []).append(s)
    cust_seq = lead_seq = 0
    for m in range(M):
        mts = add_months(W.t0, m)
        nts = add_months(mts, 1)
        if m == M - 1:
            nts = W.final - 2 * DAY
        rng = derive_rng(W.seed, 'arrivals', m)
        entries = []
        for _ in range(cust_counts[m]):
            entries.append((rng.randint(mts, nts - 1), 0, None))
        for s in scen_by_month.get(m, []):
            entries.append((s[1], 0, s))
        for i in range(lead_counts[m]):
            ls = None
            if m == min(2, M - 1) and i < len(lead_scen):
                ls = lead_scen[i]
            entries.append((rng.randint(mts, nts - 1), 1, ls))
        entries.sort(key=lambda e: (e[0], e[1], e[2][0] if e[1] == 0 and e[2]
                                    else str(e[2])))
        for ts, kind, sc in entries:
            if kind == 0:
                cust_seq += 1
                process_customer(W, inv, (cust_seq, ts, sc))
            else:
                lead_seq += 1
                process_lead(W, (lead_seq, ts, sc))
        anonymous_visitors(W, m, mts, anon_counts[m])
    marketing(W)
    inject_malformed(W)
    if args.with_fx_file:
        fx_file(W)
    W.sink.close()
    return W


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', required=True, help='raw folder to write')
    ap.add_argument('--customers', type=int, default=300,
                    help='number of Chargebee customers (default 300)')
    ap.add_argument('--months', type=int, default=24,
                    help='length of the window in months (default 24)')
    ap.add_argument('--start', default='2023-01',
                    help='first month of the window, YYYY-MM (default 2023-01)')
    ap.add_argument('--seed', type=int, default=20230101,
                    help='random seed (default 20230101)')
    ap.add_argument('--with-fx-file', action='store_true',
                    help='also write reference/fx_rates.csv')
    ap.add_argument('--manifest', default=None,
                    help='write the list of injected edge cases (csv) here')
    args = ap.parse_args(argv)
    if args.customers < 1 or args.months < 1:
        ap.error('--customers and --months must be positive')
    if os.path.isdir(args.out):
        for sub in ('billing', 'crm', 'events', 'marketing', 'surveys',
                    'reference'):
            d = os.path.join(args.out, sub)
            if os.path.isdir(d):
                for name in sorted(os.listdir(d)):
                    if name.endswith('.csv'):
                        os.remove(os.path.join(d, name))
    started = time.time()
    W = generate(args)
    if args.manifest:
        with open(args.manifest, 'w', newline='', encoding='utf-8') as fh:
            w = csv.writer(fh, lineterminator='\n')
            w.writerow(['file', 'record_id', 'what', 'expected'])
            for row in W.manifest:
                w.writerow(row)
    total = sum(W.sink.counts.values())
    print('wrote %d rows in %d files to %s in %.1fs' % (
        total, len(W.sink.counts), args.out, time.time() - started),
        file=sys.stderr)
    for rel in sorted(W.sink.counts):
        print('  %-45s %9d rows' % (rel, W.sink.counts[rel]), file=sys.stderr)


if __name__ == '__main__':
    main()
