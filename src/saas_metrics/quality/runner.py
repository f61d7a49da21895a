"""Validate the raw exports and the marts with Great Expectations.

    .venv/bin/python scripts/validate_quality.py [--raw-dir DIR] [--duckdb PATH] [--docs-dir DIR]

Prints one line per suite (PASS / FAIL / SKIP), and under a FAIL one line per
failed expectation naming the file or mart, the column and the offending
values; renders Data Docs (HTML) into --docs-dir; exits 1 on any failure.

Why pandas: Great Expectations' SQL datasource does not work on DuckDB
(through duckdb-engine), so every batch is a pandas DataFrame. The raw files
are read with DuckDB's read_csv (all columns as text, as the project reads
them); the marts through a read-only DuckDB connection, so validating never
writes to (or locks) the database the project built.
"""
import argparse
import contextlib
import io
import logging
import os
import shutil
import sys
import time
import warnings
from pathlib import Path

import duckdb
import pandas as pd

from saas_metrics.paths import PROJECT_ROOT
from saas_metrics.publish import BUILD_INFO_TABLE
from saas_metrics.quality import mart_suites, raw_suites

DEFAULT_DOCS_DIR = PROJECT_ROOT / "quality" / "data_docs"
RAW_INDEX_COLUMNS = ["_source_file", "_line"]
EXAMPLES = 5          # offending values / locations shown per failed expectation
PARTIAL_COUNT = 20    # offending rows Great Expectations returns per expectation


# ----------------------------------------------------------------- loading --

def read_csv_text(con, path):
    """One raw file, every column as text (the project's read_csv options)."""
    return con.execute(
        "select * from read_csv(?, all_varchar = true, header = true, delim = ',', quote = '\"', "
        "escape = '\"')", [str(path)]).df()


def load_raw(raw_dir):
    """(inventory DataFrame, {source name: DataFrame or None, ...}, {source name: [missing columns]}).

    A source's frame is the union of its files by column name, with
    _source_file (path under the raw folder) and _line (line in the file, the
    header being line 1; exact unless a quoted value spans lines), plus the source's optional columns its files lack
    (as null, like staging does). Required columns are not added: their
    absence is what the suite reports."""
    con = duckdb.connect()
    inventory, frames, missing_columns = [], {}, {}
    for source in raw_suites.RAW_SOURCES:
        parts = []
        for path in source.files(raw_dir):
            relative = path.relative_to(raw_dir).as_posix()
            row = {"source": source.name, "file": relative, "data_rows": None,
                   "missing_required_columns": None, "read_error": None}
            try:
                frame = read_csv_text(con, path)
            except duckdb.Error as error:
                row["read_error"] = str(error).splitlines()[0][:300]
                inventory.append(row)
                continue
            lacking = [c for c in source.required_columns if c not in frame.columns]
            row["data_rows"] = len(frame)
            row["missing_required_columns"] = ", ".join(lacking) or None
            inventory.append(row)
            frame = frame.astype(object)
            frame["_source_file"] = relative
            frame["_line"] = range(2, len(frame) + 2)
            parts.append(frame)
        declared = [c.name for c in source.columns]
        if parts:
            frame = pd.concat(parts, ignore_index=True, sort=False)
        else:
            frame = None if source.optional else pd.DataFrame(columns=declared + RAW_INDEX_COLUMNS)
        if frame is not None:
            absent = [c for c in declared if c not in frame.columns]
            missing_columns[source.name] = [c for c in absent if c in source.required_columns]
            for column in absent:
                if column not in source.required_columns:
                    frame[column] = None
            frame = frame.astype(object).where(frame.notna(), None)
        frames[source.name] = frame
    inventory = pd.DataFrame(inventory, columns=["source", "file", "data_rows", "missing_required_columns",
                                                 "read_error"]).astype(object)
    return inventory.where(inventory.notna(), None), frames, missing_columns


def reporting_months(con):
    """The reporting window as 'YYYY-MM-DD' strings: intermediate.int_reporting_months,
    else the months of marts.mrr."""
    for sql in ("select distinct month from intermediate.int_reporting_months order by month",
                "select distinct month from marts.mrr order by month"):
        try:
            return [str(r[0]) for r in con.execute(sql).fetchall()]
        except duckdb.Error:
            continue
    return []


