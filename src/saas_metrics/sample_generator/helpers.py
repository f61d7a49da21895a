"""Small helpers: time units, derived random generators, weighted picks,
timestamp formats, month arithmetic, period prices and price ids."""

from __future__ import annotations

import calendar
import hashlib
import random
import time

from .catalogue import PERIOD_LABEL

DAY = 86400
HOUR = 3600
MINUTE = 60


def derive_rng(seed, *key):
    """An independent random generator for (seed, key...)."""
    text = '|'.join([str(seed)] + [str(k) for k in key])
    digest = hashlib.sha256(text.encode('utf-8')).digest()
    return random.Random(int.from_bytes(digest[:16], 'big'))


def pick(rng, weighted):
    """Value from a list of (value, weight)."""
    total = 0
    for _, w in weighted:
        total += w
    r = rng.random() * total
    for value, w in weighted:
        r -= w
        if r < 0:
            return value
    return weighted[-1][0]


def iso(ts):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(ts))


def hs_time(ts):
    return time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(ts))


def ymd(ts):
    return time.strftime('%Y-%m-%d', time.gmtime(ts))


def ym(ts):
    return time.strftime('%Y-%m', time.gmtime(ts))


def year_of(ts):
    return time.gmtime(ts).tm_year


def month_start(year, month):
    return calendar.timegm((year, month, 1, 0, 0, 0))


def add_months(ts, n):
    tm = time.gmtime(ts)
    y, m0 = divmod(tm.tm_mon - 1 + n, 12)
    y += tm.tm_year
    d = min(tm.tm_mday, calendar.monthrange(y, m0 + 1)[1])
    return calendar.timegm((y, m0 + 1, d, tm.tm_hour, tm.tm_min, tm.tm_sec))


def clamp_anchor_day(ts):
    """Move a billing anchor on the 29th-31st back to the 28th, so that every
    monthly period runs from a day to the same day of the next month."""
    d = time.gmtime(ts).tm_mday
    return ts - (d - 28) * DAY if d > 28 else ts


def daytime(rng, day_ts):
    """A time of day on the UTC day starting at day_ts, mostly office hours."""
    hour = pick(rng, [(h, w) for h, w in zip(range(24), [
        1, 1, 1, 1, 1, 2, 3, 5, 8, 10, 10, 9, 8, 9, 10, 10, 9, 7, 6, 5, 4, 3,
        2, 1])])
    return day_ts + hour * HOUR + rng.randrange(HOUR)


def uuid_from(rng):
    h = '%032x' % rng.getrandbits(128)
    return '%s-%s-4%s-%s-%s' % (h[:8], h[8:12], h[13:16], h[16:20], h[20:])


def period_price(table, cur, unit, plen):
    p = table[cur]
    if unit == 'month' and plen == 1:
        v = p
    elif unit == 'month':
        v = p * plen * 0.95
    elif unit == 'year':
        v = p * 10
    else:  # week
        v = p * 12 / 52 * 1.15
    if cur == 'JPY':
        return int(round(v / 10.0)) * 10
    return int(round(v))


def price_id(base, cur, unit, plen, pc2):
    label = PERIOD_LABEL[(unit, plen)]
    if pc2:
        return '%s-%s-%s' % (base, cur, label)
    return '%s-%s-%s' % (base, label.lower(), cur.lower())


def period_start(anchor, unit, plen, k):
    if unit == 'week':
        return anchor + 7 * DAY * plen * k
    if unit == 'year':
        return add_months(anchor, 12 * plen * k)
    return add_months(anchor, plen * k)


def hs_value(rng, pair, label_share=0.6):
    """HubSpot label or internal value."""
    return pair[0] if rng.random() < label_share else pair[1]
