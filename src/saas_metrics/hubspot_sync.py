#!/usr/bin/env python3
"""Push the lifecycle marts of a build to HubSpot through its CRM v3 API,
and tell the sales team about new SQLs.

Usage (after a build; reads the DuckDB file read-only, never writes to it):

    # the plan: what would be sent (the default; needs no token)
    SAAS_DUCKDB_PATH=saas_metrics.duckdb .venv/bin/python scripts/hubspot_sync.py

    # send it
    HUBSPOT_ACCESS_TOKEN=... SAAS_DUCKDB_PATH=saas_metrics.duckdb \\
        .venv/bin/python scripts/hubspot_sync.py --apply

What is sent (docs/hubspot_sync.md is the runbook):

  contacts   the rows of marts.lifecycle_stage_updates: `lifecyclestage`,
      and the custom properties lifecycle_stage_rule and
      lifecycle_stage_entered_at (the import file's Lifecycle Stage Rule and
      Lifecycle Stage Entered At), by POST
      /crm/v3/objects/contacts/batch/update, at most 100 a request.
  companies  the rows of marts.company_lifecycle_stages that need an update:
      `lifecyclestage`, by /crm/v3/objects/companies/batch/update.
  deals      the rows of marts.deals_to_create, by
      /crm/v3/objects/deals/batch/create, associated with the contact and
      its company. Each deal carries the deal property saas_metrics_key
      (`demo-contact-<contact id>`); the deals with these keys are searched
      first (/crm/v3/objects/deals/search) and a key found is never created
      again, so a deal is created once even when the marts are not rebuilt.

Stage values: the funnel's stages (seed lifecycle_stages) are matched to the
options of the portal's `lifecyclestage` property
(/crm/v3/properties/contacts/lifecyclestage), on the seed's hubspot_value or
hubspot_label against an option's value or label, case-insensitive; a stage
to send that the portal lacks stops the run, naming it. Without a token (dry
run only) the seed's hubspot_value is shown instead.

Only forward moves: the marts hold only those, and with a token the current
HubSpot values are read first (batch read): a record already at its target,
or at a hotter stage, or at a stage outside the funnel (Other, unknown) is
skipped. A rerun after success therefore sends nothing.

Safety: --dry-run is the default and prints the plan (counts per stage, the
first rows); --apply writes. The token is read from HUBSPOT_ACCESS_TOKEN only
and never printed, logged or put in a message; a missing or rejected token
exits with code 2. 429 and 5xx answers are retried (at most 5 attempts,
waiting Retry-After when given, else 1, 2, 4, 8 s; a deal creation that
got a 5xx is retried only for the keys a new search does not find). A 207
answer (some records of a batch failed) is reported per record and the run
goes on. Exit code 0 when everything went through, 1 otherwise.

Sync log: one JSON object a line, appended to --log (default
<database>.hubspot_sync_log.jsonl): run id, time, object type, record id,
what was sent, HubSpot's answer (ok / error and its message), the rule and
the time the stage was entered. A file, not a table: DuckDB allows one
writer, and a file never blocks a build.

New-SQL notifications: the contacts this run moves to SQL (or finds at SQL
in HubSpot) that no earlier run notified get one message, or one digest when
more than 5, by SMTP (SAAS_SMTP_HOST, SAAS_SMTP_PORT (587),
SAAS_SMTP_SENDER, SAAS_SMTP_RECIPIENTS comma-separated, optional
SAAS_SMTP_USER / SAAS_SMTP_PASSWORD; STARTTLS when the server offers it)
and, when SAAS_SLACK_WEBHOOK_URL is set, to that Slack incoming webhook. The
contacts notified are remembered per channel in --state (default
<database>.hubspot_sync_state.json): never notified twice.

Options: --apply, --dry-run, --schema (default: marts), --log, --state,
--show N (rows shown per object in the plan, default 5). The database is
$SAAS_DUCKDB_PATH (default: saas_metrics.duckdb in the project root); the
API is $HUBSPOT_API_BASE_URL (default https://api.hubapi.com).
"""
import argparse
import datetime as dt
import json
import os
import smtplib
import ssl
import sys
import time
import urllib.error
import urllib.request
import uuid
from email.message import EmailMessage
from pathlib import Path

