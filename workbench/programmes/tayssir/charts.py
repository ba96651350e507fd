"""Charts of the Tayssir report and app."""

from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh renderer that hv.render uses)

from workbench.programmes.tayssir.summary import TayssirSummary

STATUS_LABELS = {"paid": "Payé / مؤدى", "withheld": "Retenu / موقوف", "capped": "Plafond / السقف",
                 "ineligible": "Non éligible / غير مؤهل"}


def amounts_by_province(summary: TayssirSummary) -> hv.Bars:
    return hv.Bars(summary.by_province(), kdims=["province_fr"], vdims=["amount_mad"]).opts(
        title="Montants par province (MAD) / المبالغ حسب الإقليم", width=760, height=320, xrotation=30,
        color="#6aa84f", tools=["hover"], xlabel="Province / الإقليم", ylabel="MAD", backend="bokeh")


def status_by_month(summary: TayssirSummary) -> hv.Bars:
    frame = summary.status_by_month().assign(status=lambda f: f["status"].map(STATUS_LABELS))
    return hv.Bars(frame, kdims=["month", "status"], vdims=["pupil_months"]).opts(
        title="Mois-élèves par statut / الأشهر حسب الوضعية", stacked=True, height=320, tools=["hover"],
        xlabel="Mois / الشهر", ylabel="Mois-élèves / أشهر", legend_position="right", width=900, backend="bokeh")