def load_seeds(con, names):
    """{seed: [{column: value}, ...]}: the seeds the mart checks read reference values from
    (bands, stages, channel groups), as built (schema reference), else from their CSV file."""
    seeds = {}
    for name in names:
        try:
            cursor = con.execute('select * from reference."%s"' % name.replace('"', '""'))
            columns = [d[0] for d in cursor.description]
            seeds[name] = [dict(zip(columns, row)) for row in cursor.fetchall()]
        except duckdb.Error:
            seeds[name] = mart_suites.read_seed_csv(name)
    return seeds


def load_mart(con, mart, contract_columns):
    """A mart as a DataFrame: date columns as 'YYYY-MM-DD' text; monthly marts
    get months_since_previous_row (per category, ordered by month)."""
    frame = con.execute('select * from marts."%s"' % mart.name.replace('"', '""')).df()
    date_columns = [c for c, t in contract_columns if t == "DATE" and c in frame.columns]
    if mart.is_monthly and "month" in frame.columns:
        months = pd.to_datetime(frame["month"])
        index = months.dt.year * 12 + months.dt.month
        group = frame[mart.category] if mart.category and mart.category in frame.columns else None
        order = frame.assign(_index=index).sort_values(
            ([mart.category] if group is not None else []) + ["_index"], kind="stable")
        if group is not None:
            step = order.groupby(mart.category, dropna=False)["_index"].diff()
        else:
            step = order["_index"].diff()
        frame[mart_suites.MONTH_STEP] = step.reindex(frame.index)
    for column in date_columns:
        frame[column] = pd.to_datetime(frame[column]).dt.strftime("%Y-%m-%d")
    frame = frame.astype(object)
    return frame.where(frame.notna(), None)


def load_contract_catalogue(con):
    frame = con.execute(
        "select table_name as mart, column_name, data_type from information_schema.columns "
        "where table_schema = 'marts' and table_name <> '%s' order by table_name, ordinal_position"
        % BUILD_INFO_TABLE).df()
    frame["data_type"] = frame["data_type"].map(mart_suites.normalise_type)
    frame["mart_column"] = frame["mart"] + "." + frame["column_name"]
    return frame.astype(object)


def load_reconciliation(con):
    frame = con.execute("select * from audit.source_reconciliation order by source_name").df()
    frame["unaccounted_rows"] = (frame["rows_read"] - frame["rows_kept"] - frame["rows_rejected"]
                                 - frame["rows_superseded"])
    frame["rejected_share"] = (frame["rows_rejected"] / frame["rows_read"]).fillna(0.0)
    frame["tolerated_share"] = [1 - raw_suites.mostly(n, raw_suites.VALUE_BAD_SHARE) for n in frame["rows_read"]]
    return frame.astype(object)


def load_rejected_rows(con):
    return con.execute("select source_name, source_file, record_id, reason, detail, raw_row "
                       "from audit.rejected_rows").df().astype(object)


# --------------------------------------------------------------- validating --

class Validator:
    """An ephemeral Great Expectations context with one pandas datasource;
    Data Docs are written to docs_dir."""

    def __init__(self, docs_dir):
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.gx = gx
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.docs_dir = docs_dir
        if docs_dir is not None:
            for name in list(self.context.get_site_names()):
                self.context.delete_data_docs_site(name)
            self.context.add_data_docs_site(site_name="quality", site_config={
                "class_name": "SiteBuilder",
                "show_how_to_buttons": False,
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            })
        self.datasource = self.context.data_sources.add_pandas("saas_metrics")

    def validate(self, suite_name, frame, expectations, index_columns):
        gx = self.gx
        asset = self.datasource.add_dataframe_asset(name=suite_name)
        batch_definition = asset.add_batch_definition_whole_dataframe("all rows")
        suite = self.context.suites.add(gx.ExpectationSuite(name=suite_name))
        for expectation in expectations:
            suite.add_expectation(expectation)
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=suite_name, data=batch_definition, suite=suite))
        result_format = {"result_format": "SUMMARY", "partial_unexpected_count": PARTIAL_COUNT}
        index_columns = [c for c in index_columns if c in frame.columns]
        if index_columns:
            result_format["unexpected_index_column_names"] = index_columns
        from great_expectations.core.run_identifier import RunIdentifier
        return definition.run(batch_parameters={"dataframe": frame}, result_format=result_format,
                              run_id=RunIdentifier(run_name="validate_quality"))

    def build_docs(self):
        if self.docs_dir is None:
            return None
        clean_docs_dir(self.docs_dir)
        self.context.build_data_docs(site_names=["quality"])
        return Path(self.docs_dir) / "index.html"


