"""Build, test and publish the marts atomically (docs/publishing.md).

    saas-publish [dbt build arguments ...]   build + every test + publish
    saas-publish --restore                   put the last good DuckDB file back
    saas-publish --skip-docs ...             the same without `dbt docs generate`

A reader never blocks the build, never sees half-built marts, and a failed
build changes nothing it reads:

- DuckDB (the default target): the build writes a working file beside the
  published one, SAAS_DUCKDB_PATH + ".building", which starts as a copy of
  the published file (the Segment base models are incremental). Only when
  `dbt build` (every model, data test and unit test) passed is
  marts.build_info written, the docs generated, the file checkpointed and
  closed; then the published file is kept as SAAS_DUCKDB_PATH + ".last_good"
  (a hard link) and the working file renamed onto the published path
  (os.replace: atomic). A failed or killed build leaves the published file
  as it was, byte for byte. `--restore` copies the last good file back with
  the same atomic rename.
- PostgreSQL: the marts are built into schema marts__staging
  (SAAS_MARTS_SCHEMA, read by macros/generate_schema_name.sql), with their
  grants; when the build passed, marts.build_info is written there and one
  transaction renames marts to marts__previous and marts__staging to marts
  (the BI reader roles keep USAGE and SELECT); marts__previous is dropped
  after the commit, then the docs are generated. A failed build drops the
  staging schema: marts is as it was.
- Spark: `dbt build` as is (no atomic swap: docs/publishing.md).

Progress goes to stdout in plain words; no setting's value but paths and
schema names is printed. Exits non-zero when anything fails: nothing is
published then, but on PostgreSQL a `dbt docs generate` that fails after
the swap (the marts are published; the command says so).
"""
import argparse
import fcntl
import json
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from saas_metrics.paths import PROJECT_ROOT

MARTS_SCHEMA = "marts"
BUILD_INFO_TABLE = "build_info"
WORKING_SUFFIX = ".building"
LAST_GOOD_SUFFIX = ".last_good"
LOCK_SUFFIX = ".publish.lock"
PG_STAGING_SCHEMA = MARTS_SCHEMA + "__staging"
PG_PREVIOUS_SCHEMA = MARTS_SCHEMA + "__previous"
# How long the drop of the previous marts schema on PostgreSQL waits for a
# reader still in a transaction on the old tables; then it is left for the
# next publish to drop (it is no longer readable by the BI roles).
PG_DROP_LOCK_TIMEOUT = "30s"
# Columns of marts.build_info, in order (DuckDB type, PostgreSQL type).
BUILD_INFO_COLUMNS = (
    ("published_at", "timestamp", "timestamp"),         # UTC, when the marts were published
    ("run_id", "varchar", "text"),                       # dbt's invocation_id of the build
    ("as_of_date", "date", "date"),                      # var as_of_date, else the latest activity's date
    ("last_reporting_month", "date", "date"),            # the last month of every monthly mart
    ("project_version", "varchar", "text"),              # dbt_project.yml version
    ("dbt_version", "varchar", "text"),
    ("target", "varchar", "text"),                       # the profile target built
    ("reporting_currency", "varchar", "text"),           # var reporting_currency: the marts' money
    ("mart_row_counts", "varchar", "text"),              # JSON {mart: rows}
)


class PublishError(Exception):
    """A publish step failed; the published marts are unchanged."""


def say(message):
    print("publish: " + message, flush=True)


# ------------------------------------------------------------- arguments --

def option_value(args, *names):
    """The value of the last `--name value` or `--name=value` among dbt's arguments, else None."""
    value = None
    for index, arg in enumerate(args):
        for name in names:
            if arg == name and index + 1 < len(args):
                value = args[index + 1]
            elif arg.startswith(name + "="):
                value = arg.split("=", 1)[1]
    return value


def docs_arguments(args):
    """The arguments of `dbt build` that `dbt docs generate` shares (target, vars, paths, profile)."""
    kept = []
    for name in ("--target", "-t", "--vars", "--target-path", "--profile"):
        value = option_value(args, name)
        if value is not None:
            kept += [name, value]
    return kept


