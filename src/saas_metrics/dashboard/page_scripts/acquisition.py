"""The dashboard's acquisition page (views.acquisition); runs on its own too, as Streamlit's AppTest does."""
from saas_metrics.dashboard.views import render

render("acquisition")
