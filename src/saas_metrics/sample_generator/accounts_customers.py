"""Accounts: one customer account (billing, journey and product usage, CRM,
NPS)."""

from __future__ import annotations

from .billing import simulate_billing
from .catalogue import CHANNEL_MIX, COUNTRIES, CURRENCY_MIX, HEALTH_MIX, HS_STAGE_ORDER, PLAN_NAMES, ROUGH_USD
from .crm import source_of, write_company, write_contact, write_deal, write_meetings
from .helpers import DAY, HOUR, MINUTE, derive_rng, pick, uuid_from, year_of
from .nps import nps_for_customer
from .scenarios import SCENARIO_TEXT
from .web import app_usage, customer_journey, emit_journey, web_session


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
