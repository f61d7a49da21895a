"""Deterministic generator of the raw exports the SaaS metrics project reads.

The main loop (accounts arriving month by month) and the command line of
scripts/generate_sample_data.py.  The first line of this docstring is the
``--help`` description (``main`` reads it from ``__doc__``): keep it equal to
the first line of that script's docstring."""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time

from .accounts_customers import process_customer
from .accounts_leads import anonymous_visitors, process_lead
from .billing_invoices import Invoicer
from .defects import inject_malformed
from .helpers import DAY, add_months, derive_rng, year_of
from .marketing import fx_file, marketing
from .scenarios import scenario_specs
from .world import World


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
