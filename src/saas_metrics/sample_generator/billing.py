"""Billing (Chargebee): the life of one customer (customer record,
subscriptions, one-off invoices) and the versions of records written to the
mid-window and final exports."""

from __future__ import annotations

import hashlib

from .billing_subscriptions import make_profile, run_subscription
from .catalogue import CHARGES, LAST_NAMES, TAX_RATES
from .helpers import DAY, add_months, clamp_anchor_day, pick, year_of
from .layout import HEADERS


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
