"""Marketing and finance: ad spend, team costs and the optional fx rates file."""

from __future__ import annotations

import time

from .helpers import DAY, add_months, derive_rng, year_of, ym, ymd

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
