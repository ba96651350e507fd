"""programme data out of the core tables: a commune's Tayssir targeting in tayssir_communes, a pupil's exclusion
from One Million Schoolbags in kit_exclusions (communes.tayssir_targeted and enrolments.kit_excluded dropped, the
enrolments' covering index without the flag)

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

INDEX_BEFORE = ['year', 'school_code', 'level_code', 'kit_excluded', 'left_on', 'massar_code']
INDEX_AFTER = ['year', 'school_code', 'level_code', 'left_on', 'massar_code']


def upgrade() -> None:
    op.create_table('tayssir_communes',
    sa.Column('commune_code', sa.String(length=32), nullable=False),
    sa.Column('targeted', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.ForeignKeyConstraint(['commune_code'], ['communes.code'],
                            name=op.f('fk_tayssir_communes_commune_code_communes')),
    sa.PrimaryKeyConstraint('commune_code', name=op.f('pk_tayssir_communes'))
    )
    op.create_table('kit_exclusions',
    sa.Column('year', sa.String(length=9), nullable=False),
    sa.Column('massar_code', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['massar_code', 'year'], ['enrolments.massar_code', 'enrolments.year'],
                            name='fk_kit_exclusions_enrolment'),
    sa.PrimaryKeyConstraint('year', 'massar_code', name=op.f('pk_kit_exclusions'))
    )
    # Every value kept: each commune's flag (targeted or not), each excluded enrolment.
    op.execute("INSERT INTO tayssir_communes (commune_code, targeted) SELECT code, tayssir_targeted FROM communes")
    op.execute("INSERT INTO kit_exclusions (year, massar_code) SELECT year, massar_code FROM enrolments "
               "WHERE kit_excluded ORDER BY year, massar_code")
    # SQLite drops a column in place (ALTER TABLE ... DROP COLUMN, from 3.35) once no index holds it: a batch that
    # copied the table instead would drop the original under the foreign keys of schools and kit_exclusions, which
    # the workbench's connections enforce, and copy a national database's millions of enrolments.
    with op.batch_alter_table('enrolments', schema=None, recreate='never') as batch_op:
        batch_op.drop_index('ix_enrolments_year_school')
        batch_op.drop_column('kit_excluded')
        batch_op.create_index('ix_enrolments_year_school', INDEX_AFTER, unique=False)
    with op.batch_alter_table('communes', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('tayssir_targeted')


def downgrade() -> None:
    with op.batch_alter_table('communes', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('tayssir_targeted', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('enrolments', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('kit_excluded', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.drop_index('ix_enrolments_year_school')
        batch_op.create_index('ix_enrolments_year_school', INDEX_BEFORE, unique=False)
    op.execute("UPDATE communes SET tayssir_targeted = coalesce((SELECT t.targeted FROM tayssir_communes t "
               "WHERE t.commune_code = communes.code), false)")
    op.execute("UPDATE enrolments SET kit_excluded = true WHERE EXISTS (SELECT 1 FROM kit_exclusions x "
               "WHERE x.year = enrolments.year AND x.massar_code = enrolments.massar_code)")
    op.drop_table('kit_exclusions')
    op.drop_table('tayssir_communes')
