"""Accounts: the NPS survey responses of a customer's primary person."""

from __future__ import annotations

from .catalogue import NPS_COMMENTS
from .helpers import DAY, HOUR, iso, pick, ym


def nps_for_customer(W, rng, acc, person, subs, health, scen):
    special = scen is not None and scen[2].get('nps_special')
    for s in subs:
        if not s.paid_start:
            continue
        end = min(s.end or W.final, W.final)
        wave = s.paid_start + 60 * DAY
        n = 0
        while wave < end:
            respond = rng.random() < (0.45 if health != 'at_risk' else 0.3)
            if special and n < 2:
                respond = True
            if respond:
                t = wave + rng.randint(0, 5 * DAY)
                if t < end:
                    score = nps_score(rng, health, end - t < 60 * DAY and
                                      s.end is not None)
                    write_nps(W, rng, person.email, score, t,
                              newline=special and n == 0)
                    twice = rng.random() < 0.02 or (special and n == 0)
                    if twice:
                        t2 = t + (HOUR if special else
                                  rng.randint(HOUR, 3 * DAY))
                        if ym(t2) == ym(t) and t2 < W.final:
                            s2 = min(10, max(0, score + rng.choice([-2, -1,
                                                                    1, 2])))
                            rid = write_nps(W, rng, person.email, s2, t2)
                            if special:
                                W.note('surveys/nps_responses.csv', rid,
                                       '%s answered twice in %s: the latest '
                                       'answer counts' % (person.email,
                                                          ym(t2)), 'kept')
                    if special and n == 1:
                        rid = W.next_id('nps')
                        W.sink.write('surveys/nps_responses.csv',
                                     'nps_responses',
                                     [rid, person.email, 11,
                                      'Eleven out of ten!',
                                      iso(t + 2 * DAY)])
                        W.note('surveys/nps_responses.csv', rid,
                               'score 11', 'score_out_of_range')
            wave += 180 * DAY
            n += 1


def nps_score(rng, health, near_churn):
    if near_churn or health == 'at_risk':
        return pick(rng, [(0, 4), (1, 3), (2, 5), (3, 8), (4, 10), (5, 15),
                          (6, 20), (7, 15), (8, 10), (9, 6), (10, 4)])
    if health == 'neutral':
        return pick(rng, [(4, 3), (5, 7), (6, 15), (7, 25), (8, 25), (9, 15),
                          (10, 10)])
    return pick(rng, [(6, 3), (7, 7), (8, 15), (9, 35), (10, 40)])


def write_nps(W, rng, email, score, t, newline=False):
    rid = W.next_id('nps')
    kind = 'promoter' if score >= 9 else ('passive' if score >= 7 else
                                          'detractor')
    comment = '' if rng.random() < 0.5 else rng.choice(NPS_COMMENTS[kind])
    if newline:
        comment = 'Two things:\n1) the flows are great, really\n' \
                  '2) reporting is slow, "export" times out'
        W.note('surveys/nps_responses.csv', rid,
               'comment with a quoted newline, commas and double quotes',
               'kept')
    if rng.random() < 0.04:
        email = email.upper()
    W.sink.write('surveys/nps_responses.csv', 'nps_responses',
                 [rid, email, score, comment, iso(t)])
    return rid
