"""Charts of the second-chance report and app: the centres laid out by province (a map-like chart), the plan
against what was achieved, the completeness ranking and the outcomes of those who left."""

from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh renderer that hv.render uses)
import pandas as pd

from workbench.catalogue import text
from workbench.programmes.second_chance.campaign import SecondChanceResult
from workbench.programmes.second_chance.models import OUTCOMES


def _t(key: str) -> str:
    return text(f"second_chance.{key}").both()


def centres_by_province(result: SecondChanceResult) -> hv.Points:
    """Each centre a dot in its province's column (stacked in code order), sized by its learners and coloured by
    how complete its data is: where the centres are and which ones need a visit first."""
    peak = max(int(result.indicators["learners"].max()), 1) if not result.indicators.empty else 1
    frame = result.indicators.sort_values(["province_code", "centre_code"]).assign(
        place=lambda f: f.groupby("province_code").cumcount() + 1,
        size=lambda f: 8 + 24 * (f["learners"] / peak) ** 0.5,
        completeness=lambda f: f["completeness_pct"].fillna(0))
    places = list(range(1, int(frame["place"].max()) + 1)) if not frame.empty else [1]
    return hv.Points(frame, kdims=["province_fr", "place"],
                     vdims=["centre_code", "learners", "completeness", "size"]).opts(
        title=_t("chart.map"), width=760, height=340, size="size", color="completeness", cmap="RdYlGn",
        clim=(0, 100), colorbar=True, clabel=_t("completeness_pct"), yticks=places, ylim=(0.5, len(places) + 0.5),
        tools=["hover"], xrotation=30, xlabel=_t("province_fr"),
        ylabel=_t("chart.centres_in_province"), backend="bokeh")


def plan_against_achieved(result: SecondChanceResult) -> hv.Bars:
    plan = result.plan.fillna({"province_fr": result.plan["province_code"]})
    measures = {"centres_planned": _t("centres_planned"), "centres_opened": _t("centres_opened")}
    frame = plan.melt(id_vars=["province_fr"], value_vars=list(measures), var_name="measure", value_name="centres")
    frame["measure"] = frame["measure"].map(measures)
    return hv.Bars(frame, kdims=["province_fr", "measure"], vdims=["centres"]).opts(
        title=_t("chart.plan"), width=760, height=320, xrotation=30, multi_level=False, color="measure",
        cmap=["#9fc5e8", "#0b5394"], tools=["hover"], xlabel=_t("province_fr"), ylabel=_t("centres"),
        backend="bokeh")


def completeness_ranking(result: SecondChanceResult) -> hv.Bars:
    frame = result.indicators.sort_values(["completeness_pct", "centre_code"]).assign(
        completeness=lambda f: f["completeness_pct"].fillna(0))
    return hv.Bars(frame, kdims=["centre_code"], vdims=["completeness"]).opts(
        title=_t("chart.completeness"), width=760, height=320, xrotation=45, ylim=(0, 105), color="#6aa84f",
        tools=["hover"], xlabel=_t("centre_code"), ylabel="%", backend="bokeh")


def outcomes(result: SecondChanceResult) -> hv.Bars:
    counted = result.outcomes().sum()
    frame = pd.DataFrame({"outcome": [_t(f"outcome.{o}") for o in (*OUTCOMES, "unknown")],
                          "learners": [int(counted.get(o, 0)) for o in (*OUTCOMES, "unknown")]})
    return hv.Bars(frame, kdims=["outcome"], vdims=["learners"]).opts(
        title=_t("chart.outcomes"), width=760, height=300, xrotation=20, color="#e69138", tools=["hover"],
        xlabel=_t("outcome"), ylabel=_t("learners"), backend="bokeh")
