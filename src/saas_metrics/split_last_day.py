#!/usr/bin/env python3
"""Take the last day of Segment events and invoices out of a raw folder, as
new files: the day an incremental run appends (tests/python/test_incremental.py,
scripts/benchmark.py).

    .venv/bin/python scripts/split_last_day.py RAW_DIR DAY_DIR

The day is the latest UTC day on which pages, tracks, identifies and
invoices all have rows. Its rows are removed from RAW_DIR's files (rewritten
in place) and written to DAY_DIR/<folder>/<last file's name>_<day>.csv, a
name that sorts after every file of its table: the invoices of the day with
their line items, and the day's events of each Segment table.
"""
import csv
import datetime
import sys
from pathlib import Path

EVENT_TABLES = ("pages", "tracks", "identifies")


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def last_file(folder, table):
    return sorted(p for p in folder.glob(table + "*.csv"))[-1]


def day_of(value):
    """The UTC day of a raw timestamp (epoch seconds or ISO 8601), else None."""
    if value.isdigit():
        return datetime.datetime.fromtimestamp(int(value), datetime.timezone.utc).date()
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def days(raw, folder, table, column):
    found = set()
    for path in (raw / folder).glob(table + "*.csv"):
        header, rows = read_csv(path)
        found.update(day_of(row[header.index(column)]) for row in rows)
    return found - {None}


def split_last_day(raw, day_dir=None):
    """Take the last day out of `raw` (rewritten in place): returns {new file
    path (in raw, or in day_dir when given): (header, rows)}, not written."""
    day = max(set.intersection(*[days(raw, folder, table, column) for folder, table, column in (
        ("events", "pages", "timestamp"), ("events", "tracks", "timestamp"), ("events", "identifies", "timestamp"),
        ("billing", "invoices_2", "date"))]))
    new_files = {}

    def take(path, keep, name):
        file_header, file_rows = read_csv(path)
        kept = [row for row in file_rows if keep(file_header, row)]
        moved = [row for row in file_rows if not keep(file_header, row)]
        if moved:
            write_csv(path, file_header, kept)
            target = (Path(day_dir) / path.parent.name if day_dir else path.parent) / name
            new_files.setdefault(target, (file_header, []))[1].extend(moved)

    def event_kept(file_header, row):
        return day_of(row[file_header.index("timestamp")]) != day

    for table in EVENT_TABLES:
        name = last_file(raw / "events", table).stem + "_" + day.isoformat() + ".csv"
        for path in sorted((raw / "events").glob(table + "*.csv")):
            take(path, event_kept, name)
    moved_invoices = set()

    def invoice_kept(file_header, row):
        on_day = day_of(row[file_header.index("date")]) == day
        if on_day:
            moved_invoices.add(row[file_header.index("id")])
        return not on_day

    invoice_name = last_file(raw / "billing", "invoices").stem + "_" + day.isoformat() + ".csv"
    for path in sorted((raw / "billing").glob("invoices_2*.csv")):
        take(path, invoice_kept, invoice_name)
    items_name = last_file(raw / "billing", "invoice_line_items").stem + "_" + day.isoformat() + ".csv"
    for path in sorted((raw / "billing").glob("invoice_line_items*.csv")):
        take(path, lambda file_header, row: row[file_header.index("invoice_id")] not in moved_invoices, items_name)
    assert len(new_files) == 5, sorted(p.name for p in new_files)  # three event tables, invoices, line items
    return new_files


def write_new_files(new_files):
    for path, (header, rows) in new_files.items():
        write_csv(path, header, rows)




def main():
    if len(sys.argv) > 1 and sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0
    raw, day_dir = Path(sys.argv[1]), Path(sys.argv[2])
    new_files = split_last_day(raw, day_dir)
    for path in new_files:
        path.parent.mkdir(parents=True, exist_ok=True)
    write_new_files(new_files)
    for path, (_, rows) in sorted(new_files.items()):
        print(f"{path}: {len(rows):,} rows")


if __name__ == "__main__":
    main()
