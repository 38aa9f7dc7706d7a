"""Reading: a file's bytes to a clean table, every row traceable to its sheet and row.

The door refuses hostile files and cleans every cell (``guard``), the reader child reads the cells in
another process under a memory cap (``child``, running ``child_main``), and ``tracker`` finds the
tables (``layout``, ``views``), reads their values (``values``, ``asat``, ``assemble``, ``progress``,
``formulas``), applies a column mapping given to it (``mapping``, ``mapping_schema``; it never opens
the store) and gives a ``Tracker``. Theme scores (``themes``) and self-assessments (``framework``) are
read here too, and ``resave`` counts what a re-saved workbook would lose.

May import: bvdata.base. Never the store, the owners, the papers or the command line.
"""
