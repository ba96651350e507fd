"""One pupil's report card of a semester and transcript of the year, as the families' portal hands them out: the
pupil's class is read whole (a rank is the class's), only the pupil's page is printed."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, select

from workbench.models import Enrolment
from workbench.programmes.report_cards import cards, logic, queries


def _class_of(connection: Connection, massar_code: str, year: str):
    return connection.execute(select(Enrolment.school_code, Enrolment.class_code).where(
        Enrolment.massar_code == massar_code, Enrolment.year == year)).first()


def card_data(connection: Connection, massar_code: str, year: str, semesters: tuple[int, ...] = (1, 2),
              absences_of: int | None = None) -> cards.CardData | None:
    """The pupil's class's rows of the semesters (a rank is the class's), the pupil's names, exams and absences."""
    enrolment = _class_of(connection, massar_code, year)
    if enrolment is None:
        return None
    which = {"school": enrolment.school_code, "class_code": enrolment.class_code}
    pupils = queries.pupils(connection, year, **which)
    coefficients = queries.coefficients(connection)
    rows = pd.concat([logic.report_cards(queries.marks(connection, year, semester, **which), pupils, coefficients,
                                         semester) for semester in semesters], ignore_index=True)
    one = {"massar_codes": [massar_code]}
    absences = (queries.absence_hours(connection, year, absences_of, **one) if absences_of is not None
                else pd.DataFrame(columns=["massar_code", "hours", "unjustified"]))
    return cards.CardData(year, rows, names=queries.names(connection, [massar_code]),
                          schools=queries.schools(connection, [enrolment.school_code]),
                          subjects=queries.subjects(connection), levels=queries.levels(connection),
                          absences=absences, exams=queries.exam_marks(connection, year, **one))


def semesters_with_card(connection: Connection, massar_code: str, year: str) -> list[int]:
    """The semesters in which the pupil has a report card (a mark present)."""
    found = []
    for semester in (1, 2):
        marks = queries.marks(connection, year, semester, massar_codes=[massar_code])
        if not logic.subject_averages(marks).empty:
            found.append(semester)
    return found


def report_card_pdf(connection: Connection, massar_code: str, year: str, semester: int) -> bytes | None:
    """The pupil's page of their class's report cards of the semester; None without a mark."""
    data = card_data(connection, massar_code, year, (int(semester),), absences_of=int(semester))
    if data is None or massar_code not in set(data.rows["massar_code"]):
        return None
    return cards.class_pdf(data, int(semester), only=[massar_code])


def transcript_pdf(connection: Connection, massar_code: str, year: str, issued_on: dt.date, verification: str,
                   url: str) -> bytes | None:
    data = card_data(connection, massar_code, year)
    if data is None:
        return None
    return cards.transcript_pdf(data, massar_code, issued_on, verification, url)