def clean_docs_dir(docs_dir):
    """Remove the previous Data Docs (only what Great Expectations writes there)."""
    docs_dir = Path(docs_dir)
    for name in ("index.html", "expectations", "validations", "static"):
        path = docs_dir / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


# ---------------------------------------------------------------- reporting --

def _show(value):
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _locations(partial_index_list, index_columns, value_keys):
    """'file line 3, 9; other.csv line 4' (raw) or 'month 2024-03-01' (marts)."""
    if not partial_index_list:
        return ""
    if index_columns == RAW_INDEX_COLUMNS:
        by_file = {}
        for row in partial_index_list:
            by_file.setdefault(row.get("_source_file"), []).append(str(row.get("_line")))
        return "; ".join("%s line %s" % (f, ", ".join(lines[:EXAMPLES]) + (", ..." if len(lines) > EXAMPLES else ""))
                         for f, lines in by_file.items())
    rows = []
    for row in partial_index_list[:EXAMPLES]:
        key = ", ".join("%s %s" % (c, row.get(c)) for c in index_columns if c in row)
        values = ", ".join("%s=%s" % (c, _show(row[c])) for c in value_keys if c in row and c not in index_columns)
        rows.append("%s%s" % (key, (" (%s)" % values) if values else ""))
    more = ", ..." if len(partial_index_list) > EXAMPLES else ""
    return "; ".join(rows) + more


def describe_failure(result, where, index_columns, missing_columns):
    """The line(s) for a failed expectation, or None when it only repeats a missing column
    (reported by its own expectation)."""
    config = result.expectation_config
    kwargs = config.kwargs
    rule = (config.meta or {}).get("rule", config.type)
    res = result.result or {}
    columns = [kwargs[k] for k in ("column", "column_A", "column_B") if kwargs.get(k)] + list(
        kwargs.get("column_list") or [])
    column_text = ", ".join("'%s'" % c for c in columns if not c.startswith("_")) or None
    each = (config.meta or {}).get("each")
    if each and res.get("partial_unexpected_index_list"):
        return [each.format(**{k.replace(" ", "_"): v for k, v in row.items()})
                for row in res["partial_unexpected_index_list"]]
    exception = _exception_message(result)
    if exception:
        if any(c in missing_columns for c in columns):
            return None   # already reported: the column is missing
        return "%s, column %s: could not be checked (%s): %s" % (where, column_text, rule, exception)
    if config.type == "expect_column_to_exist":
        return "%s: %s '%s' is missing" % (where, rule, kwargs["column"])
    if config.type in ("expect_column_distinct_values_to_contain_set", "expect_column_distinct_values_to_equal_set"):
        parts = []
        if res.get("partial_missing_list"):
            parts.append("missing: %s" % ", ".join(map(str, res["partial_missing_list"])))
        if res.get("partial_unexpected_list"):
            parts.append("unexpected: %s" % ", ".join(map(str, res["partial_unexpected_list"])))
        found = "; ".join(parts) or _show(res.get("observed_value"))
        return "%s, column %s: %s: %s" % (where, column_text, rule, found)
    if "unexpected_count" in res:
        total = res.get("element_count", 0)
        bad = res["unexpected_count"]
        nonmissing = total - res.get("missing_count", 0) if "missing_count" in res else total
        share = 100.0 * bad / nonmissing if nonmissing else 0.0
        mostly = kwargs.get("mostly", 1.0)
        counts = res.get("partial_unexpected_counts") or []
        values = ", ".join("%s x%d" % (_show(c["value"] if not isinstance(c["value"], list) else tuple(c["value"])),
                                       c["count"]) for c in counts[:EXAMPLES])
        if len(counts) > EXAMPLES:
            values += ", ..."
        at = _locations(res.get("partial_unexpected_index_list"), index_columns, columns)
        tolerance = "" if mostly >= 1 else ", tolerated %.2f %%" % (100 * (1 - mostly))
        return "%s, column %s: %d of %d values (%.2f %%) break the rule: %s%s; offending values: %s%s" % (
            where, column_text, bad, nonmissing, share, rule, tolerance, values or "-",
            (" at " + at) if at else "")
    observed = res.get("observed_value")
    detail = _show(observed)
    if config.type == "expect_table_row_count_to_equal":
        detail = "%s rows, expected %s" % (observed, kwargs.get("value"))
    elif config.type == "expect_table_row_count_to_be_between":
        detail = "%s rows" % observed
    return "%s%s: %s: %s" % (where, (", column %s" % column_text) if column_text else "", rule, detail)


