"""Web sessions, journeys (funnel timings) and web/product events: channels and
landing pages, the marketing-site sessions, form, signup, key actions and
demo booking of a person, and logged-in product usage."""

from __future__ import annotations

from .catalogue import (
    APP,
    APP_PAGES,
    BLOG_SLUGS,
    KEY_ACTION_PAGE,
    KEY_ACTIONS,
    MARKETING_PAGES,
    PARTNER_REFERRERS,
    SITE,
)
from .helpers import DAY, HOUR, MINUTE, daytime, pick


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
