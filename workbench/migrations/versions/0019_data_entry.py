"""data_entry: the school calendar (data_entry_calendar) and the absence sheets entered (data_entry_absence_sheets)

Revision ID: 0019
Revises: 0018
"""
import sqlalchemy as sa
from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('data_entry_calendar',
    sa.Column('year', sa.String(length=9), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=False),
    sa.Column('school_code', sa.String(length=6), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('label_fr', sa.String(length=160), nullable=False),
    sa.Column('label_ar', sa.String(length=160), nullable=False),
    sa.CheckConstraint("kind IN ('holiday', 'closure')", name=op.f('ck_data_entry_calendar_kind')),
    sa.ForeignKeyConstraint(['year'], ['school_years.code'], name=op.f('fk_data_entry_calendar_year_school_years')),
    sa.PrimaryKeyConstraint('year', 'closed_on', 'school_code', name=op.f('pk_data_entry_calendar'))
    )
    op.create_table('data_entry_absence_sheets',
    sa.Column('year', sa.String(length=9), nullable=False),
    sa.Column('school_code', sa.String(length=6), nullable=False),
    sa.Column('class_code', sa.String(length=24), nullable=False),
    sa.Column('sheet_date', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['school_code', 'year', 'class_code'], ['classes.school_code', 'classes.year', 'classes.class_code'], name='fk_data_entry_absence_sheets_class'),
    sa.ForeignKeyConstraint(['school_code'], ['schools.code'], name=op.f('fk_data_entry_absence_sheets_school_code_schools')),
    sa.ForeignKeyConstraint(['year'], ['school_years.code'], name=op.f('fk_data_entry_absence_sheets_year_school_years')),
    sa.PrimaryKeyConstraint('year', 'school_code', 'class_code', 'sheet_date', name=op.f('pk_data_entry_absence_sheets'))
    )


def downgrade() -> None:
    op.drop_table('data_entry_absence_sheets')
    op.drop_table('data_entry_calendar')
