"""Guardians: pupils sharing a guardian's national ID card (CIN) form one household."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from workbench.access.guard import Write, in_chunks
from workbench.bulk import upsert_frame
from workbench.catalogue import text as text_of
from workbench.exceptions import ImportRejected, Problem
from workbench.imports import columns as c
from workbench.imports import fields as f
from workbench.imports.base import ImportKind, shared_record_problems
from workbench.imports.table import ROW, SHEET, unknown_code_problems
from workbench.models import Enrolment, Guardian, Pupil, PupilGuardian

RELATIONSHIP = {"father": "father", "mother": "mother", "tutor": "tutor", "père": "father", "pere": "father",
                "mère": "mother", "mere": "mother", "tuteur": "tutor", "tutrice": "tutor",
                "الأب": "father", "الأم": "mother", "الولي": "tutor", "أب": "father", "أم": "mother"}


class GuardiansImport(ImportKind):
    dataset = "pupils"
    spec = c.TableSpec(
        kind="guardians",
        key=("massar_code",),
        columns=(
            f.MASSAR,
            f.GUARDIAN_CIN,
            c.Column("guardian_name", c.text(120), aliases=("nom tuteur", "nom du tuteur", "اسم الولي")),
            c.Column("relationship", c.choice(RELATIONSHIP, f.what("relationship")), aliases=("lien", "lien de parenté",
                                                                                      "صفة الولي")),
            f.PHONE,
            f.EMAIL,
        ),
    )

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        pupils = set(connection.scalars(select(Pupil.massar_code).where(
            Pupil.massar_code.in_(frame["massar_code"].dropna().unique().tolist()))))
        problems = unknown_code_problems(frame, "massar_code", pupils, file, f.what("pupil_imported"))
        names = frame.groupby("guardian_cin")["guardian_name"].nunique()
        for cin in names[names > 1].index:
            rows = frame[frame["guardian_cin"] == cin]
            problems.append(Problem(file, text_of("problem.cin_two_names", rows=", ".join(str(r) for r in rows[ROW])),
                                    row=int(rows[ROW].iloc[0]), column="guardian_name", value=cin,
                                    sheet=rows[SHEET].iloc[0]))
        return problems

    def check_access(self, write: Write, frame: pd.DataFrame, file: str) -> None:
        """A guardian is shared by their children: renaming one is refused when a child is at a school outside
        the actor's scope, and locked while a child's school has its pupils approved."""
        super().check_access(write, frame, file)
        cins = frame["guardian_cin"].dropna().unique().tolist()
        stored = dict(write.connection.execute(select(Guardian.cin, Guardian.full_name).where(
            Guardian.cin.in_(cins))).all())
        held = frame["guardian_cin"].map(stored)
        changed = held.notna() & (held.astype(str).str.strip() != frame["guardian_name"].astype(str).str.strip())
        children = pd.read_sql(select(PupilGuardian.guardian_cin, Enrolment.year, Enrolment.school_code)
                               .join(Enrolment, Enrolment.massar_code == PupilGuardian.massar_code)
                               .where(PupilGuardian.guardian_cin.in_(frame.loc[changed, "guardian_cin"].tolist())),
                               write.connection)
        problems = shared_record_problems(write, frame, changed, children, file, "guardian_cin",
                                          text_of("problem.renames_guardian"))
        if problems:
            raise ImportRejected(problems)

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        guardians = frame.drop_duplicates("guardian_cin").rename(
            columns={"guardian_cin": "cin", "guardian_name": "full_name"})[["cin", "full_name", "phone", "email"]]
        # An empty phone or e-mail (or a file without the column) keeps what is stored: a Massar export that does not
        # carry them erases no contact.
        query = select(Guardian.cin, Guardian.phone, Guardian.email)
        stored = pd.concat([pd.read_sql(query.where(Guardian.cin.in_(chunk)), connection)
                            for chunk in in_chunks(guardians["cin"].tolist())]
                           or [pd.read_sql(query.limit(0), connection)]).set_index("cin")
        guardians = guardians.assign(**{column: guardians[column].astype(object).where(
            guardians[column].notna(), guardians["cin"].map(stored[column]).astype(object)) for column in
            ("phone", "email")})
        links = frame[["massar_code", "guardian_cin", "relationship"]]
        return {
            "guardians": upsert_frame(connection, Guardian.__table__, guardians, ["cin"]),
            "pupil_guardians": upsert_frame(connection, PupilGuardian.__table__, links, ["massar_code"]),
        }
