"""The model: what the data means, worked out in memory from tables the reader gave.

Status rules and summaries (``status``), what moved between two versions (``compare``, ``history``),
the burn-up and forecast from points (``forecast``), an action's detail (``detail``) and the gaps in a
self-assessment (``gaps``). Pure functions of DataFrames: no engine, no files.

May import: bvdata.read and bvdata.base.
"""
