"""Charts of the grants report and app."""

from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh renderer that hv.render uses)
import numpy as np

from workbench.programmes.grants.compute import GrantLists


def granted_by_province(lists: GrantLists) -> hv.Bars:
    frame = lists.summary()
    return hv.Bars(frame, kdims=["province_fr", "grant_type"], vdims=["granted"]).opts(
        title="Bourses accordées par province et type / المنح الممنوحة حسب الإقليم والنوع", stacked=True, width=760,
        height=320, xrotation=30, tools=["hover"], legend_position="right", xlabel="Province / الإقليم",
        ylabel="Bourses / المنح", backend="bokeh")


def score_distribution(lists: GrantLists) -> hv.Histogram:
    scores = lists.in_scope()["score"].dropna()
    frequencies, edges = np.histogram(scores, bins=20, range=(0, 100))
    return hv.Histogram((edges, frequencies), kdims=["score"], vdims=["applications"]).opts(
        title="Distribution des scores / توزيع النقط", width=760, height=280, color="#3d85c6", tools=["hover"],
        xlabel="Score / النقطة", ylabel="Demandes / الطلبات", backend="bokeh")
