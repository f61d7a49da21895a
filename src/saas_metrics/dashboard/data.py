"""What the dashboard reads: the marts of the DuckDB file SAAS_DUCKDB_PATH.

Every read opens the file read-only, fetches one mart and closes it again, so
the dashboard never holds the file open: a build (or a publish, which moves
a new file into place) is never blocked by it, and the next read sees the
newly published marts. A mart that is missing, empty or unreadable is
returned as a plain-words message instead of a table.
"""
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import yaml

from saas_metrics.paths import PROJECT_ROOT

MARTS_SCHEMA = "marts"


def database_path():
    return Path(os.environ.get("SAAS_DUCKDB_PATH", PROJECT_ROOT / "saas_metrics.duckdb"))


@dataclass(frozen=True)
class Unavailable:
    """Why a mart cannot be shown, in words for the reader."""
    message: str


def _file_state(path):
    """(inode, size, mtime): changes when a build writes or a publish replaces the file."""
    stat = path.stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def read_mart(name, path=None):
    """The mart `marts.<name>` as a DataFrame, or an Unavailable with the reason."""
    path = Path(path) if path else database_path()
    if not path.exists():
        return Unavailable("No database at %s yet. Run the build first: bash scripts/build.sh" % path)
    try:
        return _read_cached(str(path), _file_state(path), name)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            return Unavailable("The database %s is being written by a build right now; reload this page "
                               "when it has finished." % path)
        return Unavailable("The database %s cannot be read: %s" % (path, error))
    except duckdb.Error as error:
        return Unavailable("The database %s cannot be read: %s" % (path, error))


_CACHE = {}


def _read_cached(path, state, name):
    key = (path, state, name)
    if key not in _CACHE:
        if len(_CACHE) > 64:
            _CACHE.clear()
        _CACHE[key] = _read(path, name)
    return _CACHE[key]


def _read(path, name):
    connection = duckdb.connect(path, read_only=True)
    try:
        exists = connection.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [MARTS_SCHEMA, name]).fetchone()[0]
        if not exists:
            return Unavailable("The mart %s.%s is not in %s: it was not built (or the build that makes it "
                               "failed). Run the build: bash scripts/build.sh" % (MARTS_SCHEMA, name, path))
        frame = connection.execute('select * from %s."%s"' % (MARTS_SCHEMA, name)).df()
    finally:
        connection.close()
    if frame.empty:
        return Unavailable("The mart %s.%s is empty: the raw folder has no data for it yet." % (MARTS_SCHEMA, name))
    return frame


def reporting_currency():
    """The currency the marts are in: the build's (marts.build_info) when the
    publish recorded it, else the project's var reporting_currency."""
    info = read_mart("build_info")
    if not isinstance(info, Unavailable) and "reporting_currency" in info.columns:
        return str(info["reporting_currency"].iloc[0]).upper()
    with open(PROJECT_ROOT / "dbt_project.yml", encoding="utf-8") as project:
        return str(yaml.safe_load(project)["vars"]["reporting_currency"]).upper()


def months_of(frame, column="month"):
    """The distinct months of a mart, oldest first, as dates."""
    return sorted(pd.to_datetime(frame[column]).dt.date.unique())


def health_band_order():
    """The health bands, healthiest first: the seed the marts' bands come from
    (seeds/reference/health_bands.csv), so a renamed or added band needs no change here."""
    bands = pd.read_csv(PROJECT_ROOT / "seeds" / "reference" / "health_bands.csv")
    return list(bands.sort_values("band_order")["health_band"])
