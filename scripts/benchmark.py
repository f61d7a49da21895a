#!/usr/bin/env python3
"""Benchmark: the dbt build against the time DuckDB takes just to read the raw files once.

    .venv/bin/python scripts/benchmark.py [--customers 5000] [--months 24] [--work DIR]

Generates a raw folder with scripts/generate_sample_data.py (kept in --work
and reused when the same size is asked again), then prints:
  - the raw folder's size and row count,
  - the seconds DuckDB takes to read every raw file once (all columns as
    text, as the project reads them),
  - the seconds and peak memory (RSS of dbt and DuckDB) of `dbt run` on it,
  - rows of the customer-month grain and the ratio build / read.
Figures only: nothing here passes or fails.
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["billing/customers", "billing/subscriptions", "billing/invoices", "billing/invoice_line_items",
           "crm/contacts", "crm/companies", "crm/deals", "crm/meetings", "events/pages", "events/tracks",
           "events/identifies", "marketing/ad_spend", "marketing/team_costs", "surveys/nps_responses"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--work", default="/tmp/saas_metrics_benchmark")
    args = parser.parse_args()

    work = Path(args.work)
    raw = work / f"raw_{args.customers}x{args.months}"
    if not (raw / "billing").exists():
        print(f"generating {args.customers} customers x {args.months} months into {raw} ...", flush=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_sample_data.py"), "--out", str(raw),
                        "--customers", str(args.customers), "--months", str(args.months)], check=True)
        print(f"  generated in {time.perf_counter() - started:.1f} s")
    size = sum(p.stat().st_size for p in raw.rglob("*.csv"))

    # the baseline: every raw file read once, every column materialised as
    # text (as the project reads them), into an in-memory table
    con = duckdb.connect()
    started = time.perf_counter()
    rows = 0
    for number, source in enumerate(SOURCES):
        pattern = f"{raw}/{source}*.[cC][sS][vV]".replace("'", "''")
        con.execute(f"create table raw_{number} as select * from read_csv('{pattern}', "
                    f"all_varchar = true, union_by_name = true, header = true, delim = ',', "
                    f"quote = '\"', escape = '\"')")
        rows += con.execute(f"select count(*) from raw_{number}").fetchone()[0]
    read_seconds = time.perf_counter() - started
    con.close()

    db = work / "benchmark.duckdb"
    for path in (db, Path(str(db) + ".wal")):
        if path.exists():
            path.unlink()
    target = work / "target"
    shutil.rmtree(target, ignore_errors=True)
    env = dict(os.environ, SAAS_RAW_DIR=str(raw), SAAS_DUCKDB_PATH=str(db), DBT_TARGET_PATH=str(target),
               DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    dbt = str(Path(sys.executable).parent / "dbt")
    subprocess.run([dbt, "seed", "-q", "--profiles-dir", str(ROOT), "--project-dir", str(ROOT)],
                   env=env, check=True)
    started = time.perf_counter()
    subprocess.run([dbt, "run", "-q", "--profiles-dir", str(ROOT), "--project-dir", str(ROOT)],
                   env=env, check=True)
    build_seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    con = duckdb.connect(str(db), read_only=True)
    customer_months = con.execute("select count(*) from intermediate.int_customer_months").fetchone()[0]
    con.close()

    print(f"raw folder           {raw} ({size / 1e6:.0f} MB, {rows:,} rows)")
    print(f"read raw files once  {read_seconds:.1f} s")
    print(f"dbt run (all models) {build_seconds:.1f} s, peak RSS {peak_mb:.0f} MB")
    print(f"customer-months      {customer_months:,}")
    print(f"build / read         {build_seconds / read_seconds:.1f} x")
    timings = json.loads((target / "run_results.json").read_text())["results"]
    print("slowest models:")
    for result in sorted(timings, key=lambda r: -r["execution_time"])[:8]:
        print(f"  {result['execution_time']:6.1f} s  {result['unique_id'].split('.')[-1]}")


if __name__ == "__main__":
    main()