class Settings:
    def __init__(self, dbt_args):
        self.dbt_args = list(dbt_args)
        self.project_dir = Path(os.environ.get("DBT_PROJECT_DIR") or PROJECT_ROOT).resolve()
        self.profiles_dir = Path(os.environ.get("DBT_PROFILES_DIR") or self.project_dir).resolve()
        self.target = option_value(self.dbt_args, "--target", "-t") or os.environ.get("SAAS_DBT_TARGET", "duckdb")
        target_path = (option_value(self.dbt_args, "--target-path") or os.environ.get("DBT_TARGET_PATH")
                       or "target")
        self.target_path = (self.project_dir / target_path).resolve()
        published = Path(os.environ.get("SAAS_DUCKDB_PATH") or "saas_metrics.duckdb")
        self.published = published if published.is_absolute() else (self.project_dir / published)

    @property
    def working(self):
        return self.published.with_name(self.published.name + WORKING_SUFFIX)

    @property
    def last_good(self):
        return self.published.with_name(self.published.name + LAST_GOOD_SUFFIX)

    def env(self, **overrides):
        env = dict(os.environ, DBT_PROJECT_DIR=str(self.project_dir), DBT_PROFILES_DIR=str(self.profiles_dir),
                   DBT_SEND_ANONYMOUS_USAGE_STATS="false")
        env.update(overrides)
        return env


def dbt_executable():
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


def run_dbt(settings, command, args, env):
    say("dbt %s %s" % (command, " ".join(args)) if args else "dbt %s" % command)
    return subprocess.run([dbt_executable(), command, *args], env=env, cwd=settings.project_dir).returncode


# -------------------------------------------------------------- metadata --

def project_version(settings):
    for line in (settings.project_dir / "dbt_project.yml").read_text().splitlines():
        if line.startswith("version:"):
            return line.split(":", 1)[1].strip().strip("'\"")
    return None


def run_metadata(settings):
    """(invocation_id, dbt_version) of the build just run, from its run_results.json."""
    path = settings.target_path / "run_results.json"
    metadata = json.loads(path.read_text())["metadata"]
    return metadata["invocation_id"], metadata.get("dbt_version")


def cli_var(settings, name):
    """Var `name` when given on the command line (`--vars`), else None."""
    text = option_value(settings.dbt_args, "--vars")
    if not text:
        return None
    try:
        import yaml

        value = (yaml.safe_load(text) or {}).get(name)
    except Exception:  # noqa: BLE001 - an unreadable --vars was dbt's to reject
        return None
    return None if value is None else str(value)


def as_of_var(settings):
    """Var as_of_date when given on the command line (`--vars`), else None."""
    value = cli_var(settings, "as_of_date")
    return value[:10] if value else None


def reporting_currency(settings):
    """Var reporting_currency of the build: `--vars`, else dbt_project.yml's."""
    import yaml

    value = cli_var(settings, "reporting_currency")
    if value is None:
        project = yaml.safe_load((settings.project_dir / "dbt_project.yml").read_text())
        value = project["vars"]["reporting_currency"]
    return str(value).upper()


def build_info_row(settings, cursor_query, schema):
    """The row of marts.build_info, reading the built database with cursor_query(sql) -> rows."""
    run_id, dbt_version = run_metadata(settings)
    tables = [name for (name,) in cursor_query(
        "select table_name from information_schema.tables where table_schema = '%s' "
        "and table_name <> '%s' order by 1" % (schema, BUILD_INFO_TABLE))]
    counts = {name: cursor_query('select count(*) from %s."%s"' % (schema, name))[0][0] for name in tables}
    as_of = as_of_var(settings)
    if as_of is None:
        latest = cursor_query("select max(latest_activity_at) from intermediate.int_activity_bounds")[0][0]
        as_of = str(latest)[:10] if latest is not None else None
    last_month = cursor_query("select max(month) from intermediate.int_reporting_months")[0][0]
    return (datetime.now(timezone.utc).replace(tzinfo=None), run_id, as_of,
            str(last_month)[:10] if last_month is not None else None, project_version(settings), dbt_version,
            settings.target, reporting_currency(settings), json.dumps(counts, sort_keys=True))


