"""scripts/hubspot_sync.py against a local HubSpot, without the internet.

FakeHubSpot is an HTTP server on 127.0.0.1 (random port) implementing the
CRM v3 endpoints the sync uses as HubSpot's API reference documents them:
GET /crm/v3/properties/{object}/{name} (lifecyclestage with its options),
POST /crm/v3/objects/{contacts,companies}/batch/read and batch/update,
POST /crm/v3/objects/deals/search and /crm/v3/objects/deals/batch/create
(with associations). Bearer token checked (401 otherwise), at most 100
inputs a batch (400 otherwise), per-record failures as 207 multi-status,
injected 429 answers with Retry-After. The portal's records start as the
HubSpot export the build read (staging.stg_hubspot__*) and are held in
memory; the script talks to it through hubspot-api-client.

A real SMTP server (aiosmtpd) on 127.0.0.1 receives the notifications.

The marts are the shipped sample's, built once per module into a scratch
DuckDB file.
"""
import contextlib
import email
import email.policy
import io
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import duckdb
import pytest
from aiosmtpd.controller import Controller
from conftest import PROJECT_ROOT, dbt_build, rows

from saas_metrics import hubspot_sync

TOKEN = "pat-na1-0000SECRET-TOKEN-4242"
NOW = "2026-01-01T00:00:00.000Z"
# the portal's lifecyclestage options: standard stages, and the custom stages
# prospect, user, pql with generated internal values
OPTIONS = [
    ("subscriber", "Subscriber"), ("lead", "Lead"), ("marketingqualifiedlead", "Marketing Qualified Lead"),
    ("212881", "Prospect"), ("212882", "User"), ("212883", "Product Qualified Lead"),
    ("salesqualifiedlead", "Sales Qualified Lead"), ("opportunity", "Opportunity"), ("customer", "Customer"),
    ("evangelist", "Evangelist"), ("other", "Other"),
]
READ_PATHS = ("/batch/read", "/search")


def error_body(message, category, **extra):
    return dict({"status": "error", "message": message, "correlationId": "c0ffee00-0000-0000-0000-000000000000",
                 "category": category}, **extra)


def standard_error(message, category, ids):
    return {"status": "error", "category": category, "message": message, "context": {"ids": ids},
            "links": {}, "errors": []}


def batch_answer(results, errors):
    body = {"status": "COMPLETE", "results": results, "startedAt": NOW, "completedAt": NOW}
    if errors:
        body.update(errors=errors, numErrors=len(errors))
    return body


def simple_object(record_id, properties):
    return {"id": record_id, "properties": properties, "createdAt": NOW, "updatedAt": NOW, "archived": False}


