# Shared by the project's scripts: a local virtual environment with the
# pinned stack (requirements.txt), and the defaults of every setting.
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

ensure_venv() {
    local stamp=".venv/.requirements.sha"
    local want
    want="$(sha256sum requirements.txt | cut -d' ' -f1)"
    if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    step "Installing the pinned stack into .venv (requirements.txt)"
    python3 -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet --progress-bar off -r requirements.txt
    echo "$want" > "$stamp"
    echo "installed: $(.venv/bin/dbt --version | grep -E 'installed|duckdb:' | tr -s ' ' | paste -sd ' ')"
}

ensure_venv
export PATH="$PROJECT_ROOT/.venv/bin:$PATH"