# ---------------------------------------------------------------- DuckDB --

def remove_duckdb_file(path):
    """A DuckDB file with its write-ahead log and spill folder."""
    for leftover in (path, path.with_name(path.name + ".wal")):
        if leftover.exists():
            leftover.unlink()
    shutil.rmtree(path.with_name(path.name + ".tmp"), ignore_errors=True)


def fsync_folder(folder):
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_atomically(source, destination, link=False):
    """Put a copy (or hard link) of source at destination with one rename: destination is
    at every moment either the old file or the complete new one."""
    temporary = destination.with_name(destination.name + ".incoming")
    if temporary.exists():
        temporary.unlink()
    linked = False
    if link:
        try:
            os.link(source, temporary)
            linked = True
        except OSError:
            pass
    if not linked:
        shutil.copyfile(source, temporary)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
    os.replace(temporary, destination)
    fsync_folder(destination.parent)


@contextmanager
def publish_lock(settings):
    """One publish at a time per published file (a second one stops at once)."""
    path = settings.published.with_name(settings.published.name + LOCK_SUFFIX)
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError("another publish of %s is running (lock %s)" % (settings.published, path)) from None
        yield


def write_build_info_duckdb(settings, path):
    import duckdb

    connection = duckdb.connect(str(path))
    try:
        row = build_info_row(settings, lambda sql: connection.execute(sql).fetchall(), MARTS_SCHEMA)
        connection.execute("create schema if not exists %s" % MARTS_SCHEMA)
        connection.execute("create or replace table %s.%s (%s)" % (
            MARTS_SCHEMA, BUILD_INFO_TABLE, ", ".join("%s %s" % (name, kind) for name, kind, _ in BUILD_INFO_COLUMNS)))
        connection.execute("insert into %s.%s values (%s)" % (
            MARTS_SCHEMA, BUILD_INFO_TABLE, ", ".join("?" * len(BUILD_INFO_COLUMNS))), list(row))
    finally:
        connection.close()
    return row


def checkpoint_duckdb(path):
    import duckdb

    connection = duckdb.connect(str(path))
    try:
        connection.execute("checkpoint")
    finally:
        connection.close()
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        raise PublishError("%s still has a write-ahead log after CHECKPOINT" % path)


def publish_duckdb(settings, docs=True):
    published, working, last_good = settings.published, settings.working, settings.last_good
    published.parent.mkdir(parents=True, exist_ok=True)
    with publish_lock(settings):
        remove_duckdb_file(working)
        if published.exists():
            say("working file %s: a copy of the published %s" % (working, published))
            shutil.copyfile(published, working)
        else:
            say("working file %s (nothing published yet at %s)" % (working, published))
        env = settings.env(SAAS_DUCKDB_PATH=str(working))
        try:
            code = run_dbt(settings, "build", settings.dbt_args, env)
            if code != 0:
                raise PublishError("dbt build failed (exit code %d)" % code)
            row = write_build_info_duckdb(settings, working)
            say("marts.build_info: run_id %s, as of %s, %d marts" % (row[1], row[2], len(json.loads(row[-1]))))
            if docs:
                code = run_dbt(settings, "docs", ["generate", *docs_arguments(settings.dbt_args)], env)
                if code != 0:
                    raise PublishError("dbt docs generate failed (exit code %d)" % code)
            checkpoint_duckdb(working)
        except BaseException:
            remove_duckdb_file(working)
            raise
        if published.exists():
            replace_atomically(published, last_good, link=True)
            say("kept the previous file as %s (saas-publish --restore puts it back)" % last_good)
        stale_wal = published.with_name(published.name + ".wal")
        if stale_wal.exists():
            stale_wal.unlink()
        os.replace(working, published)
        fsync_folder(published.parent)
        shutil.rmtree(working.with_name(working.name + ".tmp"), ignore_errors=True)
    say("published %s (run_id %s)" % (published, row[1]))
    return 0


