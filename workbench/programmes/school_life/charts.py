"""Charts of the school-life report, each in one language (`report.chart` draws one per language): the absence
rate by weekday and hour slot as a heat map, and conflicts per school."""

from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh renderer that hv.render uses)
import pandas as pd

from workbench.catalogue import text
from workbench.programmes.school_life.models import DAYS, SLOTS


def _t(key: str, lang: str) -> str:
    return text(f"school_life.{key}").of(lang)


def absence_heat_map(cells: pd.DataFrame, lang: str) -> hv.HeatMap:
    """Absence rate (%) per weekday (across) and hour slot (down); `cells`: day, slot, rate_pct."""
    grid = pd.MultiIndex.from_product([DAYS, SLOTS], names=["day", "slot"]).to_frame(index=False)
    frame = grid.merge(cells[["day", "slot", "rate_pct"]], how="left").fillna({"rate_pct": 0.0})
    frame = frame.assign(day=frame["day"].map(lambda d: _t(f"day.{d}", lang)), slot=frame["slot"].astype(str))
    days = [_t(f"day.{d}", lang) for d in DAYS]
    return hv.HeatMap(frame, kdims=["day", "slot"], vdims=["rate_pct"]).opts(
        title=_t("report.heat", lang), width=640, height=360, cmap="Reds", colorbar=True, tools=["hover"],
        xlabel=_t("day", lang), ylabel=_t("slot", lang), invert_yaxis=True, backend="bokeh",
        xticks=None).redim.values(day=days, slot=[str(s) for s in SLOTS])


def conflicts_by_school(coverage: pd.DataFrame, lang: str) -> hv.Bars:
    frame = coverage[["school_code", "conflicts"]]
    return hv.Bars(frame, kdims=["school_code"], vdims=["conflicts"]).opts(
        title=_t("conflicts", lang), width=640, height=300, xrotation=45, tools=["hover"],
        xlabel=_t("school_code", lang), ylabel=_t("conflicts", lang), backend="bokeh")