import duckdb

from saas_metrics.paths import PROJECT_ROOT

DEFAULT_BASE_URL = "https://api.hubapi.com"

BATCH_LIMIT = 100  # HubSpot's limit of inputs per batch request
RULE_PROPERTY = "lifecycle_stage_rule"
ENTERED_AT_PROPERTY = "lifecycle_stage_entered_at"
DEAL_KEY_PROPERTY = "saas_metrics_key"
# HubSpot-defined association types (CRM v3 associations): deal -> contact,
# deal -> company (primary company)
DEAL_TO_CONTACT = 3
DEAL_TO_COMPANY = 5
MAX_ATTEMPTS = 5
MAX_RETRY_WAIT = 60  # seconds; a longer Retry-After is cut to this
DIGEST_OVER = 5  # more new SQLs than this at once: one digest message
EXIT_OK, EXIT_FAILED, EXIT_TOKEN = 0, 1, 2


class SyncError(Exception):
    """Stops the run with a plain message (never the token)."""

    def __init__(self, message, exit_code=EXIT_FAILED):
        super().__init__(message)
        self.exit_code = exit_code


class ApiError(Exception):
    """A HubSpot answer other than success, as a plain message."""

    def __init__(self, status, message):
        super().__init__("HubSpot answered %s: %s" % (status, message))
        self.status = status


# ---------------------------------------------------------------- the marts

def quote(identifier):
    return '"%s"' % identifier.replace('"', '""')


def fetch_dicts(con, sql, params=()):
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def read_marts(con, schema):
    """The records to send, from the marts (and the seed of stages)."""
    s = quote(schema)
    for mart in ("lifecycle_stage_updates", "contact_lifecycle_stages", "company_lifecycle_stages",
                 "deals_to_create"):
        found = con.execute("select 1 from information_schema.tables where table_schema = ? and table_name = ?",
                            [schema, mart]).fetchall()
        if not found:
            raise SyncError("%s.%s not found: build the project first (scripts/build.sh)" % (schema, mart))
    stages = fetch_dicts(con, "select lifecycle_stage, stage_rank, is_funnel_stage, hubspot_value, hubspot_label "
                              "from reference.lifecycle_stages order by stage_rank nulls last")
    contacts = fetch_dicts(con, """
        select
            u."Record ID" as record_id,
            c.current_stage as stage,
            u."Lifecycle Stage Rule" as rule,
            u."Lifecycle Stage Entered At" as entered_at,
            c.company_id
        from %(s)s.lifecycle_stage_updates as u
        inner join %(s)s.contact_lifecycle_stages as c
            on u."Record ID" = c.contact_id
        order by length(u."Record ID"), u."Record ID"
    """ % {"s": s})
    companies = fetch_dicts(con, """
        select
            company_id as record_id,
            lifecycle_stage as stage,
            'hottest stage of its contacts' as rule,
            stage_entered_at as entered_at
        from %(s)s.company_lifecycle_stages
        where needs_hubspot_update
        order by length(company_id), company_id
    """ % {"s": s})
    deals = fetch_dicts(con, """
        select
            "Deal Name" as deal_name,
            "Pipeline" as pipeline,
            "Deal Stage" as deal_stage,
            "Contact Record ID" as contact_id,
            "Company Record ID" as company_id
        from %(s)s.deals_to_create
        order by length("Contact Record ID"), "Contact Record ID"
    """ % {"s": s})
    for deal in deals:
        deal["key"] = "demo-contact-%s" % deal["contact_id"]
    return stages, contacts, companies, deals