def restore_duckdb(settings):
    published, last_good = settings.published, settings.last_good
    if not last_good.exists():
        raise PublishError("no last good file %s to restore" % last_good)
    with publish_lock(settings):
        replace_atomically(last_good, published)
    say("restored %s from %s" % (published, last_good))
    return 0


# ------------------------------------------------------------ PostgreSQL --

def pg_connect():
    from saas_metrics import loader

    return loader.connect()


def pg_quote(name):
    return '"' + name.replace('"', '""') + '"'


def mart_nodes(settings):
    """The enabled models of the marts schema in the build's manifest: {name: node}."""
    manifest = json.loads((settings.target_path / "manifest.json").read_text())
    return {node["alias"] or node["name"]: node for node in manifest["nodes"].values()
            if node["resource_type"] == "model" and node["schema"] == PG_STAGING_SCHEMA}


def mart_grantees(nodes):
    roles = set()
    for node in nodes.values():
        for privilege, grantees in ((node.get("config") or {}).get("grants") or {}).items():
            if privilege.lower() == "select":
                roles.update([grantees] if isinstance(grantees, str) else grantees)
    return sorted(roles)


def pg_schema_exists(cursor, schema):
    cursor.execute("select 1 from pg_namespace where nspname = %s", (schema,))
    return cursor.fetchone() is not None


def write_build_info_postgres(settings, connection, schema, roles):
    cursor = connection.cursor()

    def query(sql):
        cursor.execute(sql)
        return cursor.fetchall()

    row = build_info_row(settings, query, schema)
    table = "%s.%s" % (pg_quote(schema), BUILD_INFO_TABLE)
    cursor.execute("create table %s (%s)" % (table, ", ".join("%s %s" % (name, kind)
                                                              for name, _, kind in BUILD_INFO_COLUMNS)))
    cursor.execute("insert into %s values (%s)" % (table, ", ".join(["%s"] * len(BUILD_INFO_COLUMNS))), row)
    for role in roles:
        cursor.execute("grant select on %s to %s" % (table, pg_quote(role)))
    connection.commit()
    return row


def publish_postgres(settings, docs=True):
    connection = pg_connect()
    connection.autocommit = True
    cursor = connection.cursor()
    try:
        # One publish at a time per database: a session-level advisory lock.
        cursor.execute("select pg_try_advisory_lock(hashtext('saas_metrics.publish'))")
        if not cursor.fetchone()[0]:
            raise PublishError("another publish is running on this database")
        for leftover in (PG_STAGING_SCHEMA, PG_PREVIOUS_SCHEMA):
            if pg_schema_exists(cursor, leftover):
                say("dropping schema %s left by an earlier publish" % leftover)
                cursor.execute("drop schema %s cascade" % pg_quote(leftover))
        env = settings.env(SAAS_MARTS_SCHEMA=PG_STAGING_SCHEMA)
        say("building the marts into schema %s (marts is unchanged until the swap)" % PG_STAGING_SCHEMA)
        try:
            code = run_dbt(settings, "build", settings.dbt_args, env)
            if code != 0:
                raise PublishError("dbt build failed (exit code %d)" % code)
            nodes = mart_nodes(settings)
            if not nodes:
                raise PublishError("the build put no mart in schema %s" % PG_STAGING_SCHEMA)
            cursor.execute("select table_name from information_schema.tables where table_schema = %s",
                           (PG_STAGING_SCHEMA,))
            missing = sorted(set(nodes) - {name for (name,) in cursor.fetchall()})
            if missing:
                raise PublishError("schema %s lacks %d marts (%s): a build that selects part of the marts "
                                   "cannot be published on PostgreSQL" % (PG_STAGING_SCHEMA, len(missing),
                                                                         ", ".join(missing[:5])))
            roles = mart_grantees(nodes)
            connection.autocommit = False
            row = write_build_info_postgres(settings, connection, PG_STAGING_SCHEMA, roles)
            say("%s.build_info: run_id %s, as of %s, %d marts" % (PG_STAGING_SCHEMA, row[1], row[2],
                                                                   len(json.loads(row[-1]))))
            swap_postgres(connection, roles)
        except BaseException:
            connection.rollback()
            connection.autocommit = True
            if pg_schema_exists(cursor, PG_STAGING_SCHEMA):
                cursor.execute("drop schema %s cascade" % pg_quote(PG_STAGING_SCHEMA))
            raise
        connection.autocommit = True
        drop_previous_postgres(cursor)
    finally:
        connection.close()
    say("published schema %s (run_id %s)" % (MARTS_SCHEMA, row[1]))
    if docs:
        # after the swap, so that the docs (and target/manifest.json) name schema marts
        published_env = settings.env()
        published_env.pop("SAAS_MARTS_SCHEMA", None)
        code = run_dbt(settings, "docs", ["generate", *docs_arguments(settings.dbt_args)], published_env)
        if code != 0:
            say("dbt docs generate failed (exit code %d); the marts are published" % code)
            return code
    return 0


