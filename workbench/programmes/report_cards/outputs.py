"""The report's tables (counts and distributions only: no name, no Massar code) and their headers."""

from __future__ import annotations

from workbench.catalogue import Label, headers, text
from workbench.programmes.report_cards.logic import BANDS

NS = "report_cards"
KEY_FIGURES = {name: text(f"{NS}.figure.{name}") for name in ("pupils", "ranked", "without", "classes", "schools",
                                                              "exam_marks")}
LEVEL_HEADERS = headers(NS, "level_fr", "level_ar", *BANDS, ("pupils", f"{NS}.column.pupils"),
                        ("mean", f"{NS}.column.mean"), ("passing", f"{NS}.column.passing"))
SUBJECT_HEADERS = headers(NS, "subject_fr", "subject_ar", ("pupils", f"{NS}.column.pupils"),
                          ("mean", f"{NS}.column.mean"))
EXAM_HEADERS = headers(NS, "exam", "subject_fr", "subject_ar", ("marks", f"{NS}.column.marks"),
                       ("absent", f"{NS}.column.absent"), ("mean", f"{NS}.column.mean"))
CODES = {"exam": f"{NS}.exam"}


def label(key: str, **values: object) -> Label:
    return text(f"{NS}.{key}", **values)
