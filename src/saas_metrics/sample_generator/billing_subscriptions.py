"""Billing (Chargebee), subscriptions: the billing profile of a new
subscription and its simulation term after term, with its invoices."""

from __future__ import annotations

from .billing_invoices import bad_line_rows
from .catalogue import ADDONS, CANCEL_REASONS, CHARGES, CHURN_P, PERIOD_LABEL, PLAN_NAMES, PLAN_PRICES, TIERS
from .helpers import DAY, HOUR, add_months, period_price, period_start, pick, price_id, year_of
from .layout import HEADERS


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