class FakeHubSpot:
    """The portal's state and the HTTP server serving it."""

    def __init__(self, contacts, companies, options=OPTIONS, token=TOKEN):
        self.token = token
        self.options = options
        self.objects = {"contacts": contacts, "companies": companies, "deals": {}}
        self.associations = {}
        self.properties = {"contacts": {"lifecyclestage", "firstname", "lastname", "lifecycle_stage_rule",
                                        "lifecycle_stage_entered_at"},
                           "companies": {"lifecyclestage"},
                           "deals": {"dealname", "pipeline", "dealstage", "saas_metrics_key"}}
        self.requests = []
        self.faults = []  # (method, path ending, status, headers), used once each, in order
        self.fail_ids = set()  # records whose update fails (207)
        self.lock = threading.Lock()
        self.next_deal_id = 90000001
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                portal.handle(self, "GET")

            def do_POST(self):
                portal.handle(self, "POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def writes(self):
        return [r for r in self.requests if r[0] == "POST" and not r[1].endswith(READ_PATHS)]

    def handle(self, request, method):
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        path = request.path.split("?")[0]
        with self.lock:
            self.requests.append((method, path, body))
            status, answer, headers = self.route(request, method, path, body)
        data = json.dumps(answer).encode("utf-8")
        request.send_response(status)
        request.send_header("Content-Type", "application/json;charset=utf-8")
        request.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(data)

    def route(self, request, method, path, body):
        if request.headers.get("Authorization") != "Bearer %s" % self.token:
            return 401, error_body("Authentication credentials not found. This API supports OAuth 2.0 "
                                   "authentication and you can find more details at "
                                   "https://developers.hubspot.com/docs/methods/auth/oauth-overview",
                                   "INVALID_AUTHENTICATION"), {}
        for fault in self.faults:
            if fault[0] == method and path.endswith(fault[1]):
                self.faults.remove(fault)
                if len(fault) > 4 and fault[4] == "after the work":
                    self.faults.insert(0, ("never",))
                    self.route(request, method, path, body)
                    self.faults.remove(("never",))
                message = "You have reached your secondly limit." if fault[2] == 429 else "internal error"
                return fault[2], error_body(message, "RATE_LIMITS" if fault[2] == 429 else "INTERNAL_ERROR",
                                            errorType="RATE_LIMIT", policyName="SECONDLY"), fault[3]
        parts = path.strip("/").split("/")
        if method == "GET" and parts[:3] == ["crm", "v3", "properties"] and len(parts) == 5:
            return self.get_property(parts[3], parts[4])
        if method == "POST" and parts[:3] == ["crm", "v3", "objects"]:
            object_type, action = parts[3], "/".join(parts[4:])
            inputs = (body or {}).get("inputs")
            if inputs is not None and len(inputs) > 100:
                return 400, error_body("Batch input must contain at most 100 inputs, got %d" % len(inputs),
                                       "VALIDATION_ERROR"), {}
            if action == "batch/read" and object_type in ("contacts", "companies"):
                return self.batch_read(object_type, body)
            if action == "batch/update" and object_type in ("contacts", "companies"):
                return self.batch_update(object_type, body)
            if object_type == "deals" and action == "search":
                return self.search_deals(body)
            if object_type == "deals" and action == "batch/create":
                return self.create_deals(body)
        return 404, error_body("no such endpoint: %s %s" % (method, path), "OBJECT_NOT_FOUND"), {}

    def get_property(self, object_type, name):
        if name not in self.properties.get(object_type, ()):
            return 404, error_body("Unable to find property %s for object type %s" % (name, object_type),
                                   "OBJECT_NOT_FOUND"), {}
        options = [{"label": label, "value": value, "displayOrder": i, "hidden": False}
                   for i, (value, label) in enumerate(self.options)] if name == "lifecyclestage" else []
        return 200, {"name": name, "label": name, "type": "enumeration" if options else "string",
                     "fieldType": "radio" if options else "text", "description": "", "groupName": "info",
                     "options": options, "createdAt": NOW, "updatedAt": NOW, "calculated": False,
                     "externalOptions": False, "hasUniqueValue": False, "hidden": False,
                     "formField": True}, {}

    def batch_read(self, object_type, body):
        results, missing = [], []
        for item in body["inputs"]:
            record = self.objects[object_type].get(item["id"])
            if record is None:
                missing.append(item["id"])
            else:
                results.append(simple_object(item["id"], {p: record.get(p) for p in body["properties"]}))
        errors = [standard_error("Could not get some %s objects, they may be deleted or not exist."
                                 % object_type.upper()[:-1], "OBJECT_NOT_FOUND", missing)] if missing else []
        return (207 if errors else 200), batch_answer(results, errors), {}

    def batch_update(self, object_type, body):
        results, errors = [], []
        values = {value for value, _ in self.options}
        for item in body["inputs"]:
            record = self.objects[object_type].get(item["id"])
            props = item["properties"]
            unknown = set(props) - self.properties[object_type]
            if record is None:
                errors.append(standard_error("Object not found. objectId are usually numeric.",
                                             "OBJECT_NOT_FOUND", [item["id"]]))
            elif unknown:
                errors.append(standard_error("Property %s does not exist" % sorted(unknown),
                                             "VALIDATION_ERROR", [item["id"]]))
            elif "lifecyclestage" in props and props["lifecyclestage"] not in values:
                errors.append(standard_error("Property values were not valid: %r was not one of the allowed "
                                             "options" % props["lifecyclestage"], "VALIDATION_ERROR", [item["id"]]))
            elif item["id"] in self.fail_ids:
                errors.append(standard_error("Contact is locked for this update", "CONFLICT", [item["id"]]))
            else:
                record.update(props)
                results.append(simple_object(item["id"], dict(props)))
        return (207 if errors else 200), batch_answer(results, errors), {}

    def search_deals(self, body):
        assert body["limit"] <= 200
        matches = []
        for deal_id, props in sorted(self.objects["deals"].items()):
            for group in body["filterGroups"]:
                if all((f["operator"] == "IN" and props.get(f["propertyName"]) in f["values"])
                       or (f["operator"] == "EQ" and props.get(f["propertyName"]) == f["value"])
                       for f in group["filters"]):
                    matches.append(simple_object(deal_id, {p: props.get(p) for p in body.get("properties", [])}))
                    break
        start = int(body.get("after") or 0)
        page = matches[start:start + body["limit"]]
        answer = {"total": len(matches), "results": page}
        if start + body["limit"] < len(matches):
            answer["paging"] = {"next": {"after": str(start + body["limit"])}}
        return 200, answer, {}

    def create_deals(self, body):
        results, errors = [], []
        for item in body["inputs"]:
            problems = []
            for association in item.get("associations", []):
                type_id = association["types"][0]["associationTypeId"]
                target = {3: "contacts", 5: "companies", 341: "companies"}.get(type_id)
                if association["types"][0]["associationCategory"] != "HUBSPOT_DEFINED" or target is None:
                    problems.append("invalid association type %s" % type_id)
                elif association["to"]["id"] not in self.objects[target]:
                    problems.append("%s %s does not exist" % (target, association["to"]["id"]))
            if problems:
                errors.append(standard_error("; ".join(problems), "VALIDATION_ERROR", []))
                continue
            deal_id = str(self.next_deal_id)
            self.next_deal_id += 1
            self.objects["deals"][deal_id] = dict(item["properties"])
            self.associations[deal_id] = sorted(
                (a["types"][0]["associationTypeId"], a["to"]["id"]) for a in item.get("associations", []))
            results.append(simple_object(deal_id, dict(item["properties"])))
        return (207 if errors else 201), batch_answer(results, errors), {}


class Mailbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    """The shipped sample, built once (the file's neighbours get the default log)."""
    tmp = tmp_path_factory.mktemp("sync")
    path = tmp / "saas_metrics.duckdb"
    result = dbt_build(PROJECT_ROOT / "sample_data" / "raw", path, tmp / "target")
    assert result.returncode == 0, result.stdout[-4000:]
    return path


@pytest.fixture(scope="module")
def marts(db_path):
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        yield {
            "updates": rows(con, 'select * from marts.lifecycle_stage_updates'),
            "stages": rows(con, "select * from reference.lifecycle_stages"),
            "contact_stages": rows(con, "select contact_id, current_stage from marts.contact_lifecycle_stages"),
            "companies": rows(con, "select * from marts.company_lifecycle_stages"),
            "deals": rows(con, "select * from marts.deals_to_create"),
            "hubspot_contacts": rows(con, "select contact_id, first_name, last_name, lifecycle_stage "
                                          "from staging.stg_hubspot__contacts"),
            "hubspot_companies": rows(con, "select company_id, lifecycle_stage from staging.stg_hubspot__companies"),
        }
    finally:
        con.close()


@pytest.fixture
def portal(marts):
    contacts = {c["contact_id"]: {"lifecyclestage": c["lifecycle_stage"] or "", "firstname": c["first_name"],
                                  "lastname": c["last_name"]} for c in marts["hubspot_contacts"]}
    companies = {c["company_id"]: {"lifecyclestage": c["lifecycle_stage"] or ""} for c in marts["hubspot_companies"]}
    server = FakeHubSpot(contacts, companies)
    yield server
    server.close()


@pytest.fixture
def mailbox():
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


class Sync:
    """Runs the script in-process; keeps every output to check for the token."""

    def __init__(self, db_path, tmp_path, portal, mailbox=None):
        self.env = {"SAAS_DUCKDB_PATH": str(db_path), "HUBSPOT_API_BASE_URL": portal.url,
                    "HUBSPOT_ACCESS_TOKEN": TOKEN}
        if mailbox is not None:
            self.env.update(SAAS_SMTP_HOST="127.0.0.1", SAAS_SMTP_PORT=str(mailbox.port),
                            SAAS_SMTP_SENDER="metrics@example.com",
                            SAAS_SMTP_RECIPIENTS="sales@example.com, ae@example.com")
        self.log = tmp_path / "sync_log.jsonl"
        self.state = tmp_path / "sync_state.json"
        self.sleeps = []
        self.outputs = []

    def __call__(self, *args, **env):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = hubspot_sync.main(["--log", str(self.log), "--state", str(self.state), *args],
                                     env=dict(self.env, **env), sleep=self.sleeps.append)
        self.outputs += [out.getvalue(), err.getvalue()]
        return code, out.getvalue(), err.getvalue()

    def log_rows(self):
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def assert_token_never_shown(self):
        texts = self.outputs + [p.read_text() for p in (self.log, self.state) if p.exists()]
        assert all(TOKEN not in t for t in texts)


@pytest.fixture
def sync(db_path, tmp_path, portal):
    runner = Sync(db_path, tmp_path, portal)
    yield runner
    runner.assert_token_never_shown()


def portal_value(marts, stage):
    stage_row = next(s for s in marts["stages"] if s["lifecycle_stage"] == stage)
    texts = {stage_row["hubspot_value"].lower(), stage_row["hubspot_label"].lower()}
    return next(v for v, label in OPTIONS if v.lower() in texts or label.lower() in texts)


def test_dry_run_without_token_sends_nothing(sync, portal, marts):
    code, out, err = sync(HUBSPOT_ACCESS_TOKEN="")
    assert code == 0, err
    assert portal.requests == []
    assert "dry run" in out and "contacts: %d lifecycle stage updates" % len(marts["updates"]) in out
    assert "deals: %d to create" % len(marts["deals"]) in out
    assert not sync.log.exists()


def test_dry_run_with_token_only_reads(sync, portal):
    code, out, err = sync("--dry-run")
    assert code == 0, err
    assert portal.requests and portal.writes() == []
    assert "212881" in out  # prospect shown as the portal's internal value


def test_apply_makes_hubspot_equal_to_the_marts_and_a_rerun_sends_nothing(db_path, tmp_path, portal, marts,
                                                                          mailbox):
    sync = Sync(db_path, tmp_path, portal, mailbox)
    before = {i: dict(p) for i, p in portal.objects["contacts"].items()}
    code, out, err = sync("--apply")
    assert code == 0, err

    stage_of = {c["contact_id"]: c["current_stage"] for c in marts["contact_stages"]}
    updated = {u["Record ID"]: u for u in marts["updates"]}
    for contact_id, props in portal.objects["contacts"].items():
        if contact_id in updated:
            u = updated[contact_id]
            assert props["lifecyclestage"] == portal_value(marts, stage_of[contact_id])
            assert props["lifecycle_stage_rule"] == u["Lifecycle Stage Rule"]
            assert props["lifecycle_stage_entered_at"] == u["Lifecycle Stage Entered At"].strftime(
                "%Y-%m-%dT%H:%M:%SZ")
        else:
            assert props == before[contact_id]
    for company in marts["companies"]:
        props = portal.objects["companies"][company["company_id"]]
        if company["needs_hubspot_update"]:
            assert props["lifecyclestage"] == portal_value(marts, company["lifecycle_stage"])
        else:
            assert props["lifecyclestage"] == (company["hubspot_lifecycle_stage"] or "")
    deals = {p["saas_metrics_key"]: (i, p) for i, p in portal.objects["deals"].items()}
    assert len(deals) == len(portal.objects["deals"]) == len(marts["deals"])
    for deal in marts["deals"]:
        deal_id, props = deals["demo-contact-%s" % deal["Contact Record ID"]]
        assert (props["dealname"], props["pipeline"], props["dealstage"]) == (
            deal["Deal Name"], deal["Pipeline"], deal["Deal Stage"])
        assert portal.associations[deal_id] == sorted([(3, deal["Contact Record ID"]),
                                                       (5, deal["Company Record ID"])])
    # every batch within HubSpot's limit
    assert all(len(b["inputs"]) <= 100 for _, _, b in portal.requests if b and "inputs" in b)

    log = sync.log_rows()
    assert len(log) == len(marts["updates"]) + sum(c["needs_hubspot_update"] for c in marts["companies"]) + len(
        marts["deals"])
    assert len({r["run_id"] for r in log}) == 1 and all(r["status"] == "ok" for r in log)
    first = next(r for r in log if r["object_type"] == "contact")
    assert first["rule"] and first["entered_at"] and first["sent"]["lifecyclestage"]

    # one digest to the SMTP server about every new SQL
    sqls = sorted(u["Record ID"] for u in marts["updates"] if stage_of[u["Record ID"]] == "sql")
    assert len(mailbox.envelopes) == 1
    envelope = mailbox.envelopes[0]
    assert envelope.rcpt_tos == ["sales@example.com", "ae@example.com"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"] == "%d new SQLs (digest)" % len(sqls)
    assert all("contact %s" % i in message.get_content() for i in sqls)

    # the rerun: nothing written, nothing mailed, nothing logged
    writes = len(portal.writes())
    code, out, err = sync("--apply")
    assert code == 0, err
    assert len(portal.writes()) == writes
    assert "contacts: 0 lifecycle stage updates" in out and "deals: 0 to create" in out
    assert len(mailbox.envelopes) == 1
    assert len(sync.log_rows()) == len(log)
    sync.assert_token_never_shown()


def test_429_is_retried_after_retry_after(sync, portal):
    portal.faults.append(("POST", "/crm/v3/objects/contacts/batch/update", 429, {"Retry-After": "3"}))
    portal.faults.append(("POST", "/crm/v3/objects/deals/search", 502, {}))
    code, out, err = sync("--apply")
    assert code == 0, err
    assert sync.sleeps == [1.0, 3.0]  # the search (planning, no Retry-After) comes first
    assert "429" in err and all(r["status"] == "ok" for r in sync.log_rows())


def test_partial_failure_is_reported_per_record_and_the_rest_goes_on(sync, portal, marts):
    failing = sorted(u["Record ID"] for u in marts["updates"])[1]
    portal.fail_ids.add(failing)
    code, out, err = sync("--apply")
    assert code == 1
    assert "failed: contact %s: CONFLICT: Contact is locked" % failing in err
    log = sync.log_rows()
    errors = [r for r in log if r["status"] == "error"]
    assert [(r["object_type"], r["record_id"]) for r in errors] == [("contact", failing)]
    assert sum(r["status"] == "ok" and r["object_type"] == "contact" for r in log) == len(marts["updates"]) - 1
    # the next run sends only the one that failed
    portal.fail_ids.clear()
    code, out, err = sync("--apply")
    assert code == 0, err
    assert [r["record_id"] for r in sync.log_rows()[len(log):]] == [failing]


def test_a_stage_the_portal_lacks_stops_the_run_naming_it(sync, portal):
    portal.options = [o for o in OPTIONS if o[1] != "User"]
    code, out, err = sync("--apply")
    assert code == 1
    assert "no option for stage user" in err
    assert portal.writes() == []


def test_bad_token_is_a_clear_error(sync, portal):
    portal.token = "another-token"
    code, out, err = sync("--apply")
    assert code == 2
    assert "rejected the token" in err and "401" in err
    assert portal.writes() == []


def test_missing_token_with_apply_is_a_clear_error(sync, portal):
    code, out, err = sync("--apply", HUBSPOT_ACCESS_TOKEN="")
    assert code == 2 and "HUBSPOT_ACCESS_TOKEN is not set" in err
    assert portal.requests == []


def test_one_new_sql_gets_one_message_with_hostile_name_escaped(db_path, tmp_path, portal, marts, mailbox):
    stage_of = {c["contact_id"]: c["current_stage"] for c in marts["contact_stages"]}
    sqls = sorted(u["Record ID"] for u in marts["updates"] if stage_of[u["Record ID"]] == "sql")
    hostile = sqls[0]
    portal.objects["contacts"][hostile]["firstname"] = "Eve\r\nBcc: victim@example.org\r\n\r\nhi"
    sync = Sync(db_path, tmp_path, portal, mailbox)
    sync.state.write_text(json.dumps({"notified_sql_contacts": {"email": sqls[1:]}}))
    code, out, err = sync("--apply")
    assert code == 0, err
    assert len(mailbox.envelopes) == 1
    envelope = mailbox.envelopes[0]
    assert envelope.rcpt_tos == ["sales@example.com", "ae@example.com"]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Bcc"] is None
    last = portal.objects["contacts"][hostile]["lastname"]
    assert message["Subject"] == " ".join(["New SQL: Eve Bcc: victim@example.org hi", last or ""]).strip()
    assert json.loads(sync.state.read_text())["notified_sql_contacts"]["email"] == sqls
    sync.assert_token_never_shown()


def test_a_5xx_after_deals_were_created_creates_no_duplicate(sync, portal, marts):
    portal.faults.append(("POST", "/crm/v3/objects/deals/batch/create", 500, {}, "after the work"))
    code, out, err = sync("--apply")
    assert code == 0, err
    keys = sorted(p["saas_metrics_key"] for p in portal.objects["deals"].values())
    assert keys == sorted("demo-contact-%s" % d["Contact Record ID"] for d in marts["deals"])
    assert sync.sleeps == []  # all found by the search: nothing to retry
    deal_rows = [r for r in sync.log_rows() if r["object_type"] == "deal"]
    assert len(deal_rows) == len(marts["deals"]) and all(r["status"] == "ok" and r["record_id"] for r in deal_rows)


def test_new_sqls_go_to_the_slack_webhook_once(sync, portal):
    posts = []

    class Webhook(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            posts.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Webhook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = "http://127.0.0.1:%d/services/T000/B000/XXX" % server.server_address[1]
        for _ in range(2):
            code, out, err = sync("--apply", SAAS_SLACK_WEBHOOK_URL=url)
            assert code == 0, err
    finally:
        server.shutdown()
        server.server_close()
    assert len(posts) == 1
    assert posts[0]["text"].startswith("*") and "new SQLs" in posts[0]["text"]
