"""Finding the table: where a sheet's header row is and which column holds which field.

``header`` (a heading known by its words, with the values under it as evidence), ``layout`` (the
sheet's blocks: header, items, group rows, template rows, side blocks), ``asat`` (the date a sheet
says it is as at).

May import: bvdata.base, bvdata.read.cells.
"""
