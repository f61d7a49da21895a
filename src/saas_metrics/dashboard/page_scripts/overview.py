"""The dashboard's overview page (views.overview); runs on its own too, as Streamlit's AppTest does."""
from saas_metrics.dashboard.views import render

render("overview")
