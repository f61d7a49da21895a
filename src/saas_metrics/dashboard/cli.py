"""`saas-dashboard`: serve the dashboard on the marts of SAAS_DUCKDB_PATH.

Streamlit listens on 127.0.0.1 (SAAS_DASHBOARD_ADDRESS to change it) and
port 8501 (SAAS_DASHBOARD_PORT), headless, with its usage statistics off, so
no call leaves the machine. Extra arguments go to `streamlit run`.
"""
import os
import sys
from pathlib import Path

from saas_metrics.dashboard import data

APP = Path(__file__).with_name("app.py")


def streamlit_arguments(extra=()):
    return ["streamlit", "run", str(APP),
            "--server.address", os.environ.get("SAAS_DASHBOARD_ADDRESS", "127.0.0.1"),
            "--server.port", os.environ.get("SAAS_DASHBOARD_PORT", "8501"),
            "--server.headless", "true",
            "--browser.gatherUsageStats", "false",
            "--global.showWarningOnDirectExecution", "false",
            *extra]


def main(argv=None):
    from streamlit.web import cli as streamlit_cli

    argv = sys.argv[1:] if argv is None else argv
    path = data.database_path()
    if not path.exists():
        print("No database at %s yet: run the build first (bash scripts/build.sh)." % path, file=sys.stderr)
        return 1
    os.environ["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    arguments = streamlit_arguments(argv)
    print("Dashboard on the marts of %s: http://%s:%s (Ctrl+C stops it)"
          % (path, arguments[arguments.index("--server.address") + 1], arguments[arguments.index("--server.port") + 1]))
    sys.argv = arguments
    return streamlit_cli.main()


if __name__ == "__main__":
    sys.exit(main())
