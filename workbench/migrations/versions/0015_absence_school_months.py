"""absence days per school and month (the overview's absences at region scale)

Revision ID: 0015
Revises: 0014
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('absence_school_months',
    sa.Column('year', sa.String(length=9), nullable=False),
    sa.Column('school_code', sa.String(length=6), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('unjustified_days', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['school_code'], ['schools.code'], name=op.f('fk_absence_school_months_school_code_schools')),
    sa.ForeignKeyConstraint(['year'], ['school_years.code'], name=op.f('fk_absence_school_months_year_school_years')),
    sa.PrimaryKeyConstraint('year', 'school_code', 'month', name=op.f('pk_absence_school_months'))
    )
    # Databases made before this migration: sum the pupil months already there, year by year (1 September to
    # 30 June, as workbench.codes.year_bounds says).
    connection = op.get_bind()
    insert = sa.text(
        "INSERT INTO absence_school_months (year, school_code, month, days, unjustified_days) "
        "SELECT :year, e.school_code, a.month, SUM(a.days), SUM(a.unjustified_days) "
        "FROM absence_months a JOIN enrolments e ON e.massar_code = a.massar_code AND e.year = :year "
        "WHERE a.month BETWEEN :starts AND :ends GROUP BY e.school_code, a.month"
    ).bindparams(sa.bindparam("starts", type_=sa.Date()), sa.bindparam("ends", type_=sa.Date()))
    for (year,) in connection.execute(sa.text("SELECT code FROM school_years")).all():
        first = int(year[:4])
        connection.execute(insert, {"year": year, "starts": dt.date(first, 9, 1), "ends": dt.date(first + 1, 6, 30)})


def downgrade() -> None:
    op.drop_table('absence_school_months')
