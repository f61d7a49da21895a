"""The dashboard's entry point (`saas-dashboard` runs it with Streamlit): one
page per entry of catalog.PAGES, at http://127.0.0.1:8501/<page>."""
from pathlib import Path

import streamlit as st

from saas_metrics.dashboard.catalog import PAGES

PAGES_DIR = Path(__file__).parent / "page_scripts"

# No icon (here or in catalog.PAGES): Streamlit fetches a Material icon used
# as favicon from fonts.gstatic.com; its default favicon is served locally.
st.set_page_config(page_title="SaaS metrics", layout="wide")
navigation = st.navigation([
    st.Page(PAGES_DIR / ("%s.py" % page.slug), title=page.title, url_path=page.slug,
            default=index == 0)
    for index, page in enumerate(PAGES)])
navigation.run()
