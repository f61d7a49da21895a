"""Convert a raw folder (the layout of docs/inputs.md) into the tables an EL
tool would have landed for the same business data (docs/warehouse_layouts.md).

    python scripts/convert_to_el_layout.py --layout fivetran|airbyte RAW_DIR OUT_DIR

Writes OUT_DIR/tables.json (per EL table: schema, name, [column, type]) and
one gzipped CSV per table (OUT_DIR/<schema>/<table>.csv.gz, a header row,
every value quoted, NULL as an empty unquoted field). scripts/load_el_layout.py creates them as real, typed
tables in PostgreSQL or a DuckDB file.

The raw rows are read exactly as the loader reads them
(scripts/load_raw_to_warehouse.py: split files unioned by name, every column
text). Then, as the EL tool would hold them:

- values are typed: timestamps (ISO 8601 or epoch seconds, the formats the
  project parses: macros/parsing.sql) become timestamps (UTC, no zone),
  integers in minor units bigint, booleans boolean, HubSpot amounts double;
- a row whose value cannot be typed (e.g. 'not a date' in a timestamp
  column, 'n/a' in an amount) or that has no primary key is not landed: an
  EL tool could not have stored it (the project rejects such a row anyway);
- one row per primary key (an EL tool upserts): the version the project's
  newest-version rule would pick among the landable rows (latest version
  column, then the later file and row);
- airbyte, Chargebee: instants as epoch seconds (bigint), an invoice's line
  items as the JSON array line_items (a line item whose invoice was not
  landed has no place to go and is not landed);
- airbyte, HubSpot: each property as properties_<internal name> (date-times
  as timestamptz, numbers double, ids text), archived false, a deal's and a
  meeting's associations as the JSON arrays contacts / companies, pipeline
  and stage labels the deal_pipelines stream (its stages a JSON array);
- fivetran, HubSpot: the ';'-separated association columns become link tables
  (deal_contact, deal_company, engagement_contact), pipeline and stage
  labels the deal_pipeline and deal_pipeline_stage tables.

Sources without a public connector schema (marketing, surveys, reference)
stay in the loader layout: they are not converted. Every row not landed is
counted in the summary printed at the end (and in tables.json, `dropped`).
Deterministic: the same input gives byte-identical output.
"""

import argparse
import datetime
import gzip
import io
import json
import os
import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import duckdb

from saas_metrics import loader

EPOCH = re.compile(r"[0-9]{1,11}")
ISO = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.]([0-9]+))?)?)?"
                 r"(?:Z|[+-]00(?::?00)?)?")
INTEGER = re.compile(r"[+-]?0*[0-9]{1,15}")
DECIMAL = re.compile(r"[+-]?(0*[0-9]{1,15}([.][0-9]*)?|[.][0-9]+)")
SYNCED = datetime.datetime(2025, 1, 2, 0, 0, 0)


class Untypable(Exception):
    pass


def text(value):
    value = None if value is None else value.strip()
    return value or None


def to_timestamp(value):
    value = text(value)
    if value is None:
        return None
    if EPOCH.fullmatch(value):
        return datetime.datetime.fromtimestamp(int(value), datetime.timezone.utc).replace(tzinfo=None)
    match = ISO.fullmatch(value)
    if not match:
        raise Untypable(value)
    date, hour, minute, second, fraction = match.groups()
    try:
        day = datetime.date.fromisoformat(date)
        return datetime.datetime(day.year, day.month, day.day, int(hour or 0), int(minute or 0), int(second or 0),
                                 int((fraction or "0")[:6].ljust(6, "0")))
    except ValueError:
        raise Untypable(value) from None


def to_bigint(value):
    value = text(value)
    if value is None:
        return None
    if not INTEGER.fullmatch(value):
        raise Untypable(value)
    return int(value)


def to_double(value):
    value = text(value)
    if value is None:
        return None
    if not DECIMAL.fullmatch(value):
        raise Untypable(value)
    try:
        return Decimal(value)
    except InvalidOperation:
        raise Untypable(value) from None


