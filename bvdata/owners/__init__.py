"""The owner loop: lead officers keep their own actions up to date, analysts review, Excel stays the master.

``officers`` maps each spelling of a name to an address; ``updates`` are officers' proposals and the
analysts' decisions, every permission checked here on the server; ``reviewed`` publishes the accepted
ones as a snapshot, each value with its provenance, through ``writeback`` (the values written into
the analyst's own workbook); ``remind`` prepares and sends the reminder emails.

May import: bvdata.store, bvdata.model, bvdata.read and bvdata.base. Never bvdata.papers.
"""
