"""Cells: what one value means, the lowest stage of reading.

``grid`` (one sheet's cells as the reader hands them on, and A1 column letters), ``values`` (a cell's
date, number, percentage or text), ``progress`` (a status word or % to the one progress state),
``fields`` (the action table's columns and types, from ``vocab/fields.csv``).

May import: bvdata.base. ``grid`` imports only the standard library: the reader child uses it.
"""
