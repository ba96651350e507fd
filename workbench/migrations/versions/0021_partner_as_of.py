"""partner requests may carry as_of: the date a partner asks the child's schooling status on

Revision ID: 0021
Revises: 0020
"""
import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('partner_requests') as batch:
        batch.add_column(sa.Column('as_of', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('partner_requests') as batch:
        batch.drop_column('as_of')
