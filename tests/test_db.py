"""The schema comes from the migrations and matches the models, on both databases."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from workbench.db import make_engine, migrate, require_schema, resolve_url
from workbench.exceptions import InputError, WorkbenchError
from workbench.models import Base, Level, Province, Region, TayssirRule


def test_migrations_build_exactly_the_models(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_reference_data_is_loaded(engine):
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Region)).scalar_one() == 12
        assert connection.execute(select(func.count()).select_from(Province)).scalar_one() == 82
        assert connection.execute(select(func.count()).select_from(Level)).scalar_one() == 12
        rule = connection.execute(select(TayssirRule).where(TayssirRule.level_code == "1AC")).one()
    assert (rule.monthly_amount_mad, rule.max_absences_per_month) == (140, 6)


def test_migrating_twice_changes_nothing(engine):
    migrate(engine)
    require_schema(engine)


def test_an_uninitialised_database_says_to_run_init(tmp_path):
    with pytest.raises(WorkbenchError, match="workbench init"):
        require_schema(make_engine(f"sqlite:///{tmp_path / 'empty.db'}"))


def test_postgres_urls_use_psycopg3():
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_a_malformed_url_is_bad_input():
    with pytest.raises(InputError, match="not a database URL"):
        make_engine("not a url")
