"""Where the repository's files are, for every module of the package.

The package is installed editable (scripts/_common.sh: pip install -e .), so
this file stays in the repository, at src/saas_metrics/paths.py: the
repository's root (the dbt project: dbt_project.yml, profiles.yml, models/,
seeds/, sample_data/) is two folders above its own.
"""
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
