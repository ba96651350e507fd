"""Files the overview leaves beside its report: aggregated tables only, never a pupil's name."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.excel import lay_out
from workbench.programmes.overview.logic import OverviewFigures
from workbench.report import headed

PUPIL_HEADERS = {
    "province_code": ("Code province", "رمز الإقليم"), "province_fr": ("Province", "الإقليم (fr)"),
    "province_ar": ("Province (ar)", "الإقليم"), "level_code": ("Niveau", "المستوى"), "sex": ("Sexe", "الجنس"),
    "milieu": ("Milieu", "الوسط"), "sector": ("Secteur", "القطاع"), "pupils": ("Élèves", "التلاميذ"),
    "left": ("Départs", "المغادرون"),
}
ABSENCE_HEADERS = {
    "month_fr": ("Mois", "الشهر (fr)"), "month_ar": ("Mois (ar)", "الشهر"), "enrolled": ("Inscrits", "المسجلون"),
    "school_days": ("Jours de classe", "أيام الدراسة"), "absence_days": ("Jours d'absence", "أيام الغياب"),
    "justified_days": ("Dont justifiés", "منها مبررة"),
    "absence_rate_pct": ("Taux d'absence (%)", "نسبة الغياب (%)"),
}


def write_outputs(figures: OverviewFigures, out_dir: Path) -> list[Path]:
    """overview_pupils.csv, overview_absences.csv and overview.xlsx (both tables, bilingual headers)."""
    out_dir = Path(out_dir)
    pupils_csv, absences_csv, workbook = (out_dir / "overview_pupils.csv", out_dir / "overview_absences.csv",
                                          out_dir / "overview.xlsx")
    figures.pupils[list(PUPIL_HEADERS)].to_csv(pupils_csv, index=False)
    figures.absence_by_month[["month", *ABSENCE_HEADERS]].to_csv(absences_csv, index=False)
    with pd.ExcelWriter(workbook, engine="openpyxl") as writer:
        headed(figures.pupils, PUPIL_HEADERS).to_excel(writer, sheet_name="Élèves - التلاميذ", index=False)
        headed(figures.absence_by_month, ABSENCE_HEADERS).to_excel(writer, sheet_name="Absences - الغياب", index=False)
        lay_out(writer.book, right_to_left=False, width=22, freeze_header=False)
    return [pupils_csv, absences_csv, workbook]

KEY_FIGURES = {
    "pupils": ("Élèves inscrits", "التلاميذ المسجلون"), "schools": ("Établissements", "المؤسسات"),
    "households": ("Ménages (tuteurs)", "الأسر (الأولياء)"), "girls_pct": ("Filles (%)", "الإناث (%)"),
    "rural_pct": ("Milieu rural (%)", "الوسط القروي (%)"), "left": ("Départs en cours d'année", "المغادرون خلال السنة"),
    "absence_rate_pct": ("Taux d'absence (%)", "نسبة الغياب (%)"),
}
PROVINCE_HEADERS = {k: PUPIL_HEADERS[k] for k in ("province_code", "province_fr", "province_ar", "pupils", "left")}
METHOD = (
    "Méthode : élèves inscrits dans l'année (y compris ceux partis en cours d'année, comptés à part). Taux d'absence "
    "d'un mois = jours d'absence / (élèves inscrits le 1er du mois × jours de classe du lundi au samedi, vacances "
    "non déduites). Aucune donnée personnelle ne figure dans ce rapport.",
    "المنهجية: التلاميذ المسجلون خلال السنة (بمن فيهم المغادرون، محسوبون على حدة). نسبة الغياب الشهرية = أيام الغياب / "
    "(التلاميذ المسجلون في أول الشهر × أيام الدراسة من الاثنين إلى السبت، دون خصم العطل). لا يتضمن هذا التقرير أي معطيات شخصية.",
)
