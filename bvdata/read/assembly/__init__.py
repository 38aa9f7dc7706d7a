"""Assembly: the tables found turned into one ``Tracker``, every row traceable to its sheet and row.

``tracker`` (the entry: ``load_tracker`` and ``tracker_from_grids``), ``table`` and ``assemble`` (an
item's fields from its row), ``views`` (the same items shown twice), ``words`` (what the file calls its
items and groups), ``colours`` (status shown only by a cell's fill, with the document's own key),
``mapping`` and ``mapping_schema`` (a column mapping given as data: the reader never opens the store),
``themes`` and ``framework`` (theme scores and self-assessments), ``validation`` (the report's table).

May import: bvdata.base and the reader's lower stages.
"""
