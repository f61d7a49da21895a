"""Expectation suites of the raw exports (docs/inputs.md).

One suite per source (`raw.<system>.<table>`, a batch = every file of the
source, all columns read as text) and one suite `raw.files` over the file
inventory (one row per file: which required columns its header lacks, whether
it could be read).

The raw files describe healthy exports, not perfect ones: the project rejects
a few malformed rows into audit.rejected_rows on purpose. So every value
check tolerates a small share of bad rows (`mostly`, see `mostly()`), while a
really broken file still fails: a required column missing from a file, most
values unparseable, a source that must have rows but has none.

A check on text is a regular expression (the same formats the base staging
models parse); allowed values compare case-insensitively, as staging does.
"""
import csv
import re
from dataclasses import dataclass
from pathlib import Path

import great_expectations.expectations as gxe

from saas_metrics.paths import PROJECT_ROOT

SEEDS = PROJECT_ROOT / "seeds" / "reference"

# Tolerance for bad rows: a share of the rows, or MIN_BAD_ROWS rows when that
# is more (in a 60-row file, 2 bad rows are a few bad rows, not a broken
# file), never more than MAX_BAD_SHARE.
KEY_BAD_SHARE = 0.01      # ids and keys: present for >= 99 % of the rows
VALUE_BAD_SHARE = 0.02    # parseable values, allowed values, ranges: >= 98 %
MIN_BAD_ROWS = 3
MAX_BAD_SHARE = 0.5
SEGMENT_MAX_DUPLICATE_SHARE = 0.10   # at-least-once delivery: duplicated ids
MAX_ROWS = 50_000_000     # beyond this a raw source is implausible for one company


def mostly(n_rows, bad_share):
    """Share of rows that must pass: 1 - max(bad_share, MIN_BAD_ROWS / rows), at least 1 - MAX_BAD_SHARE."""
    if n_rows <= 0:
        return 1.0
    tolerated = min(MAX_BAD_SHARE, max(bad_share, MIN_BAD_ROWS / n_rows))
    return round(1.0 - tolerated, 6)


# ---------------------------------------------------------------- formats --

def _full(pattern):
    """Whole value (surrounding spaces allowed: staging trims)."""
    return r"^\s*(?:" + pattern + r")\s*$"


_DATE = r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
_TIME = r"(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?)?(?:Z|[+-]00(?::?00)?)?"


@dataclass(frozen=True)
class Format:
    regex: str
    rule: str


TIMESTAMP = Format(_full(_DATE + _TIME + r"|\d{9,10}"),
                   "a UTC timestamp: ISO 8601 date or date-time in 1900-2099, or Unix epoch seconds (1973-2286)")
