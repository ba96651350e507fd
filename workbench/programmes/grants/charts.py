"""Charts of the grants report and app, in one language."""

from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh renderer that hv.render uses)
import numpy as np

from workbench.catalogue import named, text
from workbench.chartstyle import colours, dimension
from workbench.programmes.grants.compute import GrantLists

TYPES = {"grants.grant_type.boarding_full": "#3d85c6", "grants.grant_type.boarding_half": "#6fa8dc",
         "grants.grant_type.canteen": "#e69138", "grants.grant_type.lower_secondary": "#6aa84f"}


def granted_by_province(lists: GrantLists, lang: str = "ar") -> hv.Bars:
    province = named("province", lang)
    frame = lists.summary()
    frame = frame.assign(grant_type=frame["grant_type"].map(lambda g: text(f"grants.grant_type.{g}").of(lang)))
    return hv.Bars(frame, kdims=[dimension(province, "app.province", lang),
                                 dimension("grant_type", "grants.grant_type", lang)],
                   vdims=[dimension("granted", "grants.granted", lang)]).opts(
        title=text("grants.chart.granted").of(lang), stacked=True, width=760, height=320, xrotation=30,
        tools=["hover"], cmap=colours(TYPES, lang), backend="bokeh")


def score_distribution(lists: GrantLists, lang: str = "ar") -> hv.Histogram:
    scores = lists.in_scope()["score"].dropna()
    frequencies, edges = np.histogram(scores, bins=20, range=(0, 100))
    return hv.Histogram((edges, frequencies), kdims=[dimension("score", "grants.committee.score", lang)],
                        vdims=[dimension("applications", "grants.applicants", lang)]).opts(
        title=text("grants.chart.scores").of(lang), width=760, height=280, color="#3d85c6", tools=["hover"],
        backend="bokeh")
