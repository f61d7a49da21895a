"""CRM (HubSpot): contacts, companies, meetings and deals."""

from __future__ import annotations

from .catalogue import DEAL_STAGES, HS_STAGE_ORDER, LEAD_STATUS, LIFECYCLE, ORIGINAL_SOURCE
from .helpers import DAY, HOUR, hs_time, hs_value, pick, ymd


def write_contact(W, rng, p, company, hs, source, status, stage_override=None,
                  create=None, email_variant=False, later_status=None):
    """Write a HubSpot contact as known at the mid-window export and, when it
    changed since, again in the second file.  `hs`: stage -> date."""
    hs = {k: v for k, v in hs.items() if v is not None and v < W.final}
    if create is None and not hs:
        return           # only known to HubSpot after the export
    create = create if create is not None else min(hs.values())
    if create >= W.final:
        return
    email = p.email
    if email_variant:
        email = ' ' + p.email.title() + ' ' if rng.random() < 0.5 else \
            p.email.upper()
    use_label = rng.random() < 0.55

    def lab(pair):
        # mostly one style per contact, sometimes mixed within a row
        return pair[0 if (use_label != (rng.random() < 0.1)) else 1]

    def row(as_of):
        known = {k: v for k, v in hs.items() if v <= as_of}
        if stage_override:
            stage = stage_override
        else:
            stage = max(known, key=HS_STAGE_ORDER.index) if known else 'lead'
        st = status
        mods = [create] + list(known.values())
        if later_status and later_status[0] <= as_of:
            st = later_status[1]
            mods.append(later_status[0])
        last_mod = max(mods) + rng.randint(60, 6 * HOUR)
        last_mod = min(last_mod, as_of - 1) if as_of < W.final else last_mod
        dates = ['' for _ in HS_STAGE_ORDER]
        for k, v in known.items():
            fmt = hs_time(v) if rng.random() < 0.8 else ymd(v)
            dates[HS_STAGE_ORDER.index(k)] = fmt
        src = source
        return [p.contact_id, p.first, p.last, email,
                company['id'] if company else '', hs_time(create),
                hs_time(max(last_mod, create)),
                lab(LIFECYCLE[stage]),
                lab(LEAD_STATUS[st]) if st else '',
                lab(ORIGINAL_SOURCE[src[0]]),
                src[1], src[2]] + dates

    if W.two_exports and create <= W.export1:
        r1 = row(W.export1)
        W.sink.write('crm/contacts_1.csv', 'contacts', r1)
        changed = any(v > W.export1 for v in hs.values()) or (
            later_status is not None and W.export1 < later_status[0] < W.final)
        if changed:
            W.sink.write('crm/contacts_2.csv', 'contacts', row(W.final))
    else:
        W.sink.write('crm/contacts_2.csv', 'contacts', row(W.final))


def source_of(rng, channel):
    """(channel key, drill-down 1, drill-down 2) for HubSpot."""
    if channel == 'organic_search':
        return (channel, rng.choice(['google', 'bing', 'google']), '')
    if channel == 'paid_search':
        return (channel, 'google' if rng.random() < 0.8 else 'bing',
                rng.choice(['brand-search', 'generic-search']))
    if channel == 'paid_social':
        return (channel, rng.choice(['linkedin', 'facebook']), '')
    if channel == 'organic_social':
        return (channel, rng.choice(['LinkedIn', 'Facebook', 'Twitter']), '')
    if channel == 'email':
        return (channel, 'newsletter', '')
    if channel == 'referral':
        return (channel, rng.choice(['smallbizstack.net', 'capterra.com']),
                '')
    if channel == 'offline':
        return (channel, 'IMPORT', rng.choice(['trade-show-2023.csv',
                                                'webinar-list.csv']))
    if channel == 'display':
        return (channel, 'adroll', 'retargeting-banners')
    return ('direct', '', '')


def write_company(W, rng, company, stage, create):
    if create >= W.final:
        return
    W.sink.write('crm/companies.csv', 'companies', [
        company['id'], company['name'], company['domain'],
        company['industry'], company['country'], company['employees'],
        hs_value(rng, LIFECYCLE[stage]) if stage else '',
        hs_time(create), hs_time(create + rng.randint(HOUR, 40 * DAY))])


def write_meetings(W, rng, contact_ids, booking, start, outcome_weights,
                   company_name):
    """Demo meetings (maybe a no-show or reschedule first).  Returns the time
    the demo was completed, if it was."""
    completed = None
    t_create, t_start = booking, start
    for attempt in range(3):
        if t_create >= W.final:
            break
        if t_start >= W.final:
            outcome = 'Scheduled'
        else:
            outcome = pick(rng, outcome_weights) if attempt < 2 else \
                'Completed'
        W.sink.write('crm/meetings.csv', 'meetings', [
            W.next_id('meeting'), 'Nudgely demo - %s' % company_name,
            hs_time(t_start), hs_time(t_create), outcome,
            ';'.join(contact_ids)])
        if outcome == 'Completed':
            completed = t_start + HOUR
            break
        if outcome in ('Scheduled', 'Canceled'):
            # a meeting left 'Scheduled' in the past: the rep never logged it
            break
        # No Show / Rescheduled: a new meeting is booked
        t_create = t_start + rng.randint(HOUR, 2 * DAY)
        t_start = t_create + rng.randint(1, 6) * DAY
    return completed


def write_deal(W, rng, name, stage, amount, create, close, contact_ids,
               company_id):
    if create >= W.final:
        return None
    did = W.next_id('deal')
    W.sink.write('crm/deals.csv', 'deals', [
        did, name, 'Sales Pipeline', hs_value(rng, DEAL_STAGES[stage]),
        '%.2f' % amount if rng.random() < 0.5 else '%d' % round(amount),
        hs_time(create), hs_time(close) if close else '',
        hs_time(min(max(create, close or create) + rng.randint(HOUR, DAY),
                    W.final - 1)),
        ';'.join(contact_ids), company_id or ''])
    return did
