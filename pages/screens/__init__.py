"""Screens that a page shows as one part of itself (the Data page's column mapping and publish form).
A package, not pages: Streamlit's page discovery only looks at ``pages/*.py``."""
