"""report_cards: the subjects' coefficients of each level and the exams' marks; a verification code attests a
schooling certificate or a transcript (portal_certificates.document)

Revision ID: 0020
Revises: 0019
"""
import sqlalchemy as sa
from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rc_subject_coefficients',
    sa.Column('level_code', sa.String(length=8), nullable=False),
    sa.Column('subject_code', sa.String(length=8), nullable=False),
    sa.Column('coefficient', sa.Float(), nullable=False),
    sa.CheckConstraint('coefficient > 0', name=op.f('ck_rc_subject_coefficients_coefficient')),
    sa.ForeignKeyConstraint(['level_code'], ['levels.code'],
                            name=op.f('fk_rc_subject_coefficients_level_code_levels')),
    sa.ForeignKeyConstraint(['subject_code'], ['sl_subjects.subject_code'],
                            name=op.f('fk_rc_subject_coefficients_subject_code_sl_subjects')),
    sa.PrimaryKeyConstraint('level_code', 'subject_code', name=op.f('pk_rc_subject_coefficients'))
    )
    op.create_table('rc_exam_marks',
    sa.Column('year', sa.String(length=9), nullable=False),
    sa.Column('massar_code', sa.String(length=10), nullable=False),
    sa.Column('exam', sa.String(length=10), nullable=False),
    sa.Column('subject_code', sa.String(length=8), nullable=False),
    sa.Column('mark', sa.Float(), nullable=True),
    sa.Column('absent_justified', sa.Boolean(), nullable=False),
    sa.CheckConstraint('mark IS NULL OR (mark >= 0 AND mark <= 20)', name=op.f('ck_rc_exam_marks_mark')),
    sa.CheckConstraint("exam IN ('local', 'regional', 'national')", name=op.f('ck_rc_exam_marks_exam')),
    sa.CheckConstraint('mark IS NOT NULL OR absent_justified', name=op.f('ck_rc_exam_marks_entered')),
    sa.ForeignKeyConstraint(['massar_code'], ['pupils.massar_code'],
                            name=op.f('fk_rc_exam_marks_massar_code_pupils')),
    sa.ForeignKeyConstraint(['subject_code'], ['sl_subjects.subject_code'],
                            name=op.f('fk_rc_exam_marks_subject_code_sl_subjects')),
    sa.ForeignKeyConstraint(['year'], ['school_years.code'], name=op.f('fk_rc_exam_marks_year_school_years')),
    sa.PrimaryKeyConstraint('year', 'massar_code', 'exam', 'subject_code', name=op.f('pk_rc_exam_marks'))
    )
    with op.batch_alter_table('portal_certificates') as batch:
        batch.add_column(sa.Column('document', sa.String(length=24), server_default='schooling_certificate',
                                   nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('portal_certificates') as batch:
        batch.drop_column('document')
    op.drop_table('rc_exam_marks')
    op.drop_table('rc_subject_coefficients')