def swap_postgres(connection, roles):
    """One transaction: the staged schema becomes marts, the old marts becomes marts__previous
    (no longer readable by the BI roles)."""
    cursor = connection.cursor()
    for role in roles:
        cursor.execute("grant usage on schema %s to %s" % (pg_quote(PG_STAGING_SCHEMA), pg_quote(role)))
    if pg_schema_exists(cursor, MARTS_SCHEMA):
        cursor.execute("alter schema %s rename to %s" % (pg_quote(MARTS_SCHEMA), pg_quote(PG_PREVIOUS_SCHEMA)))
        for role in roles:
            cursor.execute("revoke usage on schema %s from %s" % (pg_quote(PG_PREVIOUS_SCHEMA), pg_quote(role)))
    cursor.execute("alter schema %s rename to %s" % (pg_quote(PG_STAGING_SCHEMA), pg_quote(MARTS_SCHEMA)))
    connection.commit()
    say("swapped schema %s into %s in one transaction" % (PG_STAGING_SCHEMA, MARTS_SCHEMA))


def drop_previous_postgres(cursor):
    if not pg_schema_exists(cursor, PG_PREVIOUS_SCHEMA):
        return
    try:
        cursor.execute("set lock_timeout = '%s'" % PG_DROP_LOCK_TIMEOUT)
        cursor.execute("drop schema %s cascade" % pg_quote(PG_PREVIOUS_SCHEMA))
        cursor.execute("reset lock_timeout")
    except Exception as error:  # noqa: BLE001 - the swap is done; the next publish drops it
        say("could not drop schema %s yet (%s); the next publish drops it"
            % (PG_PREVIOUS_SCHEMA, str(error).splitlines()[0]))


# ------------------------------------------------------------------ main --

def parse(argv):
    parser = argparse.ArgumentParser(
        prog="saas-publish", description=__doc__.split("\n\n")[0], allow_abbrev=False,
        epilog="Every other argument goes to `dbt build`, e.g. saas-publish -s +mrr --vars '{gross_margin: 0.8}'.")
    parser.add_argument("--restore", action="store_true",
                        help="put the last good DuckDB file (SAAS_DUCKDB_PATH.last_good) back at SAAS_DUCKDB_PATH")
    parser.add_argument("--skip-docs", action="store_true", help="do not run `dbt docs generate` before publishing")
    return parser.parse_known_args(argv)


def main(argv=None):
    options, dbt_args = parse(sys.argv[1:] if argv is None else argv)
    settings = Settings(dbt_args)
    try:
        if options.restore:
            if settings.target != "duckdb":
                raise PublishError("--restore is for the DuckDB file; on %s see docs/publishing.md" % settings.target)
            return restore_duckdb(settings)
        if settings.target == "duckdb":
            return publish_duckdb(settings, docs=not options.skip_docs)
        if settings.target == "postgres":
            return publish_postgres(settings, docs=not options.skip_docs)
        say("target %s: dbt build without an atomic swap (docs/publishing.md)" % settings.target)
        code = run_dbt(settings, "build", dbt_args, settings.env())
        if code == 0 and not options.skip_docs:
            code = run_dbt(settings, "docs", ["generate", *docs_arguments(dbt_args)], settings.env())
        return code
    except PublishError as error:
        say("FAILED: %s; the published marts are unchanged" % error)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