def timestamp_text(value):
    """A UTC timestamp as HubSpot's datetime properties accept it (ISO 8601)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value)


# ---------------------------------------------------------------- HubSpot

def api_exception_types():
    from hubspot.crm.companies import ApiException as CompaniesError
    from hubspot.crm.contacts import ApiException as ContactsError
    from hubspot.crm.deals import ApiException as DealsError
    from hubspot.crm.properties import ApiException as PropertiesError
    return (CompaniesError, ContactsError, DealsError, PropertiesError)


def answer_message(exc):
    """HubSpot's error message from an ApiException, never its headers."""
    body = getattr(exc, "body", None)
    if body:
        try:
            data = json.loads(body)
            if isinstance(data, dict) and data.get("message"):
                return str(data["message"])
        except (ValueError, TypeError):
            pass
    return str(getattr(exc, "reason", None) or "no message")


def retry_wait(exc, attempt):
    """Seconds to wait before the next attempt: Retry-After, else 1, 2, 4, 8."""
    headers = getattr(exc, "headers", None) or {}
    value = headers.get("Retry-After") if hasattr(headers, "get") else None
    try:
        return min(max(float(value), 0.0), MAX_RETRY_WAIT)
    except (TypeError, ValueError):
        return float(2 ** (attempt - 1))


class HubSpot:
    """The few CRM v3 calls the sync makes, through hubspot-api-client, with
    retries on 429 and 5xx and plain error messages."""

    def __init__(self, token, base_url=DEFAULT_BASE_URL, sleep=time.sleep):
        from hubspot import HubSpot as Client
        from urllib3.util.retry import Retry
        # urllib3 retries connection errors only; statuses are retried here
        self.client = Client(access_token=token, host=base_url.rstrip("/"),
                             retry=Retry(total=2, status=0, backoff_factor=0.5, raise_on_status=False))
        self.base_url = base_url
        self.sleep = sleep
        self.errors = api_exception_types()

    def call(self, what, fn, *args, retry_server_errors=True, **kwargs):
        """fn(*args, **kwargs), retrying 429 (and 5xx unless told not to:
        a create that failed with a 5xx may have been done)."""
        import urllib3
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return fn(*args, **kwargs)
            except self.errors as e:
                status = getattr(e, "status", None)
                if status == 401:
                    raise SyncError("HubSpot rejected the token in HUBSPOT_ACCESS_TOKEN (401) on %s: "
                                    "check the private app's token" % what, EXIT_TOKEN) from None
                if status == 403:
                    raise SyncError("HubSpot refused %s (403: %s): the private app lacks a scope "
                                    "(docs/hubspot_sync.md)" % (what, answer_message(e))) from None
                retryable = status == 429 or (retry_server_errors and status is not None and status >= 500)
                if retryable and attempt < MAX_ATTEMPTS:
                    wait = retry_wait(e, attempt)
                    print("HubSpot answered %s on %s; retrying in %.1f s (attempt %d of %d)"
                          % (status, what, wait, attempt + 1, MAX_ATTEMPTS), file=sys.stderr)
                    self.sleep(wait)
                    continue
                raise ApiError(status, answer_message(e)) from None
            except urllib3.exceptions.HTTPError as e:
                raise SyncError("cannot reach HubSpot at %s on %s (%s)"
                                % (self.base_url, what, type(e).__name__)) from None
        raise AssertionError("unreachable")

    def stage_options(self):
        prop = self.call("reading the lifecyclestage property",
                         self.client.crm.properties.core_api.get_by_name, "contacts", "lifecyclestage")
        return [(o.value, o.label) for o in (prop.options or [])]

    def property_exists(self, object_type, name):
        try:
            self.call("reading property %s" % name,
                      self.client.crm.properties.core_api.get_by_name, object_type, name)
            return True
        except ApiError as e:
            if e.status == 404:
                return False
            raise

    def _batch_api(self, object_type):
        return getattr(self.client.crm, object_type).batch_api

    def batch_read(self, object_type, ids, properties):
        """{id: properties} of the records found (missing ones are left out)."""
        found = {}
        for chunk in chunks(ids, BATCH_LIMIT):
            body = {"properties": properties, "propertiesWithHistory": [],
                    "inputs": [{"id": i} for i in chunk]}
            answer = self.call("reading %s" % object_type, self._batch_api(object_type).read,
                               body, archived=False)
            for record in answer.results or []:
                found[record.id] = record.properties or {}
        return found

    def batch_update(self, object_type, inputs):
        """One batch update (<= 100 inputs): {id: None on success, else the error}."""
        answer = self.call("updating %s" % object_type, self._batch_api(object_type).update,
                           {"inputs": inputs})
        return batch_outcome([i["id"] for i in inputs], answer)

    def deals_by_key(self, keys):
        """{saas_metrics_key: deal id} of the deals that exist with these keys."""
        found = {}
        for chunk in chunks(sorted(keys), BATCH_LIMIT):
            after = None
            while True:
                body = {"filterGroups": [{"filters": [
                    {"propertyName": DEAL_KEY_PROPERTY, "operator": "IN", "values": chunk}]}],
                    "properties": [DEAL_KEY_PROPERTY], "limit": 100}
                if after:
                    body["after"] = after
                answer = self.call("searching deals", self.client.crm.deals.search_api.do_search, body)
                for deal in answer.results or []:
                    found[(deal.properties or {}).get(DEAL_KEY_PROPERTY)] = deal.id
                after = answer.paging.next.after if answer.paging and answer.paging.next else None
                if not after:
                    break
        return found

    def create_deals(self, inputs):
        """One batch create (<= 100 inputs): the answer's results and errors."""
        return self.call("creating deals", self.client.crm.deals.batch_api.create, {"inputs": inputs},
                         retry_server_errors=False)


