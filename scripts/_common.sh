# Shared by the project's scripts: a local virtual environment with the
# pinned stack (requirements.txt) and the package, and the defaults of every setting.
# Sourced, not run.
set -euo pipefail

PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$PROJECT_ROOT"

export SAAS_RAW_DIR="${SAAS_RAW_DIR:-$PROJECT_ROOT/sample_data/raw}"
export SAAS_DUCKDB_PATH="${SAAS_DUCKDB_PATH:-$PROJECT_ROOT/saas_metrics.duckdb}"
export DBT_PROFILES_DIR="$PROJECT_ROOT"
export DBT_PROJECT_DIR="$PROJECT_ROOT"
export DBT_SEND_ANONYMOUS_USAGE_STATS=false

step() { printf '\n==> %s\n' "$*"; }

# The package saas_metrics (src/, pyproject.toml) is installed editable after
# the requirements: scripts/*.py and the console entry points import it. Its
# build needs setuptools>=68, which pip's build isolation fetches.
ensure_venv() {
    local stamp=".venv/.requirements.sha"
    local want
    want="$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)"
    if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    step "Installing the pinned stack into .venv (requirements.txt) and the package saas_metrics (pyproject.toml)"
    python3 -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet --progress-bar off -r requirements.txt
    .venv/bin/python -m pip install --quiet --progress-bar off --no-deps -e .
    echo "$want" > "$stamp"
    echo "installed: $(.venv/bin/dbt --version | grep -E 'installed|duckdb:' | tr -s ' ' | paste -sd ' ')"
}

ensure_venv
export PATH="$PROJECT_ROOT/.venv/bin:$PATH"

# The `spark` target's packages (requirements-spark.txt, on top of the pinned
# stack) and what Spark needs around them: Java 17 (installed from Debian's
# packages when missing and we are root) and every listener on 127.0.0.1.
# Called by scripts/spark.sh and by the test command's Spark comparison.
ensure_spark_stack() {
    local stamp=".venv/.requirements-spark.sha"
    local want
    want="$(cat requirements.txt requirements-spark.txt | sha256sum | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        step "Installing the Spark stack into .venv (requirements-spark.txt)"
        .venv/bin/python -m pip install --quiet --progress-bar off -r requirements-spark.txt
        echo "$want" > "$stamp"
    fi
    if ! command -v java >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
            step "Installing Java 17 for Spark (Debian: openjdk-17-jre-headless)"
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jre-headless >/dev/null \
                || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jre-headless >/dev/null; }
        else
            echo "Spark needs Java 17: apt-get install openjdk-17-jre-headless" >&2
            return 1
        fi
    fi
    export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
}

# Debian's Chromium for the dashboard's browser test (Playwright drives it
# with executable_path: a browser download is not possible here). Installed
# from Debian's packages when missing and we are root.
ensure_chromium() {
    export SAAS_CHROMIUM="${SAAS_CHROMIUM:-/usr/bin/chromium}"
    if [ -x "$SAAS_CHROMIUM" ]; then
        return 0
    fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        step "Installing Chromium for the dashboard's browser test (Debian: chromium)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null \
            || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }
    else
        echo "The dashboard's browser test needs Chromium: apt-get install chromium (or set SAAS_CHROMIUM)" >&2
        return 1
    fi
}