MONTH = Format(_full(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])"), "a month YYYY-MM")
INTEGER = Format(_full(r"[+-]?\d+"), "a whole number (minor units)")
NON_NEGATIVE_INTEGER = Format(_full(r"\+?\d+"), "a whole number >= 0")
POSITIVE_INTEGER = Format(_full(r"\+?0*[1-9]\d*"), "a whole number >= 1")
DECIMAL = Format(_full(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"), "a decimal number (major units, no thousands separator)")
NON_NEGATIVE_DECIMAL = Format(_full(r"\+?(?:\d+(?:\.\d*)?|\.\d+)"), "a decimal number >= 0")
POSITIVE_DECIMAL = Format(_full(r"\+?(?:\d*[1-9]\d*(?:\.\d*)?|\d*\.\d*[1-9]\d*)"), "a decimal number > 0")
BOOLEAN = Format(_full(r"(?i:true|false)"), "true or false (any case)")
EMAIL = Format(_full(r"[^@\s]+@[^@\s]+\.[^@\s]+"), "an email address")
HUBSPOT_ID = Format(_full(r"\d+"), "a HubSpot Record ID (digits)")
HUBSPOT_ID_LIST = Format(_full(r"\d+(?:\s*;\s*\d+)*"), "HubSpot Record IDs separated by ';'")
NPS_SCORE = Format(_full(r"\+?0*(?:10|\d)"), "an NPS score, a whole number 0 to 10")
SNAKE_CASE = Format(_full(r"[a-z][a-z0-9_]*"), "a snake_case event name")
URL_PATH = Format(_full(r"/\S*"), "a URL path starting with /")
URL = Format(_full(r"(?i:https?)://\S+"), "an http(s) URL")


def one_of(values, what):
    """Allowed values, compared trimmed and case-insensitively."""
    values = sorted({v.strip() for v in values if v and v.strip()}, key=str.lower)
    return Format(_full("(?i:" + "|".join(re.escape(v) for v in values) + ")"),
                  "%s: one of %s (any case)" % (what, ", ".join(values)))


def _seed(name):
    with open(SEEDS / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _hubspot_values(prop):
    return [row["value"] for row in _seed("hubspot_values.csv") if row["property"] == prop]


def _lifecycle_stage_values():
    # HubSpot's standard stages (seed hubspot_values) and the funnel's own
    # stages as the project writes them back (seed lifecycle_stages).
    values = _hubspot_values("lifecycle_stage")
    for row in _seed("lifecycle_stages.csv"):
        values += [row["lifecycle_stage"], row["hubspot_value"], row["hubspot_label"]]
    return values


CURRENCY = one_of([row["currency_code"] for row in _seed("currencies.csv")],
                  "a currency of seed currencies")


# ---------------------------------------------------------------- sources --

@dataclass(frozen=True)
class Col:
    name: str
    format: Format = None
    required: bool = False       # the header must have it (else it is null, as in staging)
    present: str = None          # 'key' or 'value': not null for most rows


@dataclass(frozen=True)
class RawSource:
    name: str                    # e.g. billing.customers (as audit.source_reconciliation)
    folder: str
    table: str
    columns: tuple
    min_rows: int = 1            # plausible volume: a source the metrics need has rows
    optional: bool = False       # the files may be absent (reference/fx_rates)
    unique_within_file: tuple = ()   # a record appears once per file (snapshot exports)
    unique_rows: tuple = ()          # no repeated row for these columns
    max_duplicate_id_share: float = None   # Segment: at-least-once delivery

    @property
    def pattern(self):
        return "%s/%s*.csv" % (self.folder, self.table)

    @property
    def suite_name(self):
        return "raw." + self.name

    @property
    def required_columns(self):
        return [c.name for c in self.columns if c.required]

    def files(self, raw_dir):
        # as the sources' external_location: the extension in any case (.CSV)
        return sorted(Path(raw_dir).glob("%s/%s*.[cC][sS][vV]" % (self.folder, self.table)))


def _ts(name, required=False, present=None):
    return Col(name, TIMESTAMP, required, present)


RAW_SOURCES = (
    RawSource("billing.customers", "billing", "customers", (
        Col("id", None, True, "key"),
        Col("email", EMAIL, True),
        Col("first_name"), Col("last_name"), Col("company"),
        _ts("created_at", True, "value"), _ts("updated_at"),
        Col("deleted", BOOLEAN),
    ), unique_within_file=("id",)),
    RawSource("billing.subscriptions", "billing", "subscriptions", (
        Col("id", None, True, "key"),
        Col("customer_id", None, True, "key"),
        Col("plan_id"),
        Col("plan_quantity", NON_NEGATIVE_INTEGER),
        Col("plan_unit_price", NON_NEGATIVE_INTEGER),
        Col("currency_code", CURRENCY),
        Col("billing_period", POSITIVE_INTEGER, True, "value"),
        Col("billing_period_unit", one_of(["week", "month", "year"], "billing period unit"), True, "value"),
        Col("status", one_of(["future", "in_trial", "active", "non_renewing", "paused", "cancelled"],
                             "subscription status"), True, "value"),
        _ts("created_at"), _ts("started_at"), _ts("activated_at"), _ts("trial_start"), _ts("trial_end"),
        _ts("current_term_start"), _ts("current_term_end"), _ts("cancelled_at", True),
        Col("cancel_reason"),
        _ts("updated_at", True, "value"),
    ), unique_within_file=("id",)),
    RawSource("billing.invoices", "billing", "invoices", (
        Col("id", None, True, "key"),
        Col("customer_id", None, True, "key"),
        Col("subscription_id"),
        Col("status", one_of(["paid", "posted", "payment_due", "not_paid", "voided", "pending"],
                             "invoice status"), True, "value"),
        _ts("date", True, "value"), _ts("due_date"), _ts("paid_at"),
        Col("currency_code", CURRENCY, True, "value"),
        Col("sub_total", NON_NEGATIVE_INTEGER), Col("tax", NON_NEGATIVE_INTEGER),
        Col("total", NON_NEGATIVE_INTEGER), Col("amount_paid", NON_NEGATIVE_INTEGER),
        Col("amount_due", NON_NEGATIVE_INTEGER),
        Col("recurring", BOOLEAN),
        _ts("updated_at", True),
    ), unique_within_file=("id",)),
    RawSource("billing.invoice_line_items", "billing", "invoice_line_items", (
        Col("id", None, True, "key"),
        Col("invoice_id", None, True, "key"),
        Col("subscription_id", None, True),
        Col("customer_id"),
        _ts("date_from", True, "value"), _ts("date_to", True, "value"),
        Col("entity_type", one_of(["plan_item_price", "addon_item_price", "charge_item_price", "plan", "addon",
                                   "adhoc"], "line item entity type"), True, "value"),
        Col("entity_id"), Col("description"),
        Col("unit_amount", INTEGER), Col("quantity", NON_NEGATIVE_INTEGER),
        Col("amount", NON_NEGATIVE_INTEGER, True, "value"),
        Col("discount_amount", NON_NEGATIVE_INTEGER), Col("tax_amount", NON_NEGATIVE_INTEGER),
    ), unique_within_file=("id",)),
    RawSource("crm.contacts", "crm", "contacts", (
        Col("Record ID", HUBSPOT_ID, True, "key"),
        Col("First Name"), Col("Last Name"),
        Col("Email", EMAIL, True),
        Col("Associated Company ID", HUBSPOT_ID),
        Col("Primary Associated Company ID", HUBSPOT_ID),
        Col("Associated Company IDs", HUBSPOT_ID_LIST),
        _ts("Create Date", True, "value"), _ts("Last Modified Date", True, "value"),
        Col("Lifecycle Stage", one_of(_lifecycle_stage_values(), "a HubSpot lifecycle stage"), True),
        Col("Lead Status", one_of(_hubspot_values("lead_status"), "a HubSpot lead status"), True),
        Col("Original Source", one_of(_hubspot_values("original_source"), "a HubSpot original source"), True),
        Col("Original Source Drill-Down 1"), Col("Original Source Drill-Down 2"),
        _ts("Became a Subscriber Date"), _ts("Became a Lead Date"),
        _ts("Became a Marketing Qualified Lead Date"), _ts("Became a Sales Qualified Lead Date"),
        _ts("Became an Opportunity Date"), _ts("Became a Customer Date"), _ts("Became an Evangelist Date"),
    ), unique_within_file=("Record ID",)),
    RawSource("crm.companies", "crm", "companies", (
        Col("Record ID", HUBSPOT_ID, True, "key"),
        Col("Company name"), Col("Company Domain Name"), Col("Industry"), Col("Country/Region"),
        Col("Number of Employees", NON_NEGATIVE_INTEGER),
        Col("Lifecycle Stage", one_of(_lifecycle_stage_values(), "a HubSpot lifecycle stage"), True),
        _ts("Create Date"), _ts("Last Modified Date", True, "value"),
    ), min_rows=0, unique_within_file=("Record ID",)),
    RawSource("crm.deals", "crm", "deals", (
        Col("Record ID", HUBSPOT_ID, True, "key"),
        Col("Deal Name"), Col("Pipeline"),
        Col("Deal Stage", None, False, "value"),
        Col("Amount", DECIMAL),
        _ts("Create Date", True, "value"), _ts("Close Date"), _ts("Last Modified Date", True, "value"),
        Col("Associated Contact IDs", HUBSPOT_ID_LIST, True),
        Col("Associated Company IDs", HUBSPOT_ID_LIST),
    ), min_rows=0, unique_within_file=("Record ID",)),
    RawSource("crm.meetings", "crm", "meetings", (
        Col("Record ID", HUBSPOT_ID, True, "key"),
        Col("Meeting Name"),
        _ts("Meeting Start Time"), _ts("Create Date", True, "value"),
        Col("Meeting Outcome", one_of(_hubspot_values("meeting_outcome") + ["Scheduled", "Completed", "Rescheduled",
                                                                              "No Show", "Canceled"],
                                      "a HubSpot meeting outcome"), True),
        Col("Associated Contact IDs", HUBSPOT_ID_LIST, True),
    ), min_rows=0, unique_within_file=("Record ID",)),
    RawSource("events.pages", "events", "pages", (
        Col("id", None, True, "key"),
        Col("anonymous_id", None, True), Col("user_id", None, True),
        _ts("timestamp", True, "value"),
        Col("path", URL_PATH, True), Col("url", URL, True), Col("referrer", URL, True), Col("title"),
        Col("context_campaign_source", None, True), Col("context_campaign_medium", None, True),
        Col("context_campaign_name"),
    ), max_duplicate_id_share=SEGMENT_MAX_DUPLICATE_SHARE),
    RawSource("events.tracks", "events", "tracks", (
        Col("id", None, True, "key"),
        Col("anonymous_id", None, True), Col("user_id", None, True),
        Col("event", SNAKE_CASE, True, "value"), Col("event_text"),
        _ts("timestamp", True, "value"),
    ), max_duplicate_id_share=SEGMENT_MAX_DUPLICATE_SHARE),
    RawSource("events.identifies", "events", "identifies", (
        Col("id", None, True, "key"),
        Col("anonymous_id", None, True), Col("user_id", None, True),
        Col("email", EMAIL, True),
        _ts("timestamp", True, "value"),
    ), max_duplicate_id_share=SEGMENT_MAX_DUPLICATE_SHARE),
    RawSource("marketing.ad_spend", "marketing", "ad_spend", (
        _ts("date", True, "value"),
        Col("platform", one_of(["google_ads", "bing_ads", "linkedin_ads", "meta_ads", "other"], "ad platform"),
            True, "value"),
        Col("campaign"),
        Col("spend", NON_NEGATIVE_DECIMAL, True, "value"),
        Col("currency", CURRENCY, True, "value"),
    ), unique_rows=("date", "platform", "campaign", "currency")),
    RawSource("marketing.team_costs", "marketing", "team_costs", (
        Col("month", MONTH, True, "value"),
        Col("department", one_of(["sales", "marketing", "customer_success", "other"], "department"), True, "value"),
        Col("cost_type", one_of(["payroll", "tools", "agency", "other"], "cost type"), True, "value"),
        Col("amount", NON_NEGATIVE_DECIMAL, True, "value"),
        Col("currency", CURRENCY, True, "value"),
    ), unique_rows=("month", "department", "cost_type", "currency")),
    RawSource("surveys.nps_responses", "surveys", "nps_responses", (
        Col("response_id", None, True, "key"),
        Col("email", EMAIL, True),
        Col("score", NPS_SCORE, True, "value"),
        Col("comment"),
        _ts("responded_at", True, "value"),
    ), min_rows=0, unique_within_file=("response_id",)),
    RawSource("reference.fx_rates", "reference", "fx_rates", (
        Col("month", MONTH, True, "value"),
        Col("from_currency", CURRENCY, True, "value"),
        Col("to_currency", CURRENCY, True, "value"),
        Col("rate", POSITIVE_DECIMAL, True, "value"),
    ), optional=True, unique_rows=("month", "from_currency", "to_currency")),
)

SOURCES_BY_NAME = {source.name: source for source in RAW_SOURCES}


# ----------------------------------------------------------------- suites --

def files_suite_expectations(mandatory_sources):
    """Suite raw.files: one row per raw file (source, file, data_rows,
    missing_required_columns, read_error)."""
    return [
        gxe.ExpectColumnDistinctValuesToContainSet(
            column="source", value_set=sorted(mandatory_sources),
            meta={"rule": "every source that is not optional has at least one file"}),
        gxe.ExpectColumnValuesToBeNull(
            column="missing_required_columns",
            meta={"rule": "every file's header has the required columns of its source",
                  "each": "{file}: required column(s) missing from the header: {missing_required_columns}"}),
        gxe.ExpectColumnValuesToBeNull(
            column="read_error", meta={"rule": "every file can be read as a UTF-8 CSV with a header row",
                                       "each": "{file}: cannot be read: {read_error}"}),
    ]


def source_suite_expectations(source, n_rows):
    """The expectations of one raw source, for a batch of n_rows rows."""
    key_mostly = mostly(n_rows, KEY_BAD_SHARE)
    value_mostly = mostly(n_rows, VALUE_BAD_SHARE)
    expectations = [gxe.ExpectTableRowCountToBeBetween(
        min_value=source.min_rows, max_value=MAX_ROWS,
        meta={"rule": "plausible volume: %d to %d rows over %s" % (source.min_rows, MAX_ROWS, source.pattern)})]
    for col in source.columns:
        if col.required:
            expectations.append(gxe.ExpectColumnToExist(
                column=col.name, meta={"rule": "required column"}))
    for col in source.columns:
        if col.present:
            share_mostly = key_mostly if col.present == "key" else value_mostly
            expectations.append(gxe.ExpectColumnValuesToNotBeNull(
                column=col.name, mostly=share_mostly,
                meta={"rule": "present (%s)" % ("a key" if col.present == "key" else "a value every row needs")}))
        if col.format:
            expectations.append(gxe.ExpectColumnValuesToMatchRegex(
                column=col.name, regex=col.format.regex, mostly=value_mostly,
                meta={"rule": col.format.rule}))
    if source.unique_within_file:
        columns = list(source.unique_within_file) + ["_source_file"]
        expectations.append(gxe.ExpectCompoundColumnsToBeUnique(
            column_list=columns, mostly=key_mostly, ignore_row_if="any_value_is_missing",
            meta={"rule": "a record appears once per file (%s)" % ", ".join(source.unique_within_file)}))
    if source.unique_rows:
        expectations.append(gxe.ExpectCompoundColumnsToBeUnique(
            column_list=list(source.unique_rows), mostly=value_mostly, ignore_row_if="any_value_is_missing",
            meta={"rule": "no two rows for the same %s" % ", ".join(source.unique_rows)}))
    if source.max_duplicate_id_share is not None and n_rows > 0:
        expectations.append(gxe.ExpectColumnProportionOfUniqueValuesToBeBetween(
            column="id", min_value=round(1 - source.max_duplicate_id_share, 6), max_value=1,
            meta={"rule": "duplicate deliveries (same id) are at most %d %% of the ids"
                          % round(100 * source.max_duplicate_id_share)}))
    return expectations