def chunks(items, size):
    items = list(items)
    return [items[i:i + size] for i in range(0, len(items), size)]


def batch_outcome(ids, answer):
    """{id: None (went through) or an error message} from a batch answer
    (200, or 207 with errors whose context names the ids)."""
    outcome = {i: "not in HubSpot's answer" for i in ids}
    for record in answer.results or []:
        outcome[record.id] = None
    for error in getattr(answer, "errors", None) or []:
        context = error.context or {}
        named = [i for key in ("ids", "id") for i in (context.get(key) or [])]
        # an error that names no id is charged to the ids not in the results
        for i in named or [i for i in ids if outcome[i] is not None]:
            if i in outcome:
                outcome[i] = "%s: %s" % (error.category, error.message)
    return outcome


# ---------------------------------------------------------------- stages

def stage_mapping(stages, options):
    """{funnel stage: portal value}, and {portal value lower-cased: stage};
    a stage is left out of the first when the portal has no option for it."""
    by_text = {}
    for value, label in options:
        for text in (value, label):
            if text:
                by_text.setdefault(text.strip().lower(), value)
    to_portal, from_portal = {}, {}
    for stage in stages:
        for text in (stage["hubspot_value"], stage["hubspot_label"]):
            if text and text.strip().lower() in by_text:
                value = by_text[text.strip().lower()]
                to_portal[stage["lifecycle_stage"]] = value
                from_portal[value.lower()] = stage["lifecycle_stage"]
                break
    return to_portal, from_portal


def check_stages(needed, to_portal, stages):
    missing = sorted(set(needed) - set(to_portal), key=lambda s: [r["lifecycle_stage"] for r in stages].index(s))
    if missing:
        labels = ", ".join("%s (seed value %r, label %r)" % (
            s, *next((r["hubspot_value"], r["hubspot_label"]) for r in stages if r["lifecycle_stage"] == s))
            for s in missing)
        raise SyncError("the portal's lifecyclestage property has no option for stage %s: create the "
                        "stage in HubSpot, or put its internal value or label in "
                        "seeds/reference/lifecycle_stages.csv" % labels)


# ---------------------------------------------------------------- the plan

