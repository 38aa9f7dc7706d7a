"""The door: a file's bytes are checked before any parser sees them, then read in the reader child.

``guard`` (the container checks, the format from the bytes, the one-sentence refusals, cells cleaned as
they come in), ``child`` (the reader child seen from the app: its process, memory cap, time limit and
messages), ``child_main`` (the child's program), ``resave`` (what a workbook re-saved would lose).

May import: bvdata.base, bvdata.read.cells, bvdata.read.formats.
"""
