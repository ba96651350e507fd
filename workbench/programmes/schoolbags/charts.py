"""Charts of the kit-needs report and app."""

from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh renderer that hv.render uses)
import pandas as pd

from workbench.programmes.schoolbags.compute import KitNeedsResult


def needs_by_province(result: KitNeedsResult) -> hv.Bars:
    frame = result.by_province().melt(id_vars=["province_fr"], value_vars=["to_order", "surplus", "usable_stock"],
                                      var_name="measure", value_name="copies")
    frame["measure"] = frame["measure"].map({"to_order": "À commander / المطلوب", "surplus": "Surplus / الفائض",
                                             "usable_stock": "Stock réutilisable / المخزون"})
    return hv.Bars(frame, kdims=["province_fr", "measure"], vdims=["copies"]).opts(
        title="Besoins par province / الحاجيات حسب الإقليم", width=760, height=340, xrotation=30, tools=["hover"],
        multi_level=False, color="measure", cmap=["#cc4125", "#6aa84f", "#3d85c6"], legend_position="top_right",
        xlabel="Province / الإقليم", ylabel="Exemplaires / النسخ", backend="bokeh")


def delivery_progress(result: KitNeedsResult) -> hv.Bars:
    frame = result.by_province()
    frame = pd.DataFrame({
        "province_fr": frame["province_fr"].repeat(2).to_numpy(),
        "measure": ["Livré / المسلم (%)", "Élèves servis / المستفيدون (%)"] * len(frame),
        "percent": [v for row in zip(_percent(frame["delivered"], frame["to_order"]),
                                     _percent(frame["served"], frame["beneficiaries"])) for v in row],
    })
    return hv.Bars(frame, kdims=["province_fr", "measure"], vdims=["percent"]).opts(
        title="Avancement des livraisons et de la distribution / تقدم التسليم والتوزيع", width=760, height=320,
        xrotation=30, ylim=(0, 115), tools=["hover"], xlabel="Province / الإقليم", ylabel="%", multi_level=False,
        color="measure", cmap=["#3d85c6", "#e69138"], legend_position="top_right", backend="bokeh")


def _percent(done: pd.Series, target: pd.Series) -> pd.Series:
    return (100 * done / target.where(target > 0)).fillna(0).clip(upper=100).round(1)
