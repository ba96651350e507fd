"""school_sports: competitions, the teams schools enter with their pupils, and the results

Revision ID: 0023
Revises: 0022
"""
import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ss_competitions',
    sa.Column('competition_code', sa.String(length=32), nullable=False),
    sa.Column('year', sa.String(length=9), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('sport', sa.String(length=60), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.CheckConstraint("level IN ('school', 'province', 'region', 'national')",
                       name=op.f('ck_ss_competitions_level')),
    sa.ForeignKeyConstraint(['year'], ['school_years.code'], name=op.f('fk_ss_competitions_year_school_years')),
    sa.PrimaryKeyConstraint('competition_code', name=op.f('pk_ss_competitions'))
    )
    op.create_table('ss_teams',
    sa.Column('competition_code', sa.String(length=32), nullable=False),
    sa.Column('team_code', sa.String(length=32), nullable=False),
    sa.Column('school_code', sa.String(length=6), nullable=False),
    sa.Column('sex', sa.String(length=5), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.CheckConstraint("sex IN ('M', 'F', 'mixed')", name=op.f('ck_ss_teams_sex')),
    sa.ForeignKeyConstraint(['competition_code'], ['ss_competitions.competition_code'],
                            name=op.f('fk_ss_teams_competition_code_ss_competitions')),
    sa.ForeignKeyConstraint(['school_code'], ['schools.code'], name=op.f('fk_ss_teams_school_code_schools')),
    sa.PrimaryKeyConstraint('competition_code', 'team_code', name=op.f('pk_ss_teams'))
    )
    op.create_table('ss_team_members',
    sa.Column('competition_code', sa.String(length=32), nullable=False),
    sa.Column('team_code', sa.String(length=32), nullable=False),
    sa.Column('massar_code', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['competition_code', 'team_code'], ['ss_teams.competition_code', 'ss_teams.team_code'],
                            name='fk_ss_team_members_team'),
    sa.ForeignKeyConstraint(['massar_code'], ['pupils.massar_code'],
                            name=op.f('fk_ss_team_members_massar_code_pupils')),
    sa.PrimaryKeyConstraint('competition_code', 'team_code', 'massar_code', name=op.f('pk_ss_team_members'))
    )
    op.create_table('ss_results',
    sa.Column('competition_code', sa.String(length=32), nullable=False),
    sa.Column('team_code', sa.String(length=32), nullable=False),
    sa.Column('massar_code', sa.String(length=10), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('points', sa.Float(), nullable=True),
    sa.CheckConstraint('rank >= 1', name=op.f('ck_ss_results_rank')),
    sa.CheckConstraint('points IS NULL OR points >= 0', name=op.f('ck_ss_results_points')),
    sa.ForeignKeyConstraint(['competition_code', 'team_code'], ['ss_teams.competition_code', 'ss_teams.team_code'],
                            name='fk_ss_results_team'),
    sa.PrimaryKeyConstraint('competition_code', 'team_code', 'massar_code', name=op.f('pk_ss_results'))
    )


def downgrade() -> None:
    op.drop_table('ss_results')
    op.drop_table('ss_team_members')
    op.drop_table('ss_teams')
    op.drop_table('ss_competitions')