class Plan:
    """What a run sends: updates per object type, deals, new SQLs."""

    def __init__(self, stages, contacts, companies, deals):
        self.stages = stages
        self.rank = {s["lifecycle_stage"]: s["stage_rank"] for s in stages}
        self.contacts = contacts
        self.companies = companies
        self.deals = deals
        self.skipped = {"contacts": {}, "companies": {}, "deals": {}}
        self.names = {}
        self.live_read = False

    def set_values(self, to_portal):
        for record in self.contacts + self.companies:
            record["value"] = to_portal[record["stage"]]

    def drop_done(self, object_type, live, from_portal):
        """Leave out the records HubSpot already has at the target or hotter
        (or at a stage outside the funnel, or not at all)."""
        keep = []
        for record in getattr(self, object_type):
            props = live.get(record["record_id"])
            if props is None:
                reason = "not found in HubSpot"
            else:
                current = (props.get("lifecyclestage") or "").strip()
                current_stage = from_portal.get(current.lower())
                current_rank = self.rank.get(current_stage)
                if current == record["value"]:
                    reason = "already at %s" % current
                elif current and current_rank is None:
                    reason = "HubSpot stage %r is outside the funnel: not overwritten" % current
                elif current and current_rank >= self.rank[record["stage"]]:
                    reason = "HubSpot stage %s is not colder" % current
                else:
                    keep.append(record)
                    continue
            self.skipped[object_type][record["record_id"]] = reason
        setattr(self, object_type, keep)

    def new_sqls(self):
        return [c for c in self.contacts if c["stage"] == "sql"]


def print_plan(plan, show, apply, source):
    mode = "apply: sending" if apply else "dry run: nothing is sent (run with --apply to send)"
    print("HubSpot sync plan (%s)" % mode)
    print("stage values: %s" % source)
    for object_type in ("contacts", "companies"):
        records = getattr(plan, object_type)
        skipped = plan.skipped[object_type]
        print("%s: %d lifecycle stage updates%s" % (
            object_type, len(records), " (%d skipped: already done in HubSpot)" % len(skipped) if skipped else ""))
        counts = {}
        for r in records:
            counts[(r["stage"], r["value"])] = counts.get((r["stage"], r["value"]), 0) + 1
        for (stage, value), n in sorted(counts.items(), key=lambda kv: plan.rank.get(kv[0][0]) or 0):
            print("  %-12s %-28s %5d" % (stage, "(%s)" % value, n))
        for r in records[:show]:
            print("  - %s -> %s  rule %s  entered %s" % (r["record_id"], r["value"], r["rule"],
                                                         timestamp_text(r["entered_at"])))
    print("deals: %d to create%s" % (len(plan.deals), " (%d skipped: already in HubSpot)"
                                     % len(plan.skipped["deals"]) if plan.skipped["deals"] else ""))
    for d in plan.deals[:show]:
        print("  - %s  key %s  pipeline %s  stage %s  contact %s  company %s" % (
            d["deal_name"], d["key"], d["pipeline"], d["deal_stage"], d["contact_id"], d["company_id"] or "-"))
    print("new SQLs to notify: %d at most (contacts moved to sql; one told before is not told again)"
          % len(plan.new_sqls()))


# ---------------------------------------------------------------- sending

class SyncLog:
    """Appends one JSON line per record sent."""

    def __init__(self, path, run_id):
        self.path = Path(path)
        self.run_id = run_id

    def write(self, object_type, record_id, sent, error, rule=None, entered_at=None, **extra):
        row = {"run_id": self.run_id,
               "time": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
               "object_type": object_type, "record_id": record_id, "sent": sent,
               "status": "error" if error else "ok", "message": error,
               "rule": rule, "entered_at": timestamp_text(entered_at)}
        row.update(extra)
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(row, sort_keys=False, default=str) + "\n")


def send_updates(api, log, object_type, records, with_rule):
    """Batch updates; return the ids that went through and the failures."""
    done, failed = [], []
    for chunk in chunks(records, BATCH_LIMIT):
        inputs = []
        for r in chunk:
            props = {"lifecyclestage": r["value"]}
            if with_rule:
                props[RULE_PROPERTY] = r["rule"]
                props[ENTERED_AT_PROPERTY] = timestamp_text(r["entered_at"])
            inputs.append({"id": r["record_id"], "properties": props})
        try:
            outcome = api.batch_update(object_type, inputs)
        except ApiError as e:
            outcome = {i["id"]: str(e) for i in inputs}
        for r, i in zip(chunk, inputs):
            error = outcome.get(r["record_id"])
            log.write(object_type[:-1], r["record_id"], i["properties"], error, r["rule"], r["entered_at"])
            if error:
                failed.append((r["record_id"], error))
            else:
                done.append(r["record_id"])
    return done, failed