def to_boolean(value):
    value = text(value)
    if value is None:
        return None
    if value.lower() not in ("true", "false"):
        raise Untypable(value)
    return value.lower() == "true"


def to_timestamptz(value):
    """An instant in UTC, written with its offset (+00:00): a column with a
    time zone (Airbyte's typed date-time) reads it as that instant whatever
    the session's time zone."""
    instant = to_timestamp(value)
    return None if instant is None else instant.replace(tzinfo=datetime.timezone.utc)


CONVERT = {"text": text, "timestamp": to_timestamp, "timestamptz": to_timestamptz, "bigint": to_bigint,
           "double": to_double, "boolean": to_boolean}


def read_raw(raw_dir):
    """{loader identifier: [row dict]} of every source with files."""
    reader = duckdb.connect()
    tables = {}
    for identifier, relation, _columns in loader.raw_relations(reader, os.path.abspath(raw_dir)):
        if relation is None:
            tables[identifier] = []
            continue
        names = relation.columns
        tables[identifier] = [dict(zip(names, row)) for row in relation.fetchall()]
    return tables


class Table:
    def __init__(self, schema, name, columns):
        self.schema, self.name, self.columns = schema, name, columns
        self.rows = []


class Converter:
    def __init__(self, raw):
        self.raw = raw
        self.tables = {}
        self.dropped = {}

    def table(self, schema, name, columns):
        self.tables[(schema, name)] = Table(schema, name, columns)
        return self.tables[(schema, name)]

    def latest(self, identifier, key_column, version_column, mapping):
        """One typed row per key: mapping is [(el column, type, raw column or
        callable)]; the newest landable version of each key."""
        chosen = {}
        for row in self.raw.get(identifier, []):
            try:
                typed = {}
                for column, kind, raw_column in mapping:
                    value = raw_column(row) if callable(raw_column) else row.get(raw_column)
                    typed[column] = CONVERT[kind](value) if kind in CONVERT else value
                key = text(row.get(key_column))
                if key is None:
                    raise Untypable("no primary key")
                version = to_timestamp(row.get(version_column)) if version_column else None
            except Untypable:
                self.dropped[identifier] = self.dropped.get(identifier, 0) + 1
                continue
            order = (version is not None, version or datetime.datetime.min, row["_source_file"], row["_row_number"])
            if key in chosen:
                self.dropped[identifier] = self.dropped.get(identifier, 0) + 1
                if order <= chosen[key][0]:
                    continue
            chosen[key] = (order, typed, row)
        return [(typed, row) for _, typed, row in sorted(chosen.values(), key=lambda item: item[0][2:])]

    def fill(self, table, rows):
        for typed, _ in rows:
            table.rows.append(tuple(typed.get(column) for column, _ in table.columns))


def columns_of(mapping, extra=()):
    return [(column, kind) for column, kind, _ in mapping] + list(extra)


FIVETRAN_SYSTEM_COLUMNS = [("_fivetran_deleted", "boolean"), ("_fivetran_synced", "timestamp")]


def fivetran_fill(converter, schema, name, identifier, key, version, mapping):
    table = converter.table(schema, name, columns_of(mapping, FIVETRAN_SYSTEM_COLUMNS))
    rows = converter.latest(identifier, key, version, mapping)
    for typed, _ in rows:
        typed.update({"_fivetran_deleted": False, "_fivetran_synced": SYNCED})
    converter.fill(table, rows)
    return rows


