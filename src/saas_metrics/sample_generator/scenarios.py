"""Scenarios: customers whose life is scripted so every edge case exists."""

from __future__ import annotations

import calendar

from .helpers import DAY, HOUR, MINUTE, add_months, clamp_anchor_day, year_of

SCENARIO_TEXT = {
    'discount_addon_qty': 'pro plan with plan_quantity 2 (amount = unit_amount '
    'x 2), coupon LAUNCH20 (20% off the first 3 invoices), add-ons '
    'priority-support and extra-contacts x3, one-time onboarding charge on '
    'the first invoice, 7.25% sales tax',
    'voided_reissue': 'its third invoice is voided and reissued',
    'annual_cancel_mid_term': 'annual plan (one-year service period) cancelled '
    'mid-term, 7 months in',
    'upgrades': '14-day trial (plan line item worth 0, in_trial then active), '
    'then starter -> growth (3rd paid month) -> pro (9th)',
    'reactivation': 'cancels at the end of its 5th month, comes back 130 days '
    'later with a new subscription (reactivation)',
    'quarterly_usd': 'quarterly plan (billing_period 3, month)',
    'downgrade': 'pro -> growth at the 5th renewal',
    'two_subscriptions': 'two subscriptions; the second (starter) is cancelled '
    'after 7 months while the first goes on (contraction, not churn)',
    'seat_changes': 'EUR team plan, 5 seats -> 8 -> 6, add-on extra-contacts '
    'x2',
    'weekly_usd': 'weekly plan (7-day service periods)',
    'monthly_cancel_mid_term': 'monthly plan cancelled in the middle of its '
    '6th period',
    'jpy_monthly': 'JPY pro plan (amounts in whole yen)',
    'gbp_discount': 'GBP plan with a forever 15% discount and 20% VAT',
    'dunning_then_cancel': 'invoices 4 to 6 go payment_due then not_paid while '
    'the subscription keeps renewing; cancelled (not_paid) 21 days after the '
    'last one',
    'xyz_invoice': 'also has a manual invoice in currency XYZ',
    'bad_line_items': 'invoices 2 to 6 carry one malformed extra line item '
    'each (li_bad_1..5)',
    'malformed_newer_version': 'cancelled before the mid-window export; the '
    'final export has a malformed newer version',
    'trial_never_converts': 'trial cancelled at its end (no_card), customer '
    'later deleted',
    'cancelled_without_date': 'status cancelled with an empty cancelled_at '
    '(ends at current_term_end)',
    'jpy_annual': 'JPY annual plan paid by bank transfer',
    'sek_one_off': 'EUR customer with a one-off SEK invoice',
    'offline_annual_year_end': 'annual team plan invoiced on 20 December, paid '
    'by bank transfer 25 days later: posted in the first year file, paid in '
    'invoices_updates.csv',
    'quarterly_gbp': 'GBP quarterly team plan, 3 seats',
    'trial_across_export': 'trial running at the mid-window export: in_trial in '
    'the first subscriptions file, active in the second',
    'weekly_eur': 'EUR weekly plan',
    'pending_at_export': 'metered billing: its last invoice (dated the day '
    'before the final export) is still pending',
    'non_renewing_future': 'annual plan, status non_renewing with cancelled_at '
    'in the future (after the export)',
    'future_start': "subscription status future (starts after the export), "
    'no invoice',
}


