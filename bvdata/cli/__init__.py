"""The command line, ``python -m bvdata …``: the parser (``args``, which imports nothing heavy, so a
check can start reading before pandas is imported), the commands (``main``, ``store``, ``officers``),
what they share (``common``) and the health check (``doctor``).

May import: every other stage. Nothing imports it but bvdata.__main__.
"""
