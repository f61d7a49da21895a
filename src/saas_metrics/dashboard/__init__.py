"""The dashboard: a Streamlit app on the marts of the published DuckDB file (docs/dashboard.md)."""
