"""Charts of the partner-exchange report: answers by partner and status, in words."""

from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh renderer that hv.render uses)

from workbench.catalogue import text
from workbench.programmes.partner_exchange.answers import PartnerAnswers
from workbench.programmes.partner_exchange.outputs import PARTNER_LABELS, STATUS_LABELS


def answers_by_status(answers: PartnerAnswers) -> hv.Bars:
    frame = answers.by_status()
    frame["partner"] = frame["partner"].map(lambda p: PARTNER_LABELS[p].fr)
    frame["status"] = frame["status"].map(lambda s: STATUS_LABELS[s].both())
    partner, status, requests = (text(f"partner_exchange.{k}") for k in ("partner", "status", "requests"))
    return hv.Bars(frame, kdims=["partner", "status"], vdims=["requests"]).opts(
        title=f"{status.fr} / {status.ar}", stacked=True, width=760, height=320, tools=["hover"],
        legend_position="right", xlabel=partner.both(), ylabel=requests.both(), backend="bokeh")
