"""The school's desk for the families' requests: requests by state, accept with a date, mark ready (a schooling
certificate is issued then), refuse with a reason, issue access codes for a class or the school (letters and
portal_codes.csv to download at once), revoke a certificate. Served by `workbench serve`; importing this module
builds nothing."""

import io

import panel as pn

from workbench.catalogue import headers, in_words, text
from workbench.programmes.portal.desk import RequestsDesk
from workbench.ui import message_alert, nothing_here, page, serve_app, table

NS = "portal"
REQUEST_TITLES = headers(NS, "id", "state", "kind", "massar_code", ("pupil", f"{NS}.pupil"), "class_code",
                         "wished_on", "reason", "accepted_on", "refusal_reason", "requested_at")
CERTIFICATE_TITLES = headers(NS, "verification_code", "massar_code", "issued_at", "revoked_at")


def _say(desk: RequestsDesk, key: str, **values) -> str:
    return desk.t(f"{NS}.{key}", **values)


def requests_table(desk: RequestsDesk) -> pn.widgets.Tabulator:
    found = desk.requests()
    last, first = ("last_name_ar", "first_name_ar") if desk.lang == "ar" else ("last_name_fr", "first_name_fr")
    shown = found.assign(pupil=found[last].fillna(found["last_name_ar"]) + " " + found[first].fillna(
        found["first_name_ar"]), requested_at=found["requested_at"].astype(str).str[:16])
    shown = in_words(shown, {"state": f"{NS}.state", "kind": f"{NS}.kind"}, desk.lang)
    return table(desk, shown, REQUEST_TITLES, height=320, selectable=1, css_classes=["wb-requests"])


def actions(desk: RequestsDesk) -> pn.Column:
    ids = desk.requests()["id"].tolist()
    number = pn.widgets.Select(label=_say(desk, "app.request_number"), options=ids, css_classes=["wb-request-id"])
    on = pn.widgets.DatePicker(label=_say(desk, "app.on_date"), css_classes=["wb-accept-date"])
    reason = pn.widgets.TextInput(label=_say(desk, "refusal_reason"), max_length=500, css_classes=["wb-refuse-reason"])
    accept = pn.widgets.Button(label=_say(desk, "app.accept"), color="primary", css_classes=["wb-accept"])
    ready = pn.widgets.Button(label=_say(desk, "app.ready"), color="success", css_classes=["wb-ready"])
    refuse = pn.widgets.Button(label=_say(desk, "app.refuse"), color="danger", css_classes=["wb-refuse"])
    accept.on_click(lambda _: desk.act(number.value, "accept", on=on.value))
    ready.on_click(lambda _: desk.act(number.value, "ready"))
    refuse.on_click(lambda _: desk.act(number.value, "refuse", reason=reason.value))
    return pn.Column(number, pn.Row(on, accept), ready, pn.Row(reason, refuse))


def codes_view(desk: RequestsDesk) -> pn.Column:
    classes = pn.widgets.Select(label=_say(desk, "class_code"), css_classes=["wb-codes-class"],
                                options={_say(desk, "app.whole_school"): "", **{c: c for c in desk.classes()}})
    issue = pn.widgets.Button(label=_say(desk, "app.issue_codes"), color="primary", css_classes=["wb-issue"])
    letters = pn.widgets.FileDownload(callback=lambda: io.BytesIO(desk.letters()), filename="portal_letters.pdf",
                                      label=_say(desk, "app.letters"), css_classes=["wb-letters"])
    listing = pn.widgets.FileDownload(callback=desk.codes_csv, filename="portal_codes.csv",
                                      label=_say(desk, "app.codes_csv"), css_classes=["wb-codes-csv"])
    issue.on_click(lambda _: desk.issue(classes.value))
    return pn.Column(classes, issue, letters, listing)


def certificates_view(desk: RequestsDesk) -> pn.Column:
    found = desk.certificates()
    code = pn.widgets.TextInput(label=_say(desk, "verification_code"), css_classes=["wb-revoke-code"])
    revoke = pn.widgets.Button(label=_say(desk, "app.revoke"), color="danger", css_classes=["wb-revoke"])
    revoke.on_click(lambda _: desk.revoke(code.value))
    shown = found.assign(issued_at=found["issued_at"].astype(str).str[:16],
                         revoked_at=found["revoked_at"].astype(str).str[:16].replace({"NaT": "", "None": ""}))
    return pn.Column(table(desk, shown, CERTIFICATE_TITLES, height=240), pn.Row(code, revoke))


def create_app(desk: RequestsDesk) -> pn.template.BaseTemplate:
    title = text(f"{NS}.app.desk")
    if not desk.has_schools:
        return nothing_here(desk, title, text(f"{NS}.app.nothing"))
    school = pn.widgets.Select.from_param(desk.param.school, label=desk.t("app.school"), css_classes=["wb-school"])
    state = pn.widgets.RadioButtonGroup.from_param(
        desk.param.state_shown, css_classes=["wb-state"],
        options={**{_say(desk, f"state.{s}"): s for s in ("new", "accepted", "ready", "refused")},
                 desk.t("app.all"): "all"})
    watched = (desk.param.school, desk.param.state_shown, desk.param.version)
    requests = pn.Column(state, pn.bind(lambda *_: requests_table(desk), *watched),
                         pn.bind(lambda *_: actions(desk), *watched), sizing_mode="stretch_width")
    tabs = pn.Tabs((_say(desk, "app.by_state"), requests),
                   (_say(desk, "app.issue_codes"), pn.bind(lambda *_: codes_view(desk), desk.param.school)),
                   (_say(desk, "app.certificates"), pn.bind(lambda *_: certificates_view(desk), *watched)),
                   dynamic=True)
    return page(desk, title, sidebar=[school],
                main=[pn.Column(pn.bind(message_alert, desk.param.message), tabs, sizing_mode="stretch_width")])


if __name__.startswith("bokeh"):
    pn.extension("tabulator", sizing_mode="stretch_width")
    serve_app(create_app, RequestsDesk)
