"""Partner exchange review desk: the CNSS and CMR requests the rules could not answer, their candidate pupils, and
the operator's decision (this pupil, or not found), seen in the next answer file. Served by `workbench serve`;
importing this module builds nothing."""

import html

import panel as pn

from workbench.catalogue import headers, text
from workbench.programmes.partner_exchange.desk import PartnerDesk
from workbench.programmes.partner_exchange.outputs import in_words
from workbench.ui import message_alert, nothing_here, page, serve_app, table

NS = "partner_exchange"
QUEUE_TITLES = headers(NS, "partner", "request_id", "child_last_name", "child_first_name", "birth_date",
                       "guardian_cin", "status", "reason")
CANDIDATE_TITLES = headers(NS, "massar_code", "last_name_fr", "first_name_fr", "last_name_ar", "first_name_ar",
                           "birth_date", "similarity", "why")


def _say(desk: PartnerDesk, key: str) -> str:
    return desk.t(f"{NS}.{key}")


def _answer(desk: PartnerDesk) -> pn.pane.HTML:
    shown = desk.answer()
    if not shown:
        return pn.pane.HTML(f'<div class="wb-answer" data-status="">{html.escape(_say(desk, "desk.nothing"))}</div>')
    return pn.pane.HTML(
        f'<div class="wb-answer" data-status="{shown["status"]}" data-massar="{shown["massar_code"]}">'
        f'<b>{html.escape(_say(desk, "desk.answer"))}</b> : {html.escape(shown["words"])} — '
        f'{html.escape(shown["method"])} {html.escape(shown["massar_code"])}</div>', sizing_mode="stretch_width")


def _table(desk: PartnerDesk, frame, titles) -> pn.widgets.Tabulator:
    """Statuses, partners and reasons in the user's words; of a pair of names, the reader's (`ui.table`)."""
    shown = in_words(frame, desk.lang).astype(object).where(frame.notna(), "")
    for column in ("birth_date",):
        if column in frame and len(frame):
            shown[column] = frame[column].dt.strftime("%Y-%m-%d")
    if "why" in frame:
        shown["why"] = frame["why"].map(lambda w: _say(desk, f"candidate.{w}"))
    return table(desk, shown, titles, height=300, disabled=True)


def create_app(desk: PartnerDesk) -> pn.template.BaseTemplate:
    title = text(f"{NS}.title")
    if not desk.allowed:
        return nothing_here(desk, title, text(f"{NS}.desk.not_for_role"))
    partner = pn.widgets.Select.from_param(desk.param.partner, css_classes=["wb-partner"])
    refresh = pn.widgets.Button(label=_say(desk, "desk.refresh"))
    refresh.on_click(lambda _: desk._load())
    request = pn.widgets.Select.from_param(desk.param.request, css_classes=["wb-request"], sizing_mode="stretch_width")
    candidate = pn.widgets.Select.from_param(desk.param.candidate, css_classes=["wb-candidate"],
                                             sizing_mode="stretch_width")
    why = pn.widgets.TextInput.from_param(desk.param.why, css_classes=["wb-why"])
    confirm = pn.widgets.Button(label=_say(desk, "desk.confirm_pupil"), color="primary", css_classes=["wb-confirm"])
    confirm.on_click(lambda _: desk.confirm_candidate())
    not_found = pn.widgets.Button(label=_say(desk, "desk.confirm_not_found"), css_classes=["wb-not-found"])
    not_found.on_click(lambda _: desk.confirm_not_found())
    message = pn.bind(message_alert, desk.param.message)
    queue = pn.bind(lambda frame: _table(desk, frame, QUEUE_TITLES), desk.param.queue)
    proposed = pn.bind(lambda frame: _table(desk, frame, CANDIDATE_TITLES), desk.param.proposed)
    answer = pn.bind(lambda *_: _answer(desk), desk.param.request, desk.param.queue)
    return page(desk, title, sidebar=[partner, refresh], main=[pn.Column(
        message, pn.pane.Markdown(f"### {_say(desk, 'desk.queue')}"), queue, request, answer,
        pn.pane.Markdown(f"### {_say(desk, 'desk.candidates')}"), proposed, candidate, why,
        pn.Row(confirm, not_found), sizing_mode="stretch_width")])


if __name__.startswith("bokeh"):
    pn.extension("tabulator", sizing_mode="stretch_width")
    serve_app(create_app, PartnerDesk)
