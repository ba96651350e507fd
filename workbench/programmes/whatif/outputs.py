"""The what-if's files and labels: the comparison per province and for the scope, headed from the catalogue."""

from __future__ import annotations

from pathlib import Path

from workbench.catalogue import Label, headers, text
from workbench.exports import write_csv
from workbench.programmes.whatif.simulation import FIGURES, Comparison

PROVINCES_CSV = "whatif_provinces.csv"
TOTALS_CSV = "whatif_totals.csv"
FIGURE_LABELS = {figure: text(f"whatif.figure.{figure}") for figure in FIGURES}
KEY_FIGURES = headers("whatif", "budget_mad", "budget_difference_mad", "tayssir_beneficiaries",
                      "tayssir_beneficiaries_difference", "grants_granted", "kit_beneficiaries")
TOTAL_HEADERS = headers("whatif", ("figure", "whatif.figure_name"), "current", "simulated", "difference")
CODED = {"figure": "whatif.figure"}  # the figures' codes read in words
METHOD = text("whatif.method")
SIMULATION = text("whatif.simulation")


def province_headers(figures: tuple[str, ...] = FIGURES) -> dict[str, Label]:
    """Province, then current / simulated / difference of each figure, each header naming its figure."""
    found = headers("whatif", "province_fr", "province_ar")
    for figure in figures:
        for side in ("current", "simulated", "difference"):
            label, part = FIGURE_LABELS[figure], text(f"whatif.{side}")
            found[f"{figure}_{side}"] = Label(f"{label.fr} — {part.fr}", f"{label.ar} — {part.ar}")
    return found


def write_csvs(comparison: Comparison, out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    provinces, totals = out_dir / PROVINCES_CSV, out_dir / TOTALS_CSV
    write_csv(comparison.by_province().drop(columns=["province_fr", "province_ar"]), provinces)
    write_csv(comparison.totals(), totals)
    return [provinces, totals]
