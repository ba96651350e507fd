"""The printed report cards (one PDF per class, one page per pupil) and the transcript (a pupil's year, both
semesters), in Arabic first, right to left, then French (workbench.pdf, the documents the portal prints too): the
school's header, the pupil, each subject's average with its coefficient, the semester average and the rank in class,
the semester's absence hours, the exam marks beside (never in the averages), the director's signature line."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from workbench.catalogue import text
from workbench.pdf import Document
from workbench.programmes.report_cards import logic

NS = "report_cards"
EXAM_ORDER = ("local", "regional", "national")


@dataclass
class CardData:
    """Everything the cards of some pupils print (frames of the campaign or of one pupil's reads)."""

    year: str
    rows: pd.DataFrame  # logic.report_cards rows (averages in hundredths)
    names: pd.DataFrame  # massar_code, last/first names ar/fr
    schools: pd.DataFrame  # school_code, name_ar, name_fr
    subjects: pd.DataFrame  # subject_code, name_ar, name_fr
    levels: pd.DataFrame  # level_code, name_ar, name_fr
    absences: pd.DataFrame  # massar_code, hours, unjustified
    exams: pd.DataFrame  # massar_code, exam, subject_code, mark, absent_justified


def file_name(school_code: str, class_code: str) -> str:
    return f"report_card_{school_code}_{re.sub(r'[^A-Za-z0-9_-]+', '_', str(class_code))}.pdf"


def _names(frame: pd.DataFrame, key: str) -> dict[str, dict[str, str]]:
    return {row[key]: row for row in frame.to_dict("records")}


def _pupil_name(names: dict, code: str, lang: str) -> str:
    row = names.get(code)
    if row is None:
        return code
    last = row.get(f"last_name_{lang}") or row["last_name_ar"]
    first = row.get(f"first_name_{lang}") or row["first_name_ar"]
    return f"{last} {first}"


def _semester_block(document: Document, write, lang: str, data: CardData, pupil_rows: pd.DataFrame,
                    subjects: dict, size: int) -> None:
    """A semester's subjects (average, coefficient), its average and rank."""
    first = pupil_rows.iloc[0]
    for row in pupil_rows.to_dict("records"):
        name = subjects.get(row["subject_code"], {}).get(f"name_{lang}", row["subject_code"])
        write(text(f"{NS}.card.subject", subject=name, average=logic.shown(pd.Series([row["average"]])).iloc[0],
                   coefficient=logic.coefficient_shown(pd.Series([row["coefficient"]])).iloc[0]).of(lang), size, 5.5)
    average = logic.shown(pd.Series([first["semester_average"]])).iloc[0]
    ranked = data.rows[(data.rows["school_code"] == first["school_code"])
                       & (data.rows["class_code"] == first["class_code"])
                       & (data.rows["semester"] == first["semester"])]["massar_code"].nunique()
    write(text(f"{NS}.card.average", average=average).of(lang), size + 1, 6.5)
    write(text(f"{NS}.card.rank", rank=int(first["rank"]), of=ranked).of(lang), size + 1, 6.5)


def _exam_block(write, lang: str, exams: pd.DataFrame, subjects: dict, size: int) -> None:
    if exams.empty:
        return
    write(text(f"{NS}.card.exams").of(lang), size, 6)
    shown = logic.exam_marks_shown(exams)
    for exam in EXAM_ORDER:
        of_exam = shown[shown["exam"] == exam].sort_values("subject_code")
        if of_exam.empty:
            continue
        absent = text(f"{NS}.card.absent").of(lang)
        marks = " – ".join(f"{subjects.get(r['subject_code'], {}).get(f'name_{lang}', r['subject_code'])}: "
                           f"{r['shown'] or absent}" for r in of_exam.to_dict("records"))
        write(text(f"{NS}.card.exam", exam=text(f"{NS}.exam.{exam}").of(lang), marks=marks).of(lang), size - 1, 5.5)


def _header(document: Document, school: dict, title_key: str, **values) -> None:
    document.arabic(school.get("name_ar", ""), 13, 7)
    document.french(f"{school.get('name_fr', '')} ({school.get('school_code', '')})", 11, 6)
    document.rule()
    title = text(f"{NS}.{title_key}", **values)
    document.arabic(title.ar, 15, 8)
    document.french(title.fr, 13, 7)


def _pupil_lines(document: Document, write, lang: str, names: dict, code: str, class_code: str, level: dict) -> None:
    write(text(f"{NS}.card.pupil", name=_pupil_name(names, code, lang), massar=code).of(lang), 11, 6)
    write(text(f"{NS}.card.class", class_code=class_code, level=level.get(f"name_{lang}", "")).of(lang), 11, 6)


def _signature(document: Document) -> None:
    document.ln(3)
    line = text(f"{NS}.card.signature")
    document.arabic(line.ar, 11, 6)
    document.french(line.fr, 11, 6)


def class_pdf(data: CardData, semester: int, only: list[str] | None = None) -> bytes:
    """One page per pupil of `data.rows` (one class's, in the file's order), or of the pupils `only` names."""
    document = Document()
    names, subjects = _names(data.names, "massar_code"), _names(data.subjects, "subject_code")
    schools, levels = _names(data.schools, "school_code"), _names(data.levels, "level_code")
    absences = data.absences.set_index("massar_code") if len(data.absences) else pd.DataFrame()
    exams = data.exams.groupby("massar_code") if len(data.exams) else None
    exam_codes = set(data.exams["massar_code"]) if len(data.exams) else set()
    printed = data.rows if only is None else data.rows[data.rows["massar_code"].isin(only)]
    for code, rows in printed.groupby("massar_code", sort=False):
        first = rows.iloc[0]
        document.add_page()
        _header(document, schools.get(first["school_code"], {}), "card.title", semester=int(semester),
                year=data.year)
        hours = int(absences.at[code, "hours"]) if code in absences.index else 0
        unjustified = int(absences.at[code, "unjustified"]) if code in absences.index else 0
        own_exams = exams.get_group(code) if exams is not None and code in exam_codes else data.exams.iloc[0:0]
        for lang, write in (("ar", document.arabic), ("fr", document.french)):
            document.ln(1)
            _pupil_lines(document, write, lang, names, code, first["class_code"],
                         levels.get(first["level_code"], {}))
            _semester_block(document, write, lang, data, rows, subjects, 10)
            write(text(f"{NS}.card.absences", hours=hours, unjustified=unjustified).of(lang), 10, 5.5)
            _exam_block(write, lang, own_exams, subjects, 10)
            if lang == "ar":
                document.rule()
        _signature(document)
    return bytes(document.output())


def transcript_pdf(data: CardData, massar_code: str, issued_on: dt.date, verification: str, url: str) -> bytes:
    """A pupil's transcript of the year: each semester's averages, coefficients, average and rank, the exams beside,
    and the verification code anyone can check (the same page as a schooling certificate's)."""
    document = Document()
    document.add_page()
    rows = data.rows[data.rows["massar_code"] == massar_code]
    names, subjects = _names(data.names, "massar_code"), _names(data.subjects, "subject_code")
    schools, levels = _names(data.schools, "school_code"), _names(data.levels, "level_code")
    school = schools.get(rows["school_code"].iloc[0], {}) if len(rows) else (
        next(iter(schools.values()), {}))
    _header(document, school, "transcript.title", year=data.year)
    exams = data.exams[data.exams["massar_code"] == massar_code] if len(data.exams) else data.exams
    for lang, write in (("ar", document.arabic), ("fr", document.french)):
        document.ln(1)
        if len(rows):
            _pupil_lines(document, write, lang, names, massar_code, rows["class_code"].iloc[0],
                         levels.get(rows["level_code"].iloc[0], {}))
        else:
            write(text(f"{NS}.card.pupil", name=_pupil_name(names, massar_code, lang), massar=massar_code).of(lang),
                  11, 6)
            write(text(f"{NS}.transcript.none").of(lang), 10, 5.5)
        for semester, of_semester in rows.groupby("semester", sort=True):
            write(text(f"{NS}.transcript.semester", semester=int(semester)).of(lang), 11, 6.5)
            _semester_block(document, write, lang, data, of_semester, subjects, 9)
        _exam_block(write, lang, exams, subjects, 10)
        write(text(f"{NS}.transcript.issued", on=f"{issued_on:%Y-%m-%d}").of(lang), 9, 5)
        if lang == "ar":
            document.rule()
    document.rule()
    check = text(f"{NS}.transcript.verify", code=verification, url=url)
    document.arabic(check.ar, 9, 5)
    document.french(check.fr, 9, 5)
    _signature(document)
    document.qr(url, 26)
    return bytes(document.output())