def fivetran_chargebee(converter):
    timestamp = "timestamp"
    fivetran_fill(converter, "chargebee", "customer", "billing__customers", "id", "updated_at", [
        ("id", "text", "id"), ("email", "text", "email"), ("first_name", "text", "first_name"),
        ("last_name", "text", "last_name"), ("company", "text", "company"),
        ("created_at", timestamp, "created_at"), ("updated_at", timestamp, "updated_at"),
        ("deleted", "boolean", "deleted")])
    fivetran_fill(converter, "chargebee", "subscription", "billing__subscriptions", "id", "updated_at", [
        ("id", "text", "id"), ("customer_id", "text", "customer_id"), ("plan_id", "text", "plan_id"),
        ("plan_quantity", "bigint", "plan_quantity"), ("plan_unit_price", "bigint", "plan_unit_price"),
        ("currency_code", "text", "currency_code"), ("billing_period", "bigint", "billing_period"),
        ("billing_period_unit", "text", "billing_period_unit"), ("status", "text", "status"),
        ("created_at", timestamp, "created_at"), ("started_at", timestamp, "started_at"),
        ("activated_at", timestamp, "activated_at"), ("trial_start", timestamp, "trial_start"),
        ("trial_end", timestamp, "trial_end"), ("current_term_start", timestamp, "current_term_start"),
        ("current_term_end", timestamp, "current_term_end"), ("cancelled_at", timestamp, "cancelled_at"),
        ("cancel_reason", "text", "cancel_reason"), ("updated_at", timestamp, "updated_at")])
    fivetran_fill(converter, "chargebee", "invoice", "billing__invoices", "id", "updated_at", [
        ("id", "text", "id"), ("customer_id", "text", "customer_id"), ("subscription_id", "text", "subscription_id"),
        ("status", "text", "status"), ("date", timestamp, "date"), ("due_date", timestamp, "due_date"),
        ("paid_at", timestamp, "paid_at"), ("currency_code", "text", "currency_code"),
        ("sub_total", "bigint", "sub_total"), ("tax", "bigint", "tax"), ("total", "bigint", "total"),
        ("amount_paid", "bigint", "amount_paid"), ("amount_due", "bigint", "amount_due"),
        ("recurring", "boolean", "recurring"), ("updated_at", timestamp, "updated_at")])
    fivetran_fill(converter, "chargebee", "invoice_line_item", "billing__invoice_line_items", "id", None, [
        ("id", "text", "id"), ("invoice_id", "text", "invoice_id"), ("subscription_id", "text", "subscription_id"),
        ("customer_id", "text", "customer_id"), ("date_from", timestamp, "date_from"),
        ("date_to", timestamp, "date_to"), ("entity_type", "text", "entity_type"),
        ("entity_id", "text", "entity_id"), ("description", "text", "description"),
        ("unit_amount", "bigint", "unit_amount"), ("quantity", "bigint", "quantity"), ("amount", "bigint", "amount"),
        ("discount_amount", "bigint", "discount_amount"), ("tax_amount", "bigint", "tax_amount")])


def slug(value):
    return re.sub(r"[^a-z0-9]+", "", value.lower()) or "blank"


def split_ids(value):
    parts = []
    for part in (text(value) or "").split(";"):
        part = part.strip()
        if part:
            parts.append(to_bigint(part))
    return parts


