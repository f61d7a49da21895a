"""The dashboard's customers page (views.customers); runs on its own too, as Streamlit's AppTest does."""
from saas_metrics.dashboard.views import render

render("customers")
