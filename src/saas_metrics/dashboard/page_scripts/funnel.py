"""The dashboard's funnel page (views.funnel); runs on its own too, as Streamlit's AppTest does."""
from saas_metrics.dashboard.views import render

render("funnel")
