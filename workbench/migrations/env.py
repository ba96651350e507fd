"""Alembic environment: runs on the connection the workbench hands over (see workbench.db)."""

from alembic import context
from sqlalchemy import create_engine

from workbench.models import Base
from workbench.registry import load_models

load_models()  # every programme's tables, for autogenerate
target_metadata = Base.metadata
config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # plain `alembic` command line, using alembic.ini's URL
        from workbench.db import resolve_url

        engine = create_engine(resolve_url(config.get_main_option("sqlalchemy.url") or None))
        with engine.begin() as connection:
            _migrate(connection)
        return
    _migrate(connection)


def _migrate(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run()
