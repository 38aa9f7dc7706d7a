"""Papers: what leaves the app as a file or a figure.

The dashboard's Plotly figures (``figures``, pure functions: data in, figure out), the committee report
(``report``, built from ``docx_parts``) and its tagged PDF (``pdf``), the draft statement of compliance
(``statement``), table exports to Excel and CSV (``exports``) and the blank workbooks (``templates``).
Every writer is safe on its own: no formula, no character a file cannot hold.

May import: bvdata.store, bvdata.model, bvdata.read and bvdata.base. Never bvdata.owners.
"""
