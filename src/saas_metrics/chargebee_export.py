"""Put the files of a Chargebee export zip into the raw folder's billing/.

Chargebee's web app (Settings > Import & Export Data > Export Data) delivers
an export as a zip of CSV files, one per entity (docs/inputs_layouts.md).
The project reads the files it knows under the export's own names
(`Subscriptions.csv`, `Customers.csv`, `Invoices.csv`, the line items file),
so nothing needs renaming: this script only takes them out of the zip.

    python scripts/unpack_chargebee_export.py EXPORT.zip [RAW_DIR]
    SAAS_CHARGEBEE_EXPORT_ZIP=EXPORT.zip scripts/build.sh   # the same, then the build

RAW_DIR defaults to SAAS_RAW_DIR (sample_data/raw). A file of the zip is
taken when its name (folders inside the zip ignored) matches one of the file
name patterns the billing tables read (`config: meta: files` in
models/staging/chargebee/_chargebee__sources.yml); the others
(`SubscriptionAddons.csv`, ...) are listed and left in the zip. A file
already in billing/ is never overwritten: the same bytes are skipped,
different bytes stop with an error naming the file (move the old export
away first). Exits 1 on an error, 0 otherwise.
"""

import fnmatch
import os
import sys
import zipfile
from pathlib import Path

import yaml

from saas_metrics.paths import PROJECT_ROOT

SOURCES_YML = PROJECT_ROOT / "models" / "staging" / "chargebee" / "_chargebee__sources.yml"


class ExportError(Exception):
    """A zip that cannot be unpacked into billing/ as it is."""


def billing_patterns():
    """{table: [file name patterns]} of the billing source."""
    document = yaml.safe_load(SOURCES_YML.read_text(encoding="utf-8"))
    patterns = {}
    for source in document["sources"]:
        for table in source.get("tables") or []:
            meta = (table.get("config") or {}).get("meta") or table.get("meta") or {}
            patterns[table["name"]] = meta.get("files") or [table["name"] + "*.[cC][sS][vV]"]
    return patterns


def table_of(file_name, patterns):
    for table, table_patterns in patterns.items():
        if any(fnmatch.fnmatchcase(file_name, pattern) for pattern in table_patterns):
            return table
    return None


def unpack(zip_path, raw_dir, out=print):
    """Extract the recognised files; returns {file name: table}."""
    billing = Path(raw_dir) / "billing"
    patterns = billing_patterns()
    try:
        archive = zipfile.ZipFile(zip_path)
    except (OSError, zipfile.BadZipFile) as error:
        raise ExportError("%s is not a readable zip file (%s)" % (zip_path, error)) from None
    taken = {}
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        for member in members:
            name = os.path.basename(member.filename)
            table = table_of(name, patterns)
            if table is None:
                out("not used: %s (the project does not read it)" % member.filename)
                continue
            if name in taken:
                raise ExportError("%s holds two files named %s: unpack it by hand and keep one" % (zip_path, name))
            taken[name] = table
        billing.mkdir(parents=True, exist_ok=True)
        for member in members:
            name = os.path.basename(member.filename)
            if name not in taken:
                continue
            data = archive.read(member)
            target = billing / name
            if target.exists():
                if target.read_bytes() == data:
                    out("unchanged: billing/%s (already there)" % name)
                    continue
                raise ExportError("billing/%s is already in %s with other contents: move it away (or delete it) "
                                  "before unpacking a new export" % (name, raw_dir))
            target.write_bytes(data)
            out("billing/%s <- %s (%s)" % (name, member.filename, taken[name]))
    if not taken:
        raise ExportError("%s has no file the project reads (looked for: %s)" % (
            zip_path, ", ".join(p for table_patterns in patterns.values() for p in table_patterns)))
    return taken


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help") or len(argv) > 2:
        print(__doc__)
        return 0 if argv and argv[0] in ("-h", "--help") else 1
    raw_dir = argv[1] if len(argv) > 1 else os.environ.get("SAAS_RAW_DIR", str(PROJECT_ROOT / "sample_data" / "raw"))
    try:
        unpack(argv[0], raw_dir)
    except ExportError as error:
        print("error: %s" % error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
