"""audit chain: each event hashes the previous one

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

# The append-only triggers of 0006 are set aside while existing events get their hash, then put back.
PAUSE = {
    "sqlite": ["DROP TRIGGER audit_events_no_update"],
    "postgresql": ["ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change"],
}
RESUME = {
    "sqlite": ["CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
               "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"],
    "postgresql": ["ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change"],
}


def upgrade() -> None:
    from workbench.access.chain import link

    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chain', sa.String(length=64), nullable=True))
    connection = op.get_bind()
    dialect = connection.dialect.name
    for statement in PAUSE[dialect]:
        op.execute(statement)
    events = sa.table("audit_events", *(sa.column(c) for c in (
        "id", "at", "username", "role", "via", "action", "file", "table_name", "dataset", "school_codes", "rows",
        "before", "after", "detail_complete", "chain")))
    previous = ""
    for event in connection.execute(sa.select(events).order_by(events.c.id)).mappings().all():
        previous = link(previous, dict(event))
        connection.execute(events.update().where(events.c.id == event["id"]).values(chain=previous))
    for statement in RESUME[dialect]:
        op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('chain')
