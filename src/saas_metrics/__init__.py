"""The saas_metrics project's Python tooling, one importable package.

The commands of scripts/*.py are thin shims over these modules, and the
console entry points of pyproject.toml ([project.scripts]) call the same
`main` functions. The repository's folders (the dbt project, the sample,
the seeds) are in `saas_metrics.paths`.
"""