def _exception_message(result):
    info = result.exception_info or {}
    if info.get("raised_exception"):
        return info.get("exception_message")
    for value in info.values():
        if isinstance(value, dict) and value.get("raised_exception"):
            return value.get("exception_message")
    return None


class Report:
    def __init__(self, out=None):
        self.out = out or sys.stdout
        self.failed = 0
        self.passed = 0
        self.skipped = 0

    def line(self, text=""):
        print(text, file=self.out, flush=True)

    def suite(self, status, name, summary, details=()):
        if status == "FAIL":
            self.failed += 1
        elif status == "PASS":
            self.passed += 1
        else:
            self.skipped += 1
        self.line("%s %-40s %s" % (status, name, summary))
        for detail in details:
            self.line("       - " + detail)

    def result(self, name, result, what, where, index_columns, missing_columns=()):
        failures = [r for r in result.results if not r.success]
        n = len(result.results)
        if not failures:
            self.suite("PASS", name, "%s, %d expectations" % (what, n))
            return
        details = []
        for failure in failures:
            described = describe_failure(failure, where, index_columns, set(missing_columns))
            details.extend([described] if isinstance(described, str) else described or [])
        if not details:
            details = ["%s: %s" % (where, r.expectation_config.type) for r in failures]
        self.suite("FAIL", name, "%s, %d of %d expectations failed" % (what, len(failures), n), details)


# -------------------------------------------------------------------- main --

def validate_raw(validator, report, raw_dir):
    if not Path(raw_dir).is_dir():
        report.suite("FAIL", "raw.files", "raw folder %s does not exist" % raw_dir)
        return
    inventory, frames, missing_columns = load_raw(raw_dir)
    mandatory = [s.name for s in raw_suites.RAW_SOURCES if not s.optional]
    result = validator.validate("raw.files", inventory, raw_suites.files_suite_expectations(mandatory), ["file"])
    report.result("raw.files", result, "%d files of %d sources" % (len(inventory), inventory["source"].nunique()),
                  "raw folder", ["file"])
    for source in raw_suites.RAW_SOURCES:
        frame = frames[source.name]
        if frame is None:
            report.suite("SKIP", source.suite_name, "no file %s (optional)" % source.pattern)
            continue
        expectations = raw_suites.source_suite_expectations(source, len(frame))
        result = validator.validate(source.suite_name, frame, expectations, RAW_INDEX_COLUMNS)
        files = int((inventory["source"] == source.name).sum())
        what = "%d rows in %d file%s" % (len(frame), files, "" if files == 1 else "s")
        report.result(source.suite_name, result, what, source.pattern, RAW_INDEX_COLUMNS,
                      missing_columns.get(source.name, ()))