def fivetran_hubspot(converter):
    timestamp = "timestamp"
    stage_dates = [
        ("subscriber", "Became a Subscriber Date"), ("lead", "Became a Lead Date"),
        ("marketingqualifiedlead", "Became a Marketing Qualified Lead Date"),
        ("salesqualifiedlead", "Became a Sales Qualified Lead Date"),
        ("opportunity", "Became an Opportunity Date"), ("customer", "Became a Customer Date"),
        ("evangelist", "Became an Evangelist Date")]
    fivetran_fill(converter, "hubspot", "contact", "crm__contacts", "Record ID", "Last Modified Date", [
        ("id", "bigint", "Record ID"), ("property_firstname", "text", "First Name"),
        ("property_lastname", "text", "Last Name"), ("property_email", "text", "Email"),
        ("property_associatedcompanyid", "bigint", "Associated Company ID"),
        ("property_createdate", timestamp, "Create Date"),
        ("property_lastmodifieddate", timestamp, "Last Modified Date"),
        ("property_lifecyclestage", "text", "Lifecycle Stage"), ("property_hs_lead_status", "text", "Lead Status"),
        ("property_hs_analytics_source", "text", "Original Source"),
        ("property_hs_analytics_source_data_1", "text", "Original Source Drill-Down 1"),
        ("property_hs_analytics_source_data_2", "text", "Original Source Drill-Down 2")]
        + [("property_hs_lifecyclestage_%s_date" % stage, timestamp, column) for stage, column in stage_dates])
    companies = [
        ("id", "bigint", "Record ID"), ("property_name", "text", "Company name"),
        ("property_domain", "text", "Company Domain Name"), ("property_industry", "text", "Industry"),
        ("property_country", "text", "Country/Region"),
        ("property_numberofemployees", "bigint", "Number of Employees"),
        ("property_lifecyclestage", "text", "Lifecycle Stage"), ("property_createdate", timestamp, "Create Date"),
        ("property_hs_lastmodifieddate", timestamp, "Last Modified Date")]
    table = converter.table("hubspot", "company", columns_of(companies, [("is_deleted", "boolean"),
                                                                          ("_fivetran_synced", "timestamp")]))
    rows = converter.latest("crm__companies", "Record ID", "Last Modified Date", companies)
    for typed, _ in rows:
        typed.update({"is_deleted": False, "_fivetran_synced": SYNCED})
    converter.fill(table, rows)

    deals = [
        ("deal_id", "bigint", "Record ID"), ("property_dealname", "text", "Deal Name"),
        ("deal_pipeline_id", "text",
         lambda row: slug(text(row.get("Pipeline")) or "") if text(row.get("Pipeline")) else None),
        ("deal_pipeline_stage_id", "text",
         lambda row: slug(text(row.get("Deal Stage"))) if text(row.get("Deal Stage")) else None),
        ("property_amount", "double", "Amount"), ("property_createdate", timestamp, "Create Date"),
        ("property_closedate", timestamp, "Close Date"),
        ("property_hs_lastmodifieddate", timestamp, "Last Modified Date"),
        ("_contacts", "ids", lambda row: split_ids(row.get("Associated Contact IDs"))),
        ("_companies", "ids", lambda row: split_ids(row.get("Associated Company IDs")))]
    deal_columns = [(c, k) for c, k, _ in deals if not c.startswith("_")]
    table = converter.table("hubspot", "deal",
                            deal_columns + [("is_deleted", "boolean"), ("_fivetran_synced", "timestamp")])
    rows = converter.latest("crm__deals", "Record ID", "Last Modified Date", deals)
    pipelines, stages = {}, {}
    deal_contact = converter.table("hubspot", "deal_contact", [("deal_id", "bigint"), ("contact_id", "bigint"),
                                                              ("type_id", "bigint"), ("category", "text")])
    deal_company = converter.table("hubspot", "deal_company", [("deal_id", "bigint"), ("company_id", "bigint"),
                                                              ("type_id", "bigint"), ("category", "text")])
    for typed, row in rows:
        typed.update({"is_deleted": False, "_fivetran_synced": SYNCED})
        if typed["deal_pipeline_id"]:
            pipelines[typed["deal_pipeline_id"]] = text(row["Pipeline"])
        if typed["deal_pipeline_stage_id"]:
            stages[(typed["deal_pipeline_stage_id"], typed["deal_pipeline_id"])] = text(row["Deal Stage"])
        for contact_id in sorted(set(typed["_contacts"])):
            deal_contact.rows.append((typed["deal_id"], contact_id, 3, "HUBSPOT_DEFINED"))
        for company_id in sorted(set(typed["_companies"])):
            deal_company.rows.append((typed["deal_id"], company_id, 5, "HUBSPOT_DEFINED"))
    converter.fill(table, rows)
    pipeline = converter.table("hubspot", "deal_pipeline", [("pipeline_id", "text"), ("label", "text"),
                                                           ("_fivetran_deleted", "boolean")])
    pipeline.rows = [(key, label, False) for key, label in sorted(pipelines.items())]
    stage = converter.table("hubspot", "deal_pipeline_stage", [("stage_id", "text"), ("pipeline_id", "text"),
                                                              ("label", "text"), ("_fivetran_deleted", "boolean")])
    stage.rows = [(key, pipeline_id, label, False)
                  for (key, pipeline_id), label in sorted(stages.items(),
                                                          key=lambda item: (item[0][0], item[0][1] or ""))]

    meetings = [
        ("id", "bigint", "Record ID"), ("property_hs_meeting_title", "text", "Meeting Name"),
        ("property_hs_meeting_start_time", timestamp, "Meeting Start Time"),
        ("property_hs_createdate", timestamp, "Create Date"),
        ("property_hs_meeting_outcome", "text", "Meeting Outcome"),
        ("_contacts", "ids", lambda row: split_ids(row.get("Associated Contact IDs")))]
    rows = converter.latest("crm__meetings", "Record ID", None, meetings)
    engagement = converter.table("hubspot", "engagement", [
        ("id", "bigint"), ("type", "text"), ("created_at", timestamp),
        ("timestamp", timestamp), ("_fivetran_synced", timestamp)])
    meeting = converter.table("hubspot", "engagement_meeting", [
        ("engagement_id", "bigint"), ("type", "text"), ("property_hs_meeting_title", "text"),
        ("property_hs_meeting_start_time", timestamp), ("property_hs_createdate", timestamp),
        ("property_hs_timestamp", timestamp), ("property_hs_meeting_outcome", "text"),
        ("_fivetran_deleted", "boolean"), ("_fivetran_synced", timestamp)])
    engagement_contact = converter.table("hubspot", "engagement_contact", [
        ("engagement_id", "bigint"), ("contact_id", "bigint"), ("category", "text"), ("_fivetran_synced", timestamp)])
    for typed, _ in rows:
        engagement.rows.append((typed["id"], "MEETING", typed["property_hs_createdate"],
                                typed["property_hs_meeting_start_time"], SYNCED))
        meeting.rows.append((typed["id"], "MEETING", typed["property_hs_meeting_title"],
                             typed["property_hs_meeting_start_time"], typed["property_hs_createdate"],
                             typed["property_hs_meeting_start_time"], typed["property_hs_meeting_outcome"],
                             False, SYNCED))
        for contact_id in sorted(set(typed["_contacts"])):
            engagement_contact.rows.append((typed["id"], contact_id, "HUBSPOT_DEFINED", SYNCED))


