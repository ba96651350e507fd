"""PostgreSQL's two roles: the owner of the tables runs the migrations; the application role, used for everything
else, reads and writes the data but owns nothing, so it cannot set the audit trail's triggers aside."""

from __future__ import annotations

from sqlalchemy import Engine


def limit_application_role(owner: Engine, role: str) -> None:
    """PostgreSQL: the application role reads and writes the data but owns nothing, so it cannot set the audit
    trail's triggers aside; on the audit trail it may only read and append."""
    schema_name = owner.dialect.identifier_preparer.quote
    with owner.begin() as connection:
        schema = connection.exec_driver_sql("SELECT current_schema()").scalar()
        name, where = schema_name(role), schema_name(schema)
        for statement in (f"GRANT USAGE ON SCHEMA {where} TO {name}",
                          f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {where} TO {name}",
                          f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {where} TO {name}",
                          f"REVOKE UPDATE, DELETE, TRUNCATE ON {where}.audit_events FROM {name}",
                          f"REVOKE INSERT, UPDATE, DELETE ON {where}.alembic_version FROM {name}"):
            connection.exec_driver_sql(statement)
