#!/usr/bin/env python3
"""Benchmark: the full dbt build against the time DuckDB takes just to read the raw files once.

    .venv/bin/python scripts/benchmark.py [--customers 5000] [--months 24] [--seed 20230101] [--work DIR]

Generates a raw folder with scripts/generate_sample_data.py (kept in --work
and reused when the same size is asked again) and a near-empty one of the
same shape (--tiny-customers, default 10, same months and seed), then prints:
  - the raw folder's size and row count,
  - the seconds DuckDB takes to read every raw file once (all columns as
    text, as the project reads them; median of 3),
  - the seconds and peak memory (RSS of dbt with DuckDB inside it) of a full
    `dbt build` (seeds, models, data and unit tests) on it,
  - the fixed cost: the same build on the near-empty folder,
  - the data-dependent time (full minus fixed) and its ratio to the read,
  - rows of the customer-month grain and the slowest models and tests.
Figures only: nothing here passes or fails. Every figure of one run is
measured on the same machine minutes apart: compare ratios, not seconds
across machines.
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["billing/customers", "billing/subscriptions", "billing/invoices", "billing/invoice_line_items",
           "crm/contacts", "crm/companies", "crm/deals", "crm/meetings", "events/pages", "events/tracks",
           "events/identifies", "marketing/ad_spend", "marketing/team_costs", "surveys/nps_responses"]


def generate(work, customers, months, seed):
    raw = work / f"raw_{customers}x{months}_seed{seed}"
    if not (raw / "billing").exists():
        print(f"generating {customers} customers x {months} months (seed {seed}) into {raw} ...", flush=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "scripts" / "generate_sample_data.py"), "--out", str(raw),
                        "--customers", str(customers), "--months", str(months), "--seed", str(seed)],
                       check=True, stdout=subprocess.DEVNULL)
        print(f"  generated in {time.perf_counter() - started:.1f} s", flush=True)
    return raw


def read_once(raw):
    """Seconds to read every raw file once, every column materialised as text
    (as the project reads them), into an in-memory table; and the rows."""
    con = duckdb.connect()
    started = time.perf_counter()
    rows = 0
    for number, source in enumerate(SOURCES):
        pattern = f"{raw}/{source}*.[cC][sS][vV]".replace("'", "''")
        con.execute(f"create table raw_{number} as select * from read_csv('{pattern}', "
                    f"all_varchar = true, union_by_name = true, header = true, delim = ',', "
                    f"quote = '\"', escape = '\"')")
        rows += con.execute(f"select count(*) from raw_{number}").fetchone()[0]
    seconds = time.perf_counter() - started
    con.close()
    return seconds, rows


def dbt_build(raw, work, name):
    """Seconds of a full `dbt build` of raw into a fresh DuckDB file; the
    build's run_results."""
    db = work / f"{name}.duckdb"
    for path in (db, Path(str(db) + ".wal")):
        if path.exists():
            path.unlink()
    target = work / f"target_{name}"
    shutil.rmtree(target, ignore_errors=True)
    env = dict(os.environ, SAAS_RAW_DIR=str(raw), SAAS_DUCKDB_PATH=str(db), DBT_TARGET_PATH=str(target),
               DBT_SEND_ANONYMOUS_USAGE_STATS="false")
    dbt = str(Path(sys.executable).parent / "dbt")
    started = time.perf_counter()
    subprocess.run([dbt, "build", "-q", "--profiles-dir", str(ROOT), "--project-dir", str(ROOT)],
                   env=env, check=True)
    seconds = time.perf_counter() - started
    return seconds, db, json.loads((target / "run_results.json").read_text())["results"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=5000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=20230101)
    parser.add_argument("--tiny-customers", type=int, default=10)
    parser.add_argument("--work", default="/tmp/saas_metrics_benchmark")
    args = parser.parse_args()

    work = Path(args.work)
    raw = generate(work, args.customers, args.months, args.seed)
    tiny = generate(work, args.tiny_customers, args.months, args.seed)
    size = sum(p.stat().st_size for p in raw.rglob("*.csv"))

    reads = [read_once(raw) for _ in range(3)]
    read_seconds, rows = statistics.median(r[0] for r in reads), reads[0][1]
    print(f"raw folder           {raw} ({size / 1e6:.0f} MB, {rows:,} rows)", flush=True)
    print(f"read raw files once  {read_seconds:.1f} s (median of {', '.join(f'{r[0]:.1f}' for r in reads)})",
          flush=True)

    fixed_seconds, _, _ = dbt_build(tiny, work, "tiny")
    print(f"fixed cost           {fixed_seconds:.1f} s (dbt build on {args.tiny_customers} customers)", flush=True)
    build_seconds, db, timings = dbt_build(raw, work, "full")
    # the largest resident set of any child so far: the full build's dbt
    # process, DuckDB inside it (the tiny build and the generator are smaller)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    data_seconds = build_seconds - fixed_seconds

    con = duckdb.connect(str(db), read_only=True)
    customer_months = con.execute("select count(*) from intermediate.int_customer_months").fetchone()[0]
    con.close()

    print(f"dbt build (all)      {build_seconds:.1f} s, peak RSS {peak_mb:,.0f} MB")
    print(f"data-dependent time  {data_seconds:.1f} s = {data_seconds / read_seconds:.1f} x the read")
    print(f"customer-months      {customer_months:,}")
    print(f"build / read         {build_seconds / read_seconds:.1f} x")
    print("slowest nodes:")
    for result in sorted(timings, key=lambda r: -r["execution_time"])[:12]:
        print(f"  {result['execution_time']:6.1f} s  {result['unique_id'].split('.')[-1]}")


if __name__ == "__main__":
    main()