def fivetran_segment(converter):
    timestamp = "timestamp"
    fivetran_fill(converter, "segment", "pages", "events__pages", "id", None, [
        ("id", "text", "id"), ("anonymous_id", "text", "anonymous_id"), ("user_id", "text", "user_id"),
        ("timestamp", timestamp, "timestamp"), ("path", "text", "path"), ("url", "text", "url"),
        ("referrer", "text", "referrer"), ("title", "text", "title"),
        ("context_campaign_source", "text", "context_campaign_source"),
        ("context_campaign_medium", "text", "context_campaign_medium"),
        ("context_campaign_name", "text", "context_campaign_name")])
    fivetran_fill(converter, "segment", "tracks", "events__tracks", "id", None, [
        ("id", "text", "id"), ("anonymous_id", "text", "anonymous_id"), ("user_id", "text", "user_id"),
        ("event", "text", "event"), ("event_text", "text", "event_text"), ("timestamp", timestamp, "timestamp")])
    fivetran_fill(converter, "segment", "identifies", "events__identifies", "id", None, [
        ("id", "text", "id"), ("anonymous_id", "text", "anonymous_id"), ("user_id", "text", "user_id"),
        ("email", "text", "email"), ("timestamp", timestamp, "timestamp")])


AIRBYTE_SYSTEM_COLUMNS = [("_airbyte_raw_id", "text"), ("_airbyte_extracted_at", "timestamp")]


def epoch(value):
    """Chargebee's API (and so Airbyte's streams) gives instants as epoch seconds."""
    instant = to_timestamp(value)
    if instant is None:
        return None
    return str(int(instant.replace(tzinfo=datetime.timezone.utc).timestamp()))


def airbyte_fill(converter, schema, name, identifier, key, version, mapping, extra_columns=()):
    table = converter.table(schema, name, columns_of(mapping, list(extra_columns) + AIRBYTE_SYSTEM_COLUMNS))
    rows = converter.latest(identifier, key, version, mapping)
    for typed, _ in rows:
        typed.update({"_airbyte_raw_id": "%s-%s" % (name, typed[key if key in typed else "id"]),
                      "_airbyte_extracted_at": SYNCED})
    return table, rows


