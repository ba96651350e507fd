"""Guardians: pupils sharing a guardian's national ID card (CIN) form one household."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Connection, select

from workbench.bulk import upsert_frame
from workbench.exceptions import Problem
from workbench.imports import columns as c
from workbench.imports import fields as f
from workbench.imports.base import ImportKind
from workbench.imports.table import ROW, SHEET, unknown_code_problems
from workbench.models import Guardian, Pupil, PupilGuardian

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
            c.Column("relationship", c.choice(RELATIONSHIP, "relationship"), aliases=("lien", "lien de parenté",
                                                                                      "صفة الولي")),
            c.Column("phone", c.text(20), required=False, aliases=("téléphone", "telephone", "الهاتف")),
        ),
    )

    def check(self, connection: Connection, frame: pd.DataFrame, file: str) -> list[Problem]:
        pupils = set(connection.scalars(select(Pupil.massar_code).where(
            Pupil.massar_code.in_(frame["massar_code"].dropna().unique().tolist()))))
        problems = unknown_code_problems(frame, "massar_code", pupils, file, "pupil (import the pupils first)")
        names = frame.groupby("guardian_cin")["guardian_name"].nunique()
        for cin in names[names > 1].index:
            rows = frame[frame["guardian_cin"] == cin]
            problems.append(Problem(file, "the same CIN is given different guardian names (rows "
                                          + ", ".join(str(r) for r in rows[ROW]) + ")",
                                    row=int(rows[ROW].iloc[0]), column="guardian_name", value=cin,
                                    sheet=rows[SHEET].iloc[0]))
        return problems

    def write(self, connection: Connection, frame: pd.DataFrame) -> dict[str, int]:
        guardians = (frame.drop_duplicates("guardian_cin")
                     .rename(columns={"guardian_cin": "cin", "guardian_name": "full_name"})[["cin", "full_name", "phone"]])
        links = frame[["massar_code", "guardian_cin", "relationship"]]
        return {
            "guardians": upsert_frame(connection, Guardian.__table__, guardians, ["cin"]),
            "pupil_guardians": upsert_frame(connection, PupilGuardian.__table__, links, ["massar_code"]),
        }
