"""Charts of the what-if, in one language: a figure per province, current beside simulated."""

from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh renderer that hv.render uses)
import pandas as pd

from workbench.catalogue import named, text
from workbench.chartstyle import colours, dimension
from workbench.programmes.whatif.outputs import FIGURE_LABELS
from workbench.programmes.whatif.simulation import Comparison

SIDES = {"whatif.current": "#999999", "whatif.simulated": "#3d85c6"}


def by_province(comparison: Comparison, lang: str = "ar", figure: str = "tayssir_amount_mad") -> hv.Bars:
    province = named("province", lang)
    frame = comparison.by_province()
    long = pd.concat([frame[[province]].assign(side=text(f"whatif.{side}").of(lang), value=frame[f"{figure}_{side}"])
                      for side in ("current", "simulated")], ignore_index=True)
    return hv.Bars(long, kdims=[dimension(province, "app.province", lang), dimension("side", "whatif.side", lang)],
                   vdims=[dimension("value", f"whatif.figure.{figure}", lang)]).opts(
        title=FIGURE_LABELS[figure].of(lang), width=760, height=320, xrotation=30, tools=["hover"],
        cmap=colours(SIDES, lang), backend="bokeh")
