"""Covering index for kit beneficiaries; distributions record the school where the kit was handed out

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Beneficiaries are counted from this index alone (no table lookups), per school in order.
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_index('ix_enrolments_year_school')
        batch_op.create_index('ix_enrolments_year_school',
                              ['year', 'school_code', 'level_code', 'kit_excluded', 'left_on'], unique=False)
    with op.batch_alter_table('distributions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('school_code', sa.String(length=6), nullable=True))
    op.execute("UPDATE distributions SET school_code = (SELECT e.school_code FROM enrolments e "
               "WHERE e.massar_code = distributions.massar_code AND e.year = distributions.year)")
    with op.batch_alter_table('distributions', schema=None) as batch_op:
        batch_op.alter_column('school_code', existing_type=sa.String(length=6), nullable=False)
        batch_op.create_foreign_key(op.f('fk_distributions_school_code_schools'), 'schools', ['school_code'],
                                    ['code'])
        batch_op.create_index('ix_distributions_year_school', ['year', 'school_code', 'complete'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('distributions', schema=None) as batch_op:
        batch_op.drop_index('ix_distributions_year_school')
        batch_op.drop_constraint(op.f('fk_distributions_school_code_schools'), type_='foreignkey')
        batch_op.drop_column('school_code')
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_index('ix_enrolments_year_school')
        batch_op.create_index('ix_enrolments_year_school', ['year', 'school_code'], unique=False)