def airbyte_chargebee(converter):
    """Airbyte's source-chargebee streams customer, subscription and invoice
    (schemas/*.json): instants as integers (epoch seconds), amounts as
    integers in minor units, an invoice's line items as the JSON array
    line_items."""
    def at(column):
        return lambda row: epoch(row.get(column))

    table, rows = airbyte_fill(converter, "chargebee", "customer", "billing__customers", "id", "updated_at", [
        ("id", "text", "id"), ("email", "text", "email"), ("first_name", "text", "first_name"),
        ("last_name", "text", "last_name"), ("company", "text", "company"),
        ("created_at", "bigint", at("created_at")), ("updated_at", "bigint", at("updated_at")),
        ("deleted", "boolean", "deleted")])
    converter.fill(table, rows)
    table, rows = airbyte_fill(converter, "chargebee", "subscription", "billing__subscriptions", "id", "updated_at", [
        ("id", "text", "id"), ("customer_id", "text", "customer_id"), ("plan_id", "text", "plan_id"),
        ("plan_quantity", "bigint", "plan_quantity"), ("plan_unit_price", "bigint", "plan_unit_price"),
        ("currency_code", "text", "currency_code"), ("billing_period", "bigint", "billing_period"),
        ("billing_period_unit", "text", "billing_period_unit"), ("status", "text", "status")]
        + [(column, "bigint", at(column)) for column in (
            "created_at", "started_at", "activated_at", "trial_start", "trial_end", "current_term_start",
            "current_term_end", "cancelled_at")]
        + [("cancel_reason", "text", "cancel_reason"), ("updated_at", "bigint", at("updated_at"))])
    converter.fill(table, rows)
    line_item_fields = [
        ("id", "text", "id"), ("subscription_id", "text", "subscription_id"), ("customer_id", "text", "customer_id"),
        ("date_from", "bigint", at("date_from")), ("date_to", "bigint", at("date_to")),
        ("entity_type", "text", "entity_type"), ("entity_id", "text", "entity_id"),
        ("description", "text", "description"), ("unit_amount", "bigint", "unit_amount"),
        ("quantity", "bigint", "quantity"), ("amount", "bigint", "amount"),
        ("discount_amount", "bigint", "discount_amount"), ("tax_amount", "bigint", "tax_amount"),
        ("_invoice_id", "text", "invoice_id")]
    line_items = {}
    for typed, _ in converter.latest("billing__invoice_line_items", "id", None, line_item_fields):
        invoice_id = typed.pop("_invoice_id")
        line_items.setdefault(invoice_id, []).append({k: v for k, v in typed.items() if v is not None})
    table, rows = airbyte_fill(converter, "chargebee", "invoice", "billing__invoices", "id", "updated_at", [
        ("id", "text", "id"), ("customer_id", "text", "customer_id"), ("subscription_id", "text", "subscription_id"),
        ("status", "text", "status"), ("date", "bigint", at("date")), ("due_date", "bigint", at("due_date")),
        ("paid_at", "bigint", at("paid_at")), ("currency_code", "text", "currency_code"),
        ("sub_total", "bigint", "sub_total"), ("tax", "bigint", "tax"), ("total", "bigint", "total"),
        ("amount_paid", "bigint", "amount_paid"), ("amount_due", "bigint", "amount_due"),
        ("recurring", "boolean", "recurring"), ("updated_at", "bigint", at("updated_at"))],
        extra_columns=[("line_items", "json")])
    landed_invoices = set()
    for typed, _ in rows:
        landed_invoices.add(typed["id"])
        typed["line_items"] = json.dumps(line_items.get(typed["id"], []), separators=(",", ":"))
    orphans = sum(len(items) for invoice_id, items in line_items.items() if invoice_id not in landed_invoices)
    if orphans:
        dropped = converter.dropped
        dropped["billing__invoice_line_items"] = dropped.get("billing__invoice_line_items", 0) + orphans
    converter.fill(table, rows)


