"""HoloViews charts of the overview, shared by the report notebook and the Panel app."""

from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh renderer that hv.render uses)

from workbench.programmes.overview.logic import OverviewFigures

SEX_LABELS = {"F": "Filles / إناث", "M": "Garçons / ذكور"}


def pupils_by_level(figures: OverviewFigures) -> hv.Bars:
    frame = figures.pupils.groupby(["level_rank", "level_code", "sex"], as_index=False)["pupils"].sum()
    frame = frame.sort_values("level_rank").assign(sex=lambda f: f["sex"].map(SEX_LABELS))
    return hv.Bars(frame, kdims=["level_code", "sex"], vdims=["pupils"]).opts(
        title="Élèves par niveau et sexe / التلاميذ حسب المستوى والجنس", stacked=True, width=760, height=340,
        xlabel="Niveau / المستوى", ylabel="Élèves / التلاميذ", tools=["hover"], legend_position="top_left", backend="bokeh")


def pupils_by_province(figures: OverviewFigures) -> hv.Bars:
    frame = figures.pupils.groupby(["province_fr", "milieu"], as_index=False)["pupils"].sum()
    frame["milieu"] = frame["milieu"].map({"rural": "Rural / قروي", "urban": "Urbain / حضري"})
    return hv.Bars(frame, kdims=["province_fr", "milieu"], vdims=["pupils"]).opts(
        title="Élèves par province et milieu / التلاميذ حسب الإقليم والوسط", stacked=True, width=760, height=340,
        xrotation=30, xlabel="Province / الإقليم", ylabel="Élèves / التلاميذ", tools=["hover"], backend="bokeh")


def absence_rate(figures: OverviewFigures) -> hv.Overlay:
    frame = figures.absence_by_month
    style = {"color": "#b45f06", "tools": ["hover"], "backend": "bokeh"}
    curve = hv.Curve(frame, kdims=["month_fr"], vdims=["absence_rate_pct"]).opts(**style)
    points = hv.Scatter(frame, kdims=["month_fr"], vdims=["absence_rate_pct"]).opts(size=7, **style)
    return (curve * points).opts(
        title="Taux d'absence par mois (%) / نسبة الغياب حسب الشهر", width=760, height=300,
        xlabel="Mois / الشهر", ylabel="%", backend="bokeh")
