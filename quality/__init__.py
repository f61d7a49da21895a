"""Great Expectations checks of the raw exports and of the marts.

`quality.raw_suites` and `quality.mart_suites` define the expectation suites,
`quality.runner` validates them (scripts/validate_quality.py is the command).
See quality/README.md.
"""
import os

# No usage statistics from a validation run (Great Expectations' own switch).
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