def validate_marts(validator, report, duckdb_path):
    if not Path(duckdb_path).is_file():
        report.suite("FAIL", "marts", "DuckDB file %s does not exist (run dbt build first)" % duckdb_path)
        return
    try:
        con = duckdb.connect(str(duckdb_path), read_only=True)
    except duckdb.Error as error:
        report.suite("FAIL", "marts", "cannot open %s read-only: %s" % (duckdb_path, str(error).splitlines()[0]))
        return
    try:
        contracts = mart_suites.load_contracts()
        marts = {mart.name: mart for mart in mart_suites.load_marts()}
        context = mart_suites.MartContext(months=reporting_months(con),
                                          seeds=load_seeds(con, mart_suites.referenced_seeds(marts.values())))
        catalogue = load_contract_catalogue(con)
        result = validator.validate("marts.contracts", catalogue, mart_suites.contracts_expectations(contracts),
                                    ["mart_column"])
        report.result("marts.contracts", result, "%d marts, %d columns" % (catalogue["mart"].nunique(),
                                                                          len(catalogue)),
                      "schema marts", ["mart_column"])
        for name in sorted(contracts):
            mart = marts.get(name) or mart_suites.Mart(name, "entity")
            try:
                frame = load_mart(con, mart, contracts[name])
            except duckdb.Error as error:
                report.suite("FAIL", mart.suite_name, "cannot read marts.%s: %s" % (name, str(error).splitlines()[0]))
                continue
            missing = [c for c, _ in contracts[name] if c not in frame.columns]
            expectations = mart_suites.mart_expectations(mart, contracts[name], context)
            result = validator.validate(mart.suite_name, frame, expectations, mart.key_columns)
            report.result(mart.suite_name, result, "%d rows" % len(frame), "marts.%s" % name, mart.key_columns,
                          missing)
        mandatory = [s.name for s in raw_suites.RAW_SOURCES if not s.optional]
        for name, loader, expectations, index in (
                ("audit.source_reconciliation", load_reconciliation,
                 mart_suites.reconciliation_expectations(mandatory), ["source_name"]),
                ("audit.rejected_rows", load_rejected_rows,
                 mart_suites.rejected_rows_expectations([s.name for s in raw_suites.RAW_SOURCES]),
                 ["source_name", "source_file", "record_id"])):
            try:
                frame = loader(con)
            except duckdb.Error as error:
                report.suite("FAIL", name, "cannot read %s: %s" % (name, str(error).splitlines()[0]))
                continue
            frame = frame.where(frame.notna(), None)
            result = validator.validate(name, frame, expectations, index)
            report.result(name, result, "%d rows" % len(frame), name, index)
    finally:
        con.close()


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="validate_quality.py",
        description="Great Expectations checks of the raw exports and the marts (run after dbt build).")
    parser.add_argument("--raw-dir",
                        default=os.environ.get("SAAS_RAW_DIR", str(PROJECT_ROOT / "sample_data" / "raw")),
                        help="raw folder (default: $SAAS_RAW_DIR, else sample_data/raw)")
    parser.add_argument("--duckdb",
                        default=os.environ.get("SAAS_DUCKDB_PATH", str(PROJECT_ROOT / "saas_metrics.duckdb")),
                        help="DuckDB file the project built, opened read-only "
                             "(default: $SAAS_DUCKDB_PATH, else saas_metrics.duckdb)")
    parser.add_argument("--docs-dir", default=str(DEFAULT_DOCS_DIR),
                        help="folder for the Data Docs HTML (default: quality/data_docs)")
    parser.add_argument("--no-docs", action="store_true", help="do not render Data Docs")
    parser.add_argument("--only", choices=["raw", "marts"], help="validate only the raw files or only the marts")
    return parser.parse_args(argv)


def _resolve(path):
    path = Path(path)
    return path if path.is_absolute() else (Path.cwd() / path)


def main(argv=None):
    args = parse_args(argv)
    raw_dir, duckdb_path = _resolve(args.raw_dir), _resolve(args.duckdb)
    docs_dir = None if args.no_docs else _resolve(args.docs_dir)
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")
    started = time.time()
    report = Report()
    import great_expectations as gx
    report.line("Great Expectations %s, pandas datasource (raw files read as text; marts read through a "
                "read-only DuckDB connection)" % gx.__version__)
    report.line("raw folder: %s" % raw_dir)
    report.line("duckdb:     %s" % duckdb_path)
    noise = io.StringIO()
    with contextlib.redirect_stderr(noise):
        validator = Validator(docs_dir)
    if args.only in (None, "raw"):
        with contextlib.redirect_stderr(noise):
            validate_raw(validator, report, raw_dir)
    if args.only in (None, "marts"):
        with contextlib.redirect_stderr(noise):
            validate_marts(validator, report, duckdb_path)
    if docs_dir is not None:
        with contextlib.redirect_stderr(noise):
            index = validator.build_docs()
        report.line("Data Docs: %s" % index)
    report.line("%d suites: %d passed, %d failed, %d skipped (%.1f s)" % (
        report.passed + report.failed + report.skipped, report.passed, report.failed, report.skipped,
        time.time() - started))
    return 1 if report.failed else 0
