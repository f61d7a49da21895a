"""Great Expectations checks of the raw exports and of the marts.

`saas_metrics.quality.raw_suites` and `saas_metrics.quality.mart_suites`
define the expectation suites, `saas_metrics.quality.runner` validates them
(scripts/validate_quality.py, or the entry point saas-validate-quality, is
the command). See README.md next to this file.
"""
import os

# No usage statistics from a validation run (Great Expectations' own switch).
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
