"""The world: window, export instants, ids, identities and the Segment writers
shared by every account."""

from __future__ import annotations

import calendar

from .catalogue import (
    COMPANY_A,
    COMPANY_B,
    COMPANY_SUFFIX,
    DUPLICATE_RATE,
    EVENT_TEXT,
    FIRST_NAMES,
    INDUSTRIES,
    LAST_NAMES,
    PERSONAL_DOMAINS,
    SITE,
    TITLES,
    TLD,
)
from .files import CsvSink
from .helpers import DAY, HOUR, add_months, iso, month_start, pick, year_of, ym
from .layout import HEADERS


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
