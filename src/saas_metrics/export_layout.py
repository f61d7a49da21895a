"""Convert a raw folder's billing and CRM files (the layout of docs/inputs.md)
into the files Chargebee's and HubSpot's web apps export for the same
business data (docs/inputs_layouts.md), to test that such exports build
without a hand edit.

    python scripts/convert_to_export_layout.py [RAW_DIR] [OUT_DIR]

RAW_DIR defaults to sample_data/raw, OUT_DIR to sample_data/export_layout
(checked in: rerun this script after changing the sample). Writes
OUT_DIR/billing/ and OUT_DIR/crm/ only; the other folders are the raw
folder's own (the test links them).

billing/, as Chargebee's export (Settings > Import & Export Data) writes it:

- one file per entity under the export's names: Customers.csv,
  Subscriptions.csv, Invoices.csv, LineItems.csv, the split files
  concatenated in name order (so every row keeps its position);
- Subscriptions.csv and Invoices.csv: entity-prefixed API names
  (`subscriptions.id`, `subscriptions.status`, ...), the customer as
  `customers.id`, the subscription as `subscriptions.id`, then columns of
  other entities the project does not read (`customers.email`,
  `addresses.line1`, `addresses.city`, `addresses.country`);
- Customers.csv and LineItems.csv: Title-Case labels (`Customer Id`,
  `First Name`, `Line Item Id`, `Date From`, ...), plus columns the project
  does not read (`Phone`, `Auto Collection`);
- statuses, period units and line-item entity types as display labels
  (`non_renewing` -> `Non Renewing`, `month` -> `Month`);
- instants (epoch seconds, ISO 8601 with `Z`) as naive local times of the
  site's time zone, TIME_ZONE below (a zone without daylight saving, so
  every local time names one instant): build with
  `--vars '{chargebee_export_timezone: Asia/Kolkata}'`. A value that is not
  an instant ('not-a-date') is kept as it is, so it is still rejected.

crm/, as HubSpot's contacts export writes it: `Associated Company ID` is
not there; contacts_1.csv has `Primary Associated Company ID` (the same id)
and `Associated Company IDs` listing another company first, so the
primary must win; contacts_2.csv has only `Associated Company IDs`, the
company first and another after it. Companies, deals and meetings are
copied unchanged (the contract's columns are already HubSpot's labels).

Deterministic: the same input gives byte-identical output.
"""

import csv
import datetime
import glob
import io
import os
import re
import shutil
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from saas_metrics.paths import PROJECT_ROOT

TIME_ZONE = "Asia/Kolkata"
EPOCH = re.compile(r"[0-9]{9,10}")
ISO_Z = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
INSTANTS = {"created_at", "updated_at", "started_at", "activated_at", "trial_start", "trial_end",
            "current_term_start", "current_term_end", "cancelled_at", "date", "due_date", "paid_at",
            "date_from", "date_to"}
LABELLED = {"status", "billing_period_unit", "entity_type"}

# per entity: export file name, header of each contract column (a column not
# named keeps the entity prefix), and the columns of other entities appended
ENTITIES = {
    "customers": ("Customers.csv", {
        "id": "Customer Id", "email": "Email", "first_name": "First Name", "last_name": "Last Name",
        "company": "Company", "created_at": "Created At", "updated_at": "Updated At", "deleted": "Deleted",
    }, {"Phone": "", "Auto Collection": "On"}),
    "subscriptions": ("Subscriptions.csv", {"customer_id": "customers.id"}, {
        "customers.email": "", "addresses.line1": "1 Main Street", "addresses.city": "Pune",
        "addresses.country": "IN"}),
    "invoices": ("Invoices.csv", {"customer_id": "customers.id", "subscription_id": "subscriptions.id"}, {
        "customers.email": "", "addresses.country": "IN"}),
    "invoice_line_items": ("LineItems.csv", {
        "id": "Line Item Id", "invoice_id": "Invoice Id", "subscription_id": "Subscription Id",
        "customer_id": "Customer Id", "date_from": "Date From", "date_to": "Date To",
        "entity_type": "Entity Type", "entity_id": "Entity Id", "description": "Description",
        "unit_amount": "Unit Amount", "quantity": "Quantity", "amount": "Amount",
        "discount_amount": "Discount Amount", "tax_amount": "Tax Amount",
    }, {"Item Level Discount 1 Entity Id": ""}),
}


