"""The chart of school sports results, in one language (`report.chart` draws one per language): podiums and points
by school, a bar per competition level."""

from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh renderer that hv.render uses)
import pandas as pd

from workbench.catalogue import text
from workbench.programmes.school_sports.models import LEVELS


def _t(key: str, lang: str) -> str:
    return text(f"school_sports.{key}").of(lang)


def points_by_school(standings: pd.DataFrame, lang: str) -> hv.Bars:
    """Points summed per school (by its name) and competition level; `standings` as school_life's
    sports_results() gives it (school_name_fr, school_name_ar, level, points)."""
    column = f"school_name_{lang}"
    frame = standings.groupby([column, "level"], as_index=False)["points"].sum()
    levels = [level for level in LEVELS if level in set(frame["level"])]
    if frame.empty:  # no team in the scope: an empty chart under its title, not an error
        frame, levels = pd.DataFrame({column: [""], "level": [LEVELS[0]], "points": [0.0]}), [LEVELS[0]]
    frame = frame.assign(level=frame["level"].map(lambda v: _t(f"level.{v}", lang)))
    frame = frame.rename(columns={column: "school"})
    return hv.Bars(frame, kdims=["school", "level"], vdims=["points"]).opts(
        title=_t("report.chart", lang), width=720, height=340, xrotation=30, tools=["hover"], multi_level=False,
        xlabel=_t("school_name", lang), ylabel=_t("points", lang), backend="bokeh", stacked=True,
        legend_position="right", cmap="Category10").redim.values(level=[_t(f"level.{v}", lang) for v in levels])
