"""The dashboard's revenue page (views.revenue); runs on its own too, as Streamlit's AppTest does."""
from saas_metrics.dashboard.views import render

render("revenue")