def read_files(paths):
    """(header over the files in order, [row dict]) of CSV files concatenated."""
    header, rows = [], []
    for path in paths:
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            header += [name for name in reader.fieldnames if name not in header]
            rows += list(reader)
    return header, rows


def write_csv(path, header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def local_time(value):
    """An instant as Chargebee's export writes it: naive local time of the
    site's zone. Anything else unchanged."""
    if EPOCH.fullmatch(value):
        instant = datetime.datetime.fromtimestamp(int(value), datetime.timezone.utc)
    elif ISO_Z.fullmatch(value):
        instant = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    else:
        return value
    return instant.astimezone(ZoneInfo(TIME_ZONE)).strftime("%Y-%m-%d %H:%M:%S")


def label(value):
    """A Chargebee API value as the web app shows it: `non_renewing` -> `Non Renewing`."""
    return " ".join(part.capitalize() for part in value.split("_")) if value else value


def export_value(column, value):
    if column in INSTANTS:
        return local_time(value)
    if column in LABELLED:
        return label(value)
    return value


def convert_billing(raw_dir, out_dir):
    (out_dir / "billing").mkdir(parents=True, exist_ok=True)
    for table, (file_name, headers, others) in ENTITIES.items():
        header, rows = read_files(sorted(glob.glob(os.path.join(raw_dir, "billing", table + "*.csv"))))
        prefix = table + "."
        names = [headers.get(column, prefix + column) for column in header] + list(others)
        converted = [[export_value(column, row.get(column) or "") for column in header] + list(others.values())
                     for row in rows]
        write_csv(out_dir / "billing" / file_name, names, converted)
        print("billing/%-18s %6d rows  (from %s*.csv)" % (file_name, len(rows), table))


def convert_contacts(raw_dir, out_dir):
    (out_dir / "crm").mkdir(parents=True, exist_ok=True)
    with open(os.path.join(raw_dir, "crm", "companies.csv"), newline="", encoding="utf-8") as handle:
        companies = sorted({row["Record ID"] for row in csv.DictReader(handle) if row["Record ID"]})
    for number, path in enumerate(sorted(glob.glob(os.path.join(raw_dir, "crm", "contacts*.csv")))):
        header, rows = read_files([path])
        with_primary = number % 2 == 0
        names, converted = [], []
        for column in header:
            if column == "Associated Company ID":
                names += (["Primary Associated Company ID"] if with_primary else []) + ["Associated Company IDs"]
            else:
                names.append(column)
        for row in rows:
            company = (row.get("Associated Company ID") or "").strip()
            # another company of the portal, deterministic
            other = companies[(companies.index(company) + 1) % len(companies)] if company in companies else "1"
            values = []
            for column in header:
                if column != "Associated Company ID":
                    values.append(row.get(column) or "")
                elif not company:
                    values += [""] * (2 if with_primary else 1)
                elif with_primary:
                    values += [row["Associated Company ID"], other + ";" + row["Associated Company ID"]]
                else:
                    values.append(row["Associated Company ID"] + ";" + other)
            converted.append(values)
        write_csv(out_dir / "crm" / os.path.basename(path), names, converted)
        print("crm/%-22s %6d rows  (%s)" % (os.path.basename(path), len(rows),
                                            "Primary + Associated Company IDs" if with_primary
                                            else "Associated Company IDs only"))
    for name in ("companies.csv", "deals.csv", "meetings.csv"):
        shutil.copyfile(os.path.join(raw_dir, "crm", name), out_dir / "crm" / name)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    raw_dir = argv[0] if argv else str(PROJECT_ROOT / "sample_data" / "raw")
    out_dir = Path(argv[1] if len(argv) > 1 else PROJECT_ROOT / "sample_data" / "export_layout")
    for folder in ("billing", "crm"):
        shutil.rmtree(out_dir / folder, ignore_errors=True)
    convert_billing(raw_dir, out_dir)
    convert_contacts(raw_dir, out_dir)


if __name__ == "__main__":
    main()
