"""school_life: the subject reference in Massar's own codes (issue 34): 0030 is informatics (المعلوميات) in Massar's
exports, not mathematics; mathematics takes 0110, which informatics held. Data only: in a database whose sl_subjects
still hold the earlier reference's names, 0030 and 0110 exchange their names, and the required hours that are ours
(confirmed false) exchange their subject, so that each figure stays with its subject. A database whose operator
already imported Massar's subjects (other names) is left as it is.

Revision ID: 0024
Revises: 0023
"""
import sqlalchemy as sa
from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def _exchange(maths_was: str, maths_becomes: str) -> None:
    """Mathematics moves from code `maths_was` to `maths_becomes` and informatics the other way (the two rows exchange
    their French and Arabic names) when they still hold the reference's (by their French names: 'Mathématiques' at
    `maths_was`, 'Informatique' at `maths_becomes`); the unconfirmed required hours of the two codes follow their
    subject."""
    connection = op.get_bind()
    subjects = sa.table("sl_subjects", sa.column("subject_code"), sa.column("name_fr"), sa.column("name_ar"))
    hours = sa.table("sl_required_hours", sa.column("year"), sa.column("level_code"), sa.column("subject_code"),
                     sa.column("hours"), sa.column("confirmed"))
    held = {code: (fr, ar) for code, fr, ar in connection.execute(sa.select(
        subjects.c.subject_code, subjects.c.name_fr, subjects.c.name_ar).where(
        subjects.c.subject_code.in_([maths_was, maths_becomes])))}
    if held.get(maths_was, ("",))[0] != "Mathématiques" or held.get(maths_becomes, ("",))[0] != "Informatique":
        return  # not the earlier reference's names: an operator's subjects, kept
    for code, other in ((maths_was, maths_becomes), (maths_becomes, maths_was)):
        fr, ar = held[other]
        connection.execute(subjects.update().where(subjects.c.subject_code == code).values(name_fr=fr, name_ar=ar))
    swapped = {maths_was: maths_becomes, maths_becomes: maths_was}
    ours = hours.c.subject_code.in_(list(swapped)) & sa.not_(hours.c.confirmed)
    rows = [dict(row._mapping) for row in connection.execute(sa.select(hours).where(ours))]
    kept = {(row.year, row.level_code, row.subject_code) for row in connection.execute(
        sa.select(hours.c.year, hours.c.level_code, hours.c.subject_code).where(
            hours.c.subject_code.in_(list(swapped)) & hours.c.confirmed))}
    moved = [{**row, "subject_code": swapped[row["subject_code"]]} for row in rows]
    moved = [row for row in moved if (row["year"], row["level_code"], row["subject_code"]) not in kept]
    connection.execute(hours.delete().where(ours))
    if moved:
        connection.execute(hours.insert(), moved)


def upgrade() -> None:
    _exchange("0030", "0110")


def downgrade() -> None:
    _exchange("0110", "0030")
