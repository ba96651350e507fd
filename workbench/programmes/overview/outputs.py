"""Files the overview leaves beside its report: aggregated tables only, never a pupil's name."""

from __future__ import annotations

from pathlib import Path

from workbench.catalogue import headers, text
from workbench.excel import Sheet, write_workbook
from workbench.exports import write_csv
from workbench.programmes.overview.logic import OverviewFigures
from workbench.report import headed

PUPIL_HEADERS = headers("overview", "province_code", "province_fr", "province_ar", "level_code", "sex", "milieu",
                        "sector", "pupils", "left")
ABSENCE_HEADERS = headers("overview", "month_fr", "month_ar", "enrolled", "school_days", "absence_days",
                          "justified_days", "absence_rate_pct")


def sheet_name(key: str) -> str:
    """'Élèves - التلاميذ': a workbook sheet named in French, then Arabic (the names are the workbook's contract)."""
    name = text(f"overview.sheet.{key}")
    return f"{name.fr} - {name.ar}"


def write_outputs(figures: OverviewFigures, out_dir: Path) -> list[Path]:
    """overview_pupils.csv, overview_absences.csv and overview.xlsx (both tables, bilingual headers)."""
    out_dir = Path(out_dir)
    pupils_csv, absences_csv, workbook = (out_dir / "overview_pupils.csv", out_dir / "overview_absences.csv",
                                          out_dir / "overview.xlsx")
    write_csv(figures.pupils[list(PUPIL_HEADERS)], pupils_csv)
    write_csv(figures.absence_by_month[["month", *ABSENCE_HEADERS]], absences_csv)
    write_workbook(workbook, [Sheet(sheet_name("pupils"), headed(figures.pupils, PUPIL_HEADERS)),
                              Sheet(sheet_name("absences"), headed(figures.absence_by_month, ABSENCE_HEADERS))],
                   right_to_left=False, width=22, freeze_header=False)
    return [pupils_csv, absences_csv, workbook]

KEY_FIGURES = headers("overview", ("pupils", "overview.key_figures.pupils"), "schools", "households", "girls_pct",
                      "rural_pct", ("left", "overview.key_figures.left"), "absence_rate_pct")
PROVINCE_HEADERS = {k: PUPIL_HEADERS[k] for k in ("province_code", "province_fr", "province_ar", "pupils", "left")}
METHOD = text("overview.method")
