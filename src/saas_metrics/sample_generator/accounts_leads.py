"""Accounts that never buy: lead accounts (some go deep into the funnel) and
anonymous visitors."""

from __future__ import annotations

from .catalogue import BLOG_SLUGS, CHANNEL_MIX, COUNTRIES, CURRENCY_MIX, HS_STAGE_ORDER, SITE
from .crm import source_of, write_company, write_contact, write_deal, write_meetings
from .helpers import DAY, HOUR, MINUTE, add_months, daytime, derive_rng, pick, uuid_from, year_of
from .web import app_usage, browse_paths, emit_journey, landing_page, web_session

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
