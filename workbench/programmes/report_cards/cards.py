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


def _texts(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows' figures as printed, computed once for the class: averages with two decimals, the coefficient, and
    how many pupils of the class and semester are ranked."""
    ranked = rows.groupby(["school_code", "class_code", "semester"])["massar_code"].transform("nunique")
    return rows.assign(average_text=logic.shown(rows["average"]),
                       semester_text=logic.shown(rows["semester_average"]),
                       coefficient_text=logic.coefficient_shown(rows["coefficient"]), ranked=ranked)


def _semester_block(write, lang: str, pupil_rows: pd.DataFrame, subjects: dict, size: int) -> None:
    """A semester's subjects (average, coefficient), its average and rank (`pupil_rows` through _texts)."""
    for row in pupil_rows.to_dict("records"):
        name = subjects.get(row["subject_code"], {}).get(f"name_{lang}", row["subject_code"])
        write(text(f"{NS}.card.subject", subject=name, average=row["average_text"],
                   coefficient=row["coefficient_text"]).of(lang), size, 5.5)
    first = pupil_rows.iloc[0]
    write(text(f"{NS}.card.average", average=first["semester_text"]).of(lang), size + 1, 6.5)
    write(text(f"{NS}.card.rank", rank=int(first["rank"]), of=int(first["ranked"])).of(lang), size + 1, 6.5)


def _exam_block(write, wrap, lang: str, shown: pd.DataFrame, subjects: dict, size: int) -> None:
    """The exams beside the averages (`shown`: logic.exam_marks_shown's rows), a line per exam (wrapped if long)."""
    if shown.empty:
        return
    write(text(f"{NS}.card.exams").of(lang), size, 6)
    for exam in EXAM_ORDER:
        of_exam = shown[shown["exam"] == exam].sort_values("subject_code")
        if of_exam.empty:
            continue
        absent = text(f"{NS}.card.absent").of(lang)
        marks = " – ".join(f"{subjects.get(r['subject_code'], {}).get(f'name_{lang}', r['subject_code'])}: "
                           f"{r['shown'] or absent}" for r in of_exam.to_dict("records"))
        wrap(text(f"{NS}.card.exam", exam=text(f"{NS}.exam.{exam}").of(lang), marks=marks).of(lang), size - 1, 5.5)


def _header(document: Document, school: dict, title_key: str, **values) -> None:
    document.arabic_line(school.get("name_ar", ""), 13, 7)
    document.french_line(f"{school.get('name_fr', '')} ({school.get('school_code', '')})", 11, 6)
    document.rule()
    title = text(f"{NS}.{title_key}", **values)
    document.arabic_line(title.ar, 15, 8)
    document.french_line(title.fr, 13, 7)


def _pupil_lines(write, lang: str, names: dict, code: str, class_code: str, level: dict) -> None:
    write(text(f"{NS}.card.pupil", name=_pupil_name(names, code, lang), massar=code).of(lang), 11, 6)
    write(text(f"{NS}.card.class", class_code=class_code, level=level.get(f"name_{lang}", "")).of(lang), 11, 6)


def _signature(document: Document) -> None:
    document.ln(3)
    line = text(f"{NS}.card.signature")
    document.arabic_line(line.ar, 11, 6)
    document.french_line(line.fr, 11, 6)


def class_pdf(data: CardData, semester: int, only: list[str] | None = None) -> bytes:
    """One page per pupil of `data.rows` (one class's, in the file's order), or of the pupils `only` names."""
    document = Document()
    names, subjects = _names(data.names, "massar_code"), _names(data.subjects, "subject_code")
    schools, levels = _names(data.schools, "school_code"), _names(data.levels, "level_code")
    rows = _texts(data.rows)
    if only is not None:
        rows = rows[rows["massar_code"].isin(only)]
    absences = data.absences.set_index("massar_code")[["hours", "unjustified"]].to_dict("index")
    exams = dict(tuple(logic.exam_marks_shown(data.exams).groupby("massar_code"))) if len(data.exams) else {}
    none = logic.exam_marks_shown(data.exams.iloc[0:0])
    lines = {"ar": (document.arabic_line, document.arabic), "fr": (document.french_line, document.french)}
    for code, own in rows.groupby("massar_code", sort=False):
        first = own.iloc[0]
        document.add_page()
        _header(document, schools.get(first["school_code"], {}), "card.title", semester=int(semester),
                year=data.year)
        hours = absences.get(code, {"hours": 0, "unjustified": 0})
        for lang in ("ar", "fr"):
            write, wrap = lines[lang]
            document.ln(1)
            _pupil_lines(write, lang, names, code, first["class_code"], levels.get(first["level_code"], {}))
            _semester_block(write, lang, own, subjects, 10)
            write(text(f"{NS}.card.absences", hours=int(hours["hours"]),
                       unjustified=int(hours["unjustified"])).of(lang), 10, 5.5)
            _exam_block(write, wrap, lang, exams.get(code, none), subjects, 10)
            if lang == "ar":
                document.rule()
        _signature(document)
    return bytes(document.output())


def transcript_pdf(data: CardData, massar_code: str, issued_on: dt.date, verification: str, url: str) -> bytes:
    """A pupil's transcript of the year: each semester's averages, coefficients, average and rank, the exams beside,
    and the verification code anyone can check (the same page as a schooling certificate's)."""
    document = Document()
    document.add_page()
    rows = _texts(data.rows)
    rows = rows[rows["massar_code"] == massar_code]
    names, subjects = _names(data.names, "massar_code"), _names(data.subjects, "subject_code")
    schools, levels = _names(data.schools, "school_code"), _names(data.levels, "level_code")
    school = schools.get(rows["school_code"].iloc[0], {}) if len(rows) else (
        next(iter(schools.values()), {}))
    _header(document, school, "transcript.title", year=data.year)
    exams = logic.exam_marks_shown(data.exams[data.exams["massar_code"] == massar_code])
    lines = {"ar": (document.arabic_line, document.arabic), "fr": (document.french_line, document.french)}
    for lang in ("ar", "fr"):
        write, wrap = lines[lang]
        document.ln(1)
        if len(rows):
            _pupil_lines(write, lang, names, massar_code, rows["class_code"].iloc[0],
                         levels.get(rows["level_code"].iloc[0], {}))
        else:
            write(text(f"{NS}.card.pupil", name=_pupil_name(names, massar_code, lang), massar=massar_code).of(lang),
                  11, 6)
            write(text(f"{NS}.transcript.none").of(lang), 10, 5.5)
        for semester, of_semester in rows.groupby("semester", sort=True):
            write(text(f"{NS}.transcript.semester", semester=int(semester)).of(lang), 11, 6.5)
            _semester_block(write, lang, of_semester, subjects, 9)
        _exam_block(write, wrap, lang, exams, subjects, 10)
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
