"""The dashboard's web page (views.web); runs on its own too, as Streamlit's AppTest does."""
from saas_metrics.dashboard.views import render

render("web")
