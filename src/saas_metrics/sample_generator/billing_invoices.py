"""Billing (Chargebee), invoices: invoices and line items with their status
history, and the malformed extra line items of the 'bad_line_items' customer."""

from __future__ import annotations

from .helpers import DAY, HOUR, MINUTE, iso, year_of


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