def deal_input(deal):
    associations = [{"to": {"id": deal["contact_id"]},
                     "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": DEAL_TO_CONTACT}]}]
    if deal["company_id"]:
        associations.append({"to": {"id": deal["company_id"]},
                             "types": [{"associationCategory": "HUBSPOT_DEFINED",
                                        "associationTypeId": DEAL_TO_COMPANY}]})
    return {"properties": {"dealname": deal["deal_name"], "pipeline": deal["pipeline"],
                           "dealstage": deal["deal_stage"], DEAL_KEY_PROPERTY: deal["key"]},
            "associations": associations}


def send_deals(api, log, deals):
    """Create the deals, 100 a batch. After an error the batch's keys are
    searched again: a key found went through (a 5xx may come after HubSpot
    created the deal), and only the deals not found are retried (5xx) or
    reported, so no deal is created twice."""
    done, failed = [], []
    for chunk in chunks(deals, BATCH_LIMIT):
        created, error_text, pending = {}, None, list(chunk)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                answer = api.create_deals([deal_input(d) for d in pending])
            except ApiError as e:
                error_text = str(e)
                created.update(api.deals_by_key([d["key"] for d in pending]))
                pending = [d for d in pending if d["key"] not in created]
                if pending and e.status is not None and e.status >= 500 and attempt < MAX_ATTEMPTS:
                    wait = float(2 ** (attempt - 1))
                    print("%s; searched the deals, retrying %d in %.1f s" % (e, len(pending), wait), file=sys.stderr)
                    api.sleep(wait)
                    continue
                break
            created.update({(r.properties or {}).get(DEAL_KEY_PROPERTY): r.id for r in answer.results or []})
            errors = getattr(answer, "errors", None) or []
            error_text = "; ".join("%s: %s" % (e.category, e.message) for e in errors) or None
            if error_text:
                created.update(api.deals_by_key([d["key"] for d in pending if d["key"] not in created]))
            break
        for d in chunk:
            deal_id = created.get(d["key"])
            error = None if deal_id else (error_text or "not in HubSpot's answer")
            log.write("deal", deal_id, deal_input(d), error, "sql contact without a deal", None,
                      saas_metrics_key=d["key"], contact_id=d["contact_id"], company_id=d["company_id"])
            if error:
                failed.append((d["key"], error))
            else:
                done.append(d["key"])
    return done, failed


# ---------------------------------------------------------------- notifying