def airbyte_hubspot(converter):
    """Airbyte's source-hubspot streams contacts, companies, deals,
    deal_pipelines and engagements_meetings (schemas/*.json and the
    connector's ERD, erd/source.dbml): HubSpot's properties flattened as
    properties_<internal name> (date-times as timestamptz, HubSpot numbers as
    JSON numbers: double), ids as strings, archived, and the associations as
    JSON arrays (deals: companies and contacts of integers; meetings:
    contacts of strings)."""
    tz = "timestamptz"

    def json_array(values):
        return json.dumps(values, separators=(",", ":"))

    def text_ids(value):
        ids = []
        for part in (text(value) or "").split(";"):
            part = part.strip()
            if part and part not in ids:
                ids.append(part)
        return sorted(ids, key=lambda part: (len(part), part))

    stage_dates = [
        ("subscriber", "Became a Subscriber Date"), ("lead", "Became a Lead Date"),
        ("marketingqualifiedlead", "Became a Marketing Qualified Lead Date"),
        ("salesqualifiedlead", "Became a Sales Qualified Lead Date"),
        ("opportunity", "Became an Opportunity Date"), ("customer", "Became a Customer Date"),
        ("evangelist", "Became an Evangelist Date")]
    table, rows = airbyte_fill(converter, "hubspot", "contacts", "crm__contacts", "Record ID", "Last Modified Date",
                               [
        ("id", "text", "Record ID"), ("properties_firstname", "text", "First Name"),
        ("properties_lastname", "text", "Last Name"), ("properties_email", "text", "Email"),
        ("properties_associatedcompanyid", "double", "Associated Company ID"),
        ("properties_createdate", tz, "Create Date"), ("properties_lastmodifieddate", tz, "Last Modified Date"),
        ("properties_lifecyclestage", "text", "Lifecycle Stage"),
        ("properties_hs_lead_status", "text", "Lead Status"),
        ("properties_hs_analytics_source", "text", "Original Source"),
        ("properties_hs_analytics_source_data_1", "text", "Original Source Drill-Down 1"),
        ("properties_hs_analytics_source_data_2", "text", "Original Source Drill-Down 2")]
        + [("properties_hs_lifecyclestage_%s_date" % stage, tz, column) for stage, column in stage_dates]
        + [("createdAt", tz, "Create Date"), ("updatedAt", tz, "Last Modified Date")],
        extra_columns=[("archived", "boolean")])
    for typed, _ in rows:
        typed["archived"] = False
    converter.fill(table, rows)

    table, rows = airbyte_fill(converter, "hubspot", "companies", "crm__companies", "Record ID", "Last Modified Date", [
        ("id", "text", "Record ID"), ("properties_name", "text", "Company name"),
        ("properties_domain", "text", "Company Domain Name"), ("properties_industry", "text", "Industry"),
        ("properties_country", "text", "Country/Region"),
        ("properties_numberofemployees", "double", "Number of Employees"),
        ("properties_lifecyclestage", "text", "Lifecycle Stage"), ("properties_createdate", tz, "Create Date"),
        ("properties_hs_lastmodifieddate", tz, "Last Modified Date"),
        ("createdAt", tz, "Create Date"), ("updatedAt", tz, "Last Modified Date")],
        extra_columns=[("archived", "boolean")])
    for typed, _ in rows:
        typed["archived"] = False
    converter.fill(table, rows)

    def label_id(column):
        return lambda row: slug(text(row.get(column))) if text(row.get(column)) else None

    table, rows = airbyte_fill(converter, "hubspot", "deals", "crm__deals", "Record ID", "Last Modified Date", [
        ("id", "text", "Record ID"), ("properties_dealname", "text", "Deal Name"),
        ("properties_pipeline", "text", label_id("Pipeline")), ("properties_dealstage", "text", label_id("Deal Stage")),
        ("properties_amount", "double", "Amount"), ("properties_createdate", tz, "Create Date"),
        ("properties_closedate", tz, "Close Date"), ("properties_hs_lastmodifieddate", tz, "Last Modified Date"),
        ("createdAt", tz, "Create Date"), ("updatedAt", tz, "Last Modified Date"),
        ("contacts", "json", lambda row: json_array(sorted(set(split_ids(row.get("Associated Contact IDs")))))),
        ("companies", "json", lambda row: json_array(sorted(set(split_ids(row.get("Associated Company IDs"))))))],
        extra_columns=[("archived", "boolean")])
    pipelines, stages = {}, {}
    for typed, row in rows:
        typed["archived"] = False
        if typed["properties_pipeline"]:
            pipelines[typed["properties_pipeline"]] = text(row["Pipeline"])
        if typed["properties_dealstage"]:
            stages[(typed["properties_dealstage"], typed["properties_pipeline"])] = text(row["Deal Stage"])
    converter.fill(table, rows)
    # one row per pipeline, its stages a JSON array (a stage of a deal with no
    # pipeline has no pipeline to be listed in: the adapter shows its id)
    pipeline_table = converter.table("hubspot", "deal_pipelines", [
        ("pipelineId", "text"), ("label", "text"), ("active", "boolean"), ("stages", "json")]
        + AIRBYTE_SYSTEM_COLUMNS)
    for pipeline_id, label in sorted(pipelines.items()):
        pipeline_stages = [{"stageId": stage_id, "label": stage_label, "active": True}
                           for (stage_id, stage_pipeline), stage_label in sorted(stages.items(), key=lambda i: i[0][0])
                           if stage_pipeline == pipeline_id]
        pipeline_table.rows.append((pipeline_id, label, True, json_array(pipeline_stages),
                                    "deal_pipelines-%s" % pipeline_id, SYNCED))

    table, rows = airbyte_fill(converter, "hubspot", "engagements_meetings", "crm__meetings", "Record ID", None, [
        ("id", "text", "Record ID"), ("properties_hs_meeting_title", "text", "Meeting Name"),
        ("properties_hs_meeting_start_time", tz, "Meeting Start Time"),
        ("properties_hs_timestamp", tz, "Meeting Start Time"),
        ("properties_hs_createdate", tz, "Create Date"),
        ("properties_hs_meeting_outcome", "text", "Meeting Outcome"), ("createdAt", tz, "Create Date"),
        ("contacts", "json", lambda row: json_array(text_ids(row.get("Associated Contact IDs"))))],
        extra_columns=[("archived", "boolean")])
    for typed, _ in rows:
        typed["archived"] = False
    converter.fill(table, rows)


