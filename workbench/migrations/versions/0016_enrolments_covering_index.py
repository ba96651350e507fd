"""the year's enrolments of a scope read from their index alone (massar_code added to ix_enrolments_year_school)

Revision ID: 0016
Revises: 0015
"""
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

BEFORE = ['year', 'school_code', 'level_code', 'kit_excluded', 'left_on']


def upgrade() -> None:
    op.drop_index('ix_enrolments_year_school', table_name='enrolments')
    op.create_index('ix_enrolments_year_school', 'enrolments', [*BEFORE, 'massar_code'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_enrolments_year_school', table_name='enrolments')
    op.create_index('ix_enrolments_year_school', 'enrolments', BEFORE, unique=False)
