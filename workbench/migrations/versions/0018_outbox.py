"""the outbox: one table of every message to a person (outbox_messages), and where people are reached
(users.email, users.phone, guardians.email)

Revision ID: 0018
Revises: 0017
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('dedupe_key', sa.String(length=200), nullable=True),
    sa.Column('school_code', sa.String(length=6), nullable=True),
    sa.Column('recipient_name', sa.String(length=160), nullable=False),
    sa.Column('channel', sa.String(length=5), nullable=False),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=8), server_default='queued', nullable=False),
    sa.Column('tries', sa.Integer(), server_default='0', nullable=False),
    sa.Column('next_try_at', sa.DateTime(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("channel IN ('email', 'sms')", name=op.f('ck_outbox_messages_channel')),
    sa.CheckConstraint("language IN ('ar', 'fr')", name=op.f('ck_outbox_messages_language')),
    sa.CheckConstraint("state IN ('queued', 'sending', 'sent', 'failed')", name=op.f('ck_outbox_messages_state')),
    sa.ForeignKeyConstraint(['school_code'], ['schools.code'], name=op.f('fk_outbox_messages_school_code_schools')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_messages_state_next_try_at', ['state', 'next_try_at'], unique=False)
        batch_op.create_index('ix_outbox_messages_kind_dedupe_key', ['kind', 'dedupe_key'], unique=False)
        batch_op.create_index('ix_outbox_messages_school_code', ['school_code'], unique=False)
    # Columns added in place (SQLite's ADD COLUMN): no copy of the tables under their foreign keys.
    with op.batch_alter_table('users', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('phone', sa.String(length=20), nullable=True))
    with op.batch_alter_table('guardians', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('guardians', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('email')
    with op.batch_alter_table('users', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('phone')
        batch_op.drop_column('email')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_school_code')
        batch_op.drop_index('ix_outbox_messages_kind_dedupe_key')
        batch_op.drop_index('ix_outbox_messages_state_next_try_at')
    op.drop_table('outbox_messages')
