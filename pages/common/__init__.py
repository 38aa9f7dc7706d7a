"""What the pages share, one module per concern:

* ``dataset``  – which tracker or snapshot is shown, the cached loaders and the snapshot store;
* ``identity`` – the settings from the secrets file (fail closed), who is signed in, and their role;
* ``sidebar``  – the sidebar, its shared filters and the page header;
* ``widgets``  – small drawing helpers: charts with alt text, downloads, Markdown escaping.

This is a package, not a page: Streamlit's page discovery only looks at ``pages/*.py``.
"""
