"""second-chance visits imported back: e2c_visit_findings (what the committee observed on each check of a centre)

Revision ID: 0022
Revises: 0021
"""
import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('e2c_visit_findings',
    sa.Column('year', sa.String(length=9), nullable=False),
    sa.Column('centre_code', sa.String(length=32), nullable=False),
    sa.Column('item', sa.String(length=16), nullable=False),
    sa.Column('visited_on', sa.Date(), nullable=False),
    sa.Column('observed', sa.Text(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.CheckConstraint("item IS NULL OR item IN ('premises', 'equipment', 'trades', 'learners', 'staff', 'tracking', "
                       "'plan')", name=op.f('ck_e2c_visit_findings_item')),
    sa.ForeignKeyConstraint(['centre_code'], ['e2c_centres.centre_code'],
                            name=op.f('fk_e2c_visit_findings_centre_code_e2c_centres')),
    sa.ForeignKeyConstraint(['year'], ['school_years.code'], name=op.f('fk_e2c_visit_findings_year_school_years')),
    sa.PrimaryKeyConstraint('year', 'centre_code', 'item', name=op.f('pk_e2c_visit_findings'))
    )


def downgrade() -> None:
    op.drop_table('e2c_visit_findings')