def scenario_specs(W):
    """name -> (arrival time, overrides).  Overrides fix the billing profile
    (plan, period, currency, ...) and script the subscription's life."""
    t0, final = W.t0, W.final
    span = W.t_end - t0

    def at(frac, hour=10):
        day = t0 + int(span * frac) // DAY * DAY
        return day + hour * HOUR + 17 * MINUTE

    first_dec = calendar.timegm((year_of(t0), 12, 20, 9, 0, 0))
    if not (t0 <= first_dec < W.export1):
        first_dec = at(0.45)
    day_before_final = final - DAY
    specs = [
        ('discount_addon_qty', at(0.02), dict(
            plan='pro', qty=2, unit='month', plen=1, currency='USD',
            coupon=('LAUNCH20', 0.20, 3), addons={'priority-support': 1,
                                                 'extra-contacts': 3},
            onboarding=True, tax=0.0725, health='happy', no_churn=True,
            sales=True, trial=False)),
        ('voided_reissue', at(0.03), dict(
            plan='growth', unit='month', plen=1, currency='USD',
            void_at=2, health='happy', no_churn=True, trial=False)),
        ('annual_cancel_mid_term', at(0.04), dict(
            plan='growth', unit='year', plen=1, currency='USD', trial=False,
            cancel={'k': 0, 'mode': 'mid', 'frac': 0.58,
                    'reason': 'business_closed'})),
        ('upgrades', at(0.05), dict(
            plan='starter', unit='month', plen=1, currency='USD',
            changes={2: ('plan', 'growth'), 8: ('plan', 'pro')},
            health='happy', no_churn=True, trial=True, nps_special=True)),
        ('reactivation', at(0.06), dict(
            plan='growth', unit='month', plen=1, currency='USD', trial=False,
            cancel={'k': 4, 'mode': 'end', 'reason': 'too_expensive'},
            reactivate_after=130, health='neutral')),
        ('quarterly_usd', at(0.07), dict(
            plan='growth', unit='month', plen=3, currency='USD', trial=False,
            health='happy', no_churn=True)),
        ('downgrade', at(0.08), dict(
            plan='pro', unit='month', plen=1, currency='USD', trial=False,
            changes={4: ('plan', 'growth')}, health='neutral',
            no_churn=True)),
        ('two_subscriptions', at(0.09), dict(
            plan='growth', unit='month', plen=1, currency='USD', trial=False,
            second_sub={'after': 90, 'plan': 'starter', 'cancel_k': 6},
            health='happy', no_churn=True)),
        ('seat_changes', at(0.10), dict(
            plan='team', qty=5, unit='month', plen=1, currency='EUR',
            changes={3: ('qty', 8), 9: ('qty', 6)},
            addons={'extra-contacts': 2}, health='happy', no_churn=True,
            trial=False)),
        ('weekly_usd', at(0.11), dict(
            plan='starter', unit='week', plen=1, currency='USD', trial=False,
            health='happy', no_churn=True)),
        ('monthly_cancel_mid_term', at(0.12), dict(
            plan='starter', unit='month', plen=1, currency='USD', trial=False,
            cancel={'k': 5, 'mode': 'mid', 'frac': 0.4,
                    'reason': 'missing_features'})),
        ('jpy_monthly', at(0.13), dict(
            plan='pro', unit='month', plen=1, currency='JPY', trial=False,
            health='happy', no_churn=True)),
        ('gbp_discount', at(0.14), dict(
            plan='growth', unit='month', plen=1, currency='GBP', trial=False,
            coupon=('PARTNER15', 0.15, None), health='happy', no_churn=True)),
        ('dunning_then_cancel', at(0.15), dict(
            plan='growth', unit='month', plen=1, currency='USD', trial=False,
            dunning={'k': 3, 'n': 3}, health='at_risk', no_churn=True)),
        ('xyz_invoice', at(0.16), dict(
            plan='starter', unit='month', plen=1, currency='USD', trial=False,
            health='happy', no_churn=True, xyz_invoice=True)),
        ('bad_line_items', at(0.17), dict(
            plan='growth', unit='month', plen=1, currency='USD', trial=False,
            health='happy', no_churn=True, bad_lines=True)),
        ('malformed_newer_version', at(0.18), dict(
            plan='starter', unit='month', plen=1, currency='USD', trial=False,
            cancel={'k': 3, 'mode': 'end', 'reason': 'no_longer_needed'},
            malformed_newer=True)),
        ('trial_never_converts', at(0.20), dict(
            plan='growth', unit='month', plen=1, currency='USD', trial=True,
            trial_fails=True, delete_customer=True)),
        ('cancelled_without_date', at(0.25), dict(
            plan='growth', unit='month', plen=1, currency='USD', trial=False,
            cancel={'k': 6, 'mode': 'end', 'reason': 'switched_to_competitor',
                    'blank_date': True})),
        ('jpy_annual', at(0.30), dict(
            plan='growth', unit='year', plen=1, currency='JPY', trial=False,
            health='happy', no_churn=True, pay='offline')),
        ('sek_one_off', at(0.35), dict(
            plan='growth', unit='month', plen=1, currency='EUR', trial=False,
            health='happy', no_churn=True, sek_invoice=True)),
        ('offline_annual_year_end', first_dec, dict(
            plan='team', qty=12, unit='year', plen=1, currency='USD',
            trial=False, pay='offline', offline_days=25, health='happy',
            no_churn=True, sales=True)),
        ('quarterly_gbp', at(0.45), dict(
            plan='team', qty=3, unit='month', plen=3, currency='GBP',
            trial=False, health='happy', no_churn=True)),
        ('trial_across_export', W.export1 - 8 * DAY, dict(
            plan='starter', unit='month', plen=1, currency='USD', trial=True,
            health='happy', no_churn=True)),
        ('weekly_eur', at(0.50), dict(
            plan='growth', unit='week', plen=1, currency='EUR', trial=False,
            health='neutral', no_churn=True)),
        ('pending_at_export', clamp_anchor_day(
            add_months(day_before_final, -7)) + 8 * HOUR, dict(
            plan='pro', unit='month', plen=1, currency='USD', trial=False,
            pay='metered', health='happy', no_churn=True)),
        ('non_renewing_future', add_months(final, -10) + 3 * DAY + 9 * HOUR,
         dict(plan='pro', unit='year', plen=1, currency='USD', trial=False,
              cancel={'k': 0, 'mode': 'end', 'notice': final - 15 * DAY,
                      'reason': 'too_expensive'})),
        ('future_start', final - 5 * DAY + 11 * HOUR, dict(
            plan='growth', unit='month', plen=1, currency='USD', trial=False,
            future_start=20 * DAY)),
    ]
    out = []
    for name, ts, ov in specs:
        ts = min(max(ts, t0 + HOUR), final - 2 * DAY)
        out.append((name, ts, ov))
    return out
