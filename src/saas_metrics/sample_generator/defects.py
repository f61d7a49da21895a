"""Injected defects: malformed rows that belong to no account."""

from __future__ import annotations

from .catalogue import EVENT_TEXT, SITE, TITLES
from .helpers import DAY, HOUR, derive_rng, hs_time, iso, uuid_from, year_of


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