LAYOUTS = {"fivetran": [fivetran_chargebee, fivetran_hubspot, fivetran_segment],
           "airbyte": [airbyte_chargebee, airbyte_hubspot]}


def csv_value(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def write(converter, out_dir):
    out_dir = Path(out_dir)
    manifest = {"tables": [], "dropped": dict(sorted(converter.dropped.items()))}
    for (schema, name), table in sorted(converter.tables.items()):
        path = out_dir / schema / (name + ".csv.gz")
        path.parent.mkdir(parents=True, exist_ok=True)
        # mtime 0: the same input gives byte-identical files
        with gzip.GzipFile(path, "wb", mtime=0) as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as handle:
            handle.write(",".join(column for column, _ in table.columns) + "\n")
            for row in table.rows:
                fields = []
                for value in map(csv_value, row):
                    if value is None:
                        fields.append("")
                    else:
                        fields.append('"' + value.replace('"', '""') + '"')
                handle.write(",".join(fields) + "\n")
        manifest["tables"].append({"schema": schema, "name": name, "file": "%s/%s.csv.gz" % (schema, name),
                                   "rows": len(table.rows), "columns": [list(c) for c in table.columns]})
    (out_dir / "tables.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("raw_dir")
    parser.add_argument("out_dir")
    parser.add_argument("--layout", default="fivetran", choices=sorted(LAYOUTS))
    args = parser.parse_args(argv)
    converter = Converter(read_raw(args.raw_dir))
    for step in LAYOUTS[args.layout]:
        step(converter)
    manifest = write(converter, args.out_dir)
    for table in manifest["tables"]:
        print("%-32s %8d rows" % (table["schema"] + "." + table["name"], table["rows"]))
    for identifier, count in manifest["dropped"].items():
        print("not landed (untypable, no key, older version): %-28s %6d rows" % (identifier, count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
