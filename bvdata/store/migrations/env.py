"""Alembic environment: the app hands over a live connection (see bvdata.store.engine.upgrade)."""
from alembic import context

from bvdata.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