def one_line(text):
    """A value safe in a header or a one-line list item: control characters
    (CR, LF, tab, ...) become spaces."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)).split())


def slack_escape(text):
    return one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sql_lines(contacts, names):
    lines = []
    for c in contacts:
        name = one_line(names.get(c["record_id"]) or "")
        lines.append("contact %s%s: SQL since %s (rule %s)%s" % (
            c["record_id"], " (%s)" % name if name else "", timestamp_text(c["entered_at"]), one_line(c["rule"]),
            ", company %s" % c["company_id"] if c.get("company_id") else ""))
    return lines


def notification_text(contacts, names):
    if len(contacts) == 1:
        name = one_line(names.get(contacts[0]["record_id"]) or "contact %s" % contacts[0]["record_id"])
        subject = "New SQL: %s" % name
    else:
        subject = "%d new SQLs" % len(contacts)
    body = ("%s in HubSpot (lifecycle stage Sales Qualified Lead):\n\n" % subject
            + "\n".join("- " + line for line in sql_lines(contacts, names)) + "\n")
    return subject, body


def send_email(env, contacts, names):
    subject, body = notification_text(contacts, names)
    if len(contacts) > DIGEST_OVER:
        subject += " (digest)"
    recipients = [r.strip() for r in env.get("SAAS_SMTP_RECIPIENTS", "").split(",") if r.strip()]
    if not recipients or not env.get("SAAS_SMTP_SENDER"):
        raise SyncError("SAAS_SMTP_SENDER and SAAS_SMTP_RECIPIENTS must be set with SAAS_SMTP_HOST")
    message = EmailMessage()
    message["From"] = one_line(env["SAAS_SMTP_SENDER"])
    message["To"] = ", ".join(one_line(r) for r in recipients)
    message["Subject"] = subject
    message.set_content(body)
    host, port = env["SAAS_SMTP_HOST"], int(env.get("SAAS_SMTP_PORT") or 587)
    with smtplib.SMTP(host, port, timeout=30) as smtp:
        smtp.ehlo()
        if smtp.has_extn("starttls"):
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if env.get("SAAS_SMTP_USER"):
            smtp.login(env["SAAS_SMTP_USER"], env.get("SAAS_SMTP_PASSWORD", ""))
        smtp.send_message(message, to_addrs=recipients)


def send_slack(url, contacts, names):
    subject, _ = notification_text(contacts, names)
    text = "*%s*\n" % slack_escape(subject) + "\n".join("• " + slack_escape(line)
                                                         for line in sql_lines(contacts, names))
    request = urllib.request.Request(url, data=json.dumps({"text": text}).encode("utf-8"),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        if response.status != 200:
            raise OSError("Slack answered %s" % response.status)


def load_state(path):
    if not path.exists():
        return {"notified_sql_contacts": {}}
    state = json.loads(path.read_text(encoding="utf-8"))
    state.setdefault("notified_sql_contacts", {})
    return state


def save_state(path, state):
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def notify(env, state_path, contacts, names):
    """Notify each channel of the contacts it was not told about; return the
    failures (channel: message). The state is saved after each channel."""
    channels = {}
    if env.get("SAAS_SMTP_HOST"):
        channels["email"] = lambda todo: send_email(env, todo, names)
    if env.get("SAAS_SLACK_WEBHOOK_URL"):
        channels["slack"] = lambda todo: send_slack(env["SAAS_SLACK_WEBHOOK_URL"], todo, names)
    if not channels:
        if contacts:
            print("notifications: %d new SQLs, no channel configured (SAAS_SMTP_HOST, SAAS_SLACK_WEBHOOK_URL)"
                  % len(contacts))
        return []
    state = load_state(state_path)
    failures = []
    for channel, send in channels.items():
        told = set(state["notified_sql_contacts"].get(channel, []))
        todo = [c for c in contacts if c["record_id"] not in told]
        if not todo:
            continue
        try:
            send(todo)
        except (OSError, smtplib.SMTPException, urllib.error.URLError, SyncError) as e:
            failures.append((channel, "%s: %s" % (type(e).__name__, one_line(e))))
            continue
        state["notified_sql_contacts"][channel] = sorted(told | {c["record_id"] for c in todo})
        save_state(state_path, state)
        print("notifications: %s sent about %d new SQL%s" % (channel, len(todo), "s" if len(todo) > 1 else ""))
    return failures


# ---------------------------------------------------------------- the run

def run(args, env, sleep=time.sleep):
    db_path = Path(env.get("SAAS_DUCKDB_PATH") or PROJECT_ROOT / "saas_metrics.duckdb")
    if not db_path.exists():
        raise SyncError("no DuckDB file at %s (set SAAS_DUCKDB_PATH, or build first)" % db_path)
    log_path = Path(args.log or str(db_path) + ".hubspot_sync_log.jsonl")
    state_path = Path(args.state or str(db_path) + ".hubspot_sync_state.json")
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        stages, contacts, companies, deals = read_marts(con, args.schema)
    finally:
        con.close()
    plan = Plan(stages, contacts, companies, deals)
    sql_contacts = [c for c in contacts if c["stage"] == "sql"]
    needed = {r["stage"] for r in contacts + companies}

    token = env.get("HUBSPOT_ACCESS_TOKEN", "").strip()
    if not token:
        if args.apply:
            raise SyncError("HUBSPOT_ACCESS_TOKEN is not set: --apply needs a private app token "
                            "(docs/hubspot_sync.md)", EXIT_TOKEN)
        to_portal = {s["lifecycle_stage"]: s["hubspot_value"] for s in stages}
        plan.set_values(to_portal)
        print_plan(plan, args.show, False, "seed lifecycle_stages (no HUBSPOT_ACCESS_TOKEN: HubSpot not read)")
        return EXIT_OK

    api = HubSpot(token, env.get("HUBSPOT_API_BASE_URL") or DEFAULT_BASE_URL, sleep=sleep)
    try:
        to_portal, from_portal = stage_mapping(stages, api.stage_options())
        check_stages(needed, to_portal, stages)
        plan.set_values(to_portal)
        missing = [p for p in (RULE_PROPERTY, ENTERED_AT_PROPERTY) if not api.property_exists("contacts", p)]
        if missing and contacts:
            raise SyncError("the portal has no contact property %s: create it (docs/hubspot_sync.md)"
                            % " and ".join(missing))
        live_contacts = api.batch_read("contacts", [c["record_id"] for c in contacts],
                                       ["lifecyclestage", "firstname", "lastname"])
        plan.names = {i: " ".join(p for p in (props.get("firstname"), props.get("lastname")) if p)
                      for i, props in live_contacts.items()}
        plan.drop_done("contacts", live_contacts, from_portal)
        plan.drop_done("companies", api.batch_read("companies", [c["record_id"] for c in companies],
                                                   ["lifecyclestage"]), from_portal)
        existing = api.deals_by_key([d["key"] for d in deals])
        plan.skipped["deals"] = {d["key"]: existing[d["key"]] for d in deals if d["key"] in existing}
        plan.deals = [d for d in deals if d["key"] not in existing]
    except ApiError as e:
        raise SyncError("%s (nothing was sent)" % e) from None
    # the SQLs already at sql in HubSpot (e.g. set by an earlier run whose
    # notification failed) are still news until a channel told them
    print_plan(plan, args.show, args.apply, "options of the portal's lifecyclestage property")
    if not args.apply:
        return EXIT_OK

    run_id = uuid.uuid4().hex
    log = SyncLog(log_path, run_id)
    failures = []
    done_contacts, failed = send_updates(api, log, "contacts", plan.contacts, with_rule=True)
    failures += [("contact", *f) for f in failed]
    _, failed = send_updates(api, log, "companies", plan.companies, with_rule=False)
    failures += [("company", *f) for f in failed]
    _, failed = send_deals(api, log, plan.deals)
    failures += [("deal", *f) for f in failed]
    print("run %s: %d contacts, %d companies, %d deals sent; log %s" % (
        run_id, len(plan.contacts), len(plan.companies), len(plan.deals), log_path))
    for object_type, record_id, error in failures:
        print("failed: %s %s: %s" % (object_type, record_id, error), file=sys.stderr)

    went_through = set(done_contacts) | {i for i, reason in plan.skipped["contacts"].items()
                                         if reason.startswith("already at")}
    new_sqls = [c for c in sql_contacts if c["record_id"] in went_through]
    for channel, error in notify(env, state_path, new_sqls, plan.names):
        failures.append(("notification", channel, error))
        print("failed: notification by %s: %s" % (channel, error), file=sys.stderr)
    return EXIT_OK if not failures else EXIT_FAILED


def main(argv=None, env=None, sleep=time.sleep):
    parser = argparse.ArgumentParser(
        description="Push the lifecycle marts to HubSpot (CRM v3 API); dry run unless --apply.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", dest="apply", action="store_false", help="print the plan, send nothing (default)")
    mode.add_argument("--apply", dest="apply", action="store_true", help="send the plan to HubSpot")
    parser.set_defaults(apply=False)
    parser.add_argument("--schema", default="marts", help="schema of the marts (default: marts)")
    parser.add_argument("--log", help="sync log file (default: <database>.hubspot_sync_log.jsonl)")
    parser.add_argument("--state", help="notification state file (default: <database>.hubspot_sync_state.json)")
    parser.add_argument("--show", type=int, default=5, help="rows shown per object in the plan (default: 5)")
    args = parser.parse_args(argv)
    env = dict(os.environ) if env is None else env
    try:
        return run(args, env, sleep=sleep)
    except SyncError as e:
        print("error: %s" % e, file=sys.stderr)
        return e.exit_code


if __name__ == "__main__":
    sys.exit(main())
