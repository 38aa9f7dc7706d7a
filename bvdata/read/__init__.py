"""Reading: a file's bytes to a clean table, every row traceable to its sheet and row.

Five stages, each importing only those below it (the inner contract in .importlinter):

    assembly          the tables found made one Tracker; theme scores; a mapping given as data
    finding | door    where the table is (header, layout) | the checks and the reader child
    formats           one module per kind of file, in a registry; run inside the reader child
    cells             one value's meaning: dates, numbers, progress words; the grid of a sheet

May import: bvdata.base. Never the store, the owners, the papers or the command line.
"""
