"""The families' portal (e-services): a guardian sees each of their children, a pupil themself: identity and
school, marks with the class mean, absences by day and hour with their cause, the week's timetable, coming tests,
Tayssir months and transfers, kit and grant decisions, requests and their state, a ready certificate or transcript and
each semester's report card to download.
Arabic first (French by the switch), narrow enough for a phone. Served by `workbench serve` in its own login realm
(workbench.programmes.portal.realm); importing this module builds nothing."""

import html
import io

import panel as pn

from workbench.catalogue import text
from workbench.exceptions import WorkbenchError
from workbench.programmes.portal.eservices import FamilyPortal, Home, SessionEnded
from workbench.programmes.portal.models import REQUEST_KINDS
from workbench.programmes.portal.summary import summarise
from workbench.programmes.school_life.models import DAYS, SLOTS
from workbench.programmes.school_life.outputs import slot_time
from workbench.ui import HEADER_CSS, PHONE_VIEWPORT, Page, message_alert
from workbench.webauth import logout_form, page_xsrf

NS = "portal"
CSS = """
:host{--wb-line:#d0d7de}
h3{font-size:1.15em;font-weight:bold;margin:.3em 0} h4{font-size:1em;font-weight:bold;margin:.6em 0 .2em}
table{border-collapse:collapse;width:100%;margin:.3em 0 1em;font-size:14px;background:#fff}
td,th{border:1px solid var(--wb-line);padding:4px 6px;text-align:start;vertical-align:top}
th{background:#f0f4f8}
tr:nth-child(even) td{background:#f8fafc}
.wb-child,.wb-summary,.wb-family{border:1px solid var(--wb-line);border-radius:8px;padding:.6em .9em;margin-bottom:.8em;
  background:#fff}
.wb-child h3,.wb-summary h3{margin:.2em 0}
.wb-summary ul{margin:.3em 0;padding-inline-start:1.2em} .wb-summary li{margin:.25em 0}
.wb-scroll{overflow-x:auto}
.wb-top a{margin-inline-end:1em}
td[data-justified="0"]{color:#b00020}
td[data-state="ready"]{color:#0a6b2d;font-weight:bold} td[data-state="refused"]{color:#b00020}
td small{display:block;font-weight:normal;color:#444}
details.wb-section{border-top:1px solid var(--wb-line);padding:.35em 0}
details.wb-section>summary{cursor:pointer;font-weight:bold;padding:.2em 0}
details.wb-section>summary .wb-count{font-weight:normal;color:#555}
bdi{unicode-bidi:isolate}
"""
STEP_CSS = ":host{background:#fff8e1;border:2px solid #f0b429;border-radius:8px;padding:.4em .9em;margin-bottom:.8em}"
TABS_CSS = ".bk-header{flex-wrap:wrap} .bk-tab{padding:6px 10px}"
SECTIONS = ("marks", "absences", "timetable", "tests", "kit_grants", "tayssir")

def _t(portal: FamilyPortal, key: str, **values) -> str:
    return html.escape(portal.t(key, **values))


def _word(portal: FamilyPortal, key: str, fallback: object) -> str:
    try:
        return html.escape(text(key).of(portal.lang))
    except WorkbenchError:  # a code without words in the catalogue is shown as it is
        return html.escape(str(fallback))


def _coded(portal: FamilyPortal, prefix: str, value: object) -> str:
    """A cell holding a stored code in words (its catalogue label; the code itself only if it has none)."""
    return f"<td>{_word(portal, f'{prefix}.{value}', value)}</td>"


def _table(headers: list[str], rows: list[list[str]], css: str, empty: str) -> str:
    if not rows:
        return f'<p class="{css} wb-empty">{empty}</p>'
    head = "".join(f"<th>{h}</th>" for h in headers)
    body = "".join("<tr>" + "".join(cells) + "</tr>" for cells in rows)
    return f'<div class="wb-scroll"><table class="{css}"><tr>{head}</tr>{body}</table></div>'


def _cell(value: object, **attributes: str) -> str:
    extra = "".join(f' data-{k}="{html.escape(str(v))}"' for k, v in attributes.items())
    return f"<td{extra}>{html.escape('' if value is None else str(value))}</td>"


def child_html(portal: FamilyPortal, home: Home, pupil: dict) -> str:
    lang, code = portal.lang, pupil["massar_code"]
    empty = _t(portal, "app.no_data")
    last = pupil["last_name_ar"] if lang == "ar" else (pupil["last_name_fr"] or pupil["last_name_ar"])
    first = pupil["first_name_ar"] if lang == "ar" else (pupil["first_name_fr"] or pupil["first_name_ar"])
    name = html.escape(f"{last} {first}")
    school = html.escape(pupil["school_ar"] if lang == "ar" else pupil["school_fr"])
    level = html.escape(pupil["level_ar"] if lang == "ar" else pupil["level_fr"])
    left = (f'<p class="wb-left">{_t(portal, "app.left", on=pupil["left_on"])}</p>'
            if pupil["left_on"] is not None and str(pupil["left_on"]) not in ("NaT", "None") else "")
    subject = "subject_ar" if lang == "ar" else "subject_fr"
    marks = home.marks[home.marks["massar_code"] == code]
    mark_rows = [[_cell(row[subject]), _cell(row["semester"]),
                  _coded(portal, "portal.test", row["test"]),
                  _cell("—" if row["mark"] is None or row["mark"] != row["mark"] else f"{row['mark']:.2f}",
                        subject=row["subject_code"], test=row["test"]),
                  _cell("" if row["class_mean"] != row["class_mean"] else f"{row['class_mean']:.2f}")]
                 for row in marks.to_dict("records")]
    absences = home.absences[home.absences["massar_code"] == code]
    absence_rows = [[_cell(f"{row['absent_on']}"), _cell(row["slots"]), _cell(row["hours"]),
                     f'<td data-justified="{int(bool(row["justified"]))}">'
                     f'{_t(portal, "cause.justified" if row["justified"] else "cause.unjustified")}</td>']
                    for row in absences.to_dict("records")]
    week = home.timetable[home.timetable["massar_code"] == code]
    by_slot = {(row["day"], row["slot"]): row[subject] for row in week.to_dict("records")}
    used = [slot for slot in SLOTS if any((day, slot) in by_slot for day in DAYS)]
    week_rows = [[_cell(f"{slot} ({slot_time(slot)})")] + [_cell(by_slot.get((day, slot), "")) for day in DAYS]
                 for slot in used]
    days = [html.escape(text(f"school_life.day.{day}").of(lang)) for day in DAYS]
    tests = home.tests[home.tests["massar_code"] == code]
    test_rows = [[_cell(row["held_on"]), _cell(row[subject]),
                  _coded(portal, "portal.test", row["test"])]
                 for row in tests.to_dict("records")]
    months = home.tayssir_months[home.tayssir_months["massar_code"] == code]
    month_rows = [[_cell(f"{row['month']}"[:7]), _coded(portal, "portal.line_kind", row["kind"]),
                   _cell(row["amount_mad"]), _coded(portal, "tayssir.status", row["status"])]
                  for row in months.to_dict("records")]
    kit = home.kit[home.kit["massar_code"] == code]
    kit_text = []
    for row in kit.to_dict("records"):
        state = _t(portal, "kit.excluded" if row["kit_excluded"] else "kit.beneficiary")
        delivered = (_t(portal, "kit.delivered", on=row["delivered_on"]) if row["delivered_on"] is not None
                     and str(row["delivered_on"]) not in ("NaT", "None") else _t(portal, "kit.not_delivered"))
        kit_text.append(f"{state} — {delivered}")
    grants = home.grants[home.grants["massar_code"] == code]
    grant_rows = [[_coded(portal, "grants.grant_type", row["grant_type"]),
                   _coded(portal, "grants.decision", row["decision"]),
                   _cell(row["published_on"])] for row in grants.to_dict("records")]
    t = lambda key: _t(portal, key)  # noqa: E731 - headers of this card
    sections = {
        "marks": (len(mark_rows), _table([t("subject"), t("semester"), t("test"), t("mark"), t("class_mean")],
                                         mark_rows, "wb-marks", empty)),
        "absences": (len(absence_rows), _table([t("absent_on"), t("slots"), t("hours"), t("cause")], absence_rows,
                                               "wb-absences", empty)),
        "timetable": (None, _table([t("slot"), *days], week_rows, "wb-week", empty)),
        "tests": (len(test_rows), _table([t("held_on"), t("subject"), t("test")], test_rows, "wb-tests", empty)),
        "kit_grants": (None, f"<p class='wb-kit'>{'<br>'.join(kit_text) or empty}</p>"
                       + _table([t("grant_type"), t("decision"), t("published_on")], grant_rows, "wb-grants", "")),
        "tayssir": (len(month_rows), _table([t("month"), t("kind"), t("amount_mad"), t("status")], month_rows,
                                            "wb-tayssir", empty)),
    }
    return (
        f'<section class="wb-child" data-pupil="{html.escape(code)}"><h3>{name}</h3>'
        f"<p>{t('app.identity')}: <bdi>{html.escape(code)}</bdi> · <bdi>{html.escape(pupil['class_code'])}</bdi> · "
        f"{level}<br>{school}<br>"
        f"{t('app.born')}: <bdi>{html.escape(str(pupil['birth_date']))}</bdi> — "
        f"{html.escape(pupil['birth_place'] or '')}</p>{left}"
        + "".join(_section(portal, code, key, *sections[key]) for key in SECTIONS)
        + "</section>")


def _anchor(code: str, key: str) -> str:
    return f"wb-{html.escape(code)}-{key}"


def _section(portal: FamilyPortal, code: str, key: str, count: int | None, body: str) -> str:
    """A section of a child's card, folded to its title (and how many rows) until opened: the card reads as a list
    of its sections, each opened where it stands (its id an anchor)."""
    shown = f' <span class="wb-count">(<bdi>{count}</bdi>)</span>' if count else ""
    return (f'<details class="wb-section" data-section="{key}" id="{_anchor(code, key)}">'
            f"<summary>{_t(portal, f'app.{key}')}{shown}</summary>{body}</details>")


def _pupil_names(portal: FamilyPortal, home: Home) -> dict[str, str]:
    return {row["massar_code"]: f"{row['last_name_ar']} {row['first_name_ar']}" if portal.lang == "ar" else
            f"{row['last_name_fr'] or row['last_name_ar']} {row['first_name_fr'] or row['first_name_ar']}"
            for row in home.pupils.to_dict("records")}


def _first_name(portal: FamilyPortal, pupil: dict) -> str:
    return pupil["first_name_ar"] if portal.lang == "ar" else (pupil["first_name_fr"] or pupil["first_name_ar"])


def _counted(portal: FamilyPortal, key: str, count: int, **values) -> str:
    """A count in words agreeing with its noun; none at all is said as such in both languages ('aucune absence',
    where French's plural rules would write '0 absence')."""
    return _t(portal, f"{key}[zero]" if count == 0 else key, count=count, **values)


def _month(portal: FamilyPortal, month) -> str:
    name = text(f"month.{month.month}").of(portal.lang)
    return f"{name if portal.lang == 'ar' else name.lower()} {month.year}"


def summary_view(portal: FamilyPortal, home: Home) -> pn.Column:
    """What the family reads first: each child's unjustified absences of the month and tests to come, the requests
    ready (their documents to download at once) and those in hand."""
    found = summarise(home, portal.year)
    names, month = _pupil_names(portal, home), _month(portal, found.month)
    lines = [f'<li data-pupil="{html.escape(child.massar_code)}" data-unjustified="{child.unjustified}">'
             f"<b>{html.escape(names.get(child.massar_code, child.massar_code))}</b>: "
             f"{_counted(portal, 'app.unjustified_month', child.unjustified, month=month)} · "
             f"{_counted(portal, 'app.tests_coming', child.tests_coming)}</li>" for child in found.children]
    lines.append(f'<li class="wb-summary-requests" data-ready="{found.ready}" data-waiting="{found.waiting}">'
                 f"{_counted(portal, 'app.requests_ready', found.ready)} · "
                 f"{_counted(portal, 'app.requests_waiting', found.waiting)}</li>")
    downloads = []
    for row in home.requests.to_dict("records"):
        if row["state"] != "ready" or row["kind"] not in ("schooling_certificate", "transcript"):
            continue
        certificate = row["kind"] == "schooling_certificate"
        make = portal.certificate_pdf if certificate else portal.transcript_pdf
        downloads.append(pn.widgets.FileDownload(
            callback=lambda number=row["id"], make=make: io.BytesIO(make(number)),
            filename=f"{'certificate' if certificate else 'transcript'}-{row['id']}.pdf",
            label=f"{portal.t('app.download' if certificate else 'app.download_transcript')} — {row['id']}",
            color="primary", sizing_mode="stretch_width",
            css_classes=["wb-certificate-download" if certificate else "wb-transcript-download"]))
    return pn.Column(pn.pane.HTML(f'<section class="wb-summary"><h3>{_t(portal, "app.summary")}</h3>'
                                  f'<ul>{"".join(lines)}</ul></section>', stylesheets=[CSS],
                                  sizing_mode="stretch_width"),
                     *downloads, sizing_mode="stretch_width", css_classes=["wb-summary-view"])


def report_cards(portal: FamilyPortal, home: Home, code: str) -> list:
    """A download of the child's report card for each semester with a mark present (made when asked for)."""
    marks = home.marks[(home.marks["massar_code"] == code) & home.marks["mark"].notna()]
    return [pn.widgets.FileDownload(
        callback=lambda semester=int(semester): io.BytesIO(portal.report_card_pdf(code, semester)),
        filename=f"report-card-{code}-S{int(semester)}.pdf", label=portal.t("app.report_card", semester=int(semester)),
        color="primary", sizing_mode="stretch_width", css_classes=["wb-report-card-download"])
        for semester in sorted(set(marks["semester"].astype(int)))]


def requests_view(portal: FamilyPortal, home: Home, said: dict) -> pn.Column:
    """The family's requests (styled like the other tables) and the form of a new one; the outcome of a request is
    said under its button (refused: why; sent: its number), where the family is looking."""
    names = _pupil_names(portal, home)
    first = {pupil["massar_code"]: _first_name(portal, pupil) for pupil in home.pupils.to_dict("records")}
    rows = []
    for row in home.requests.to_dict("records"):
        state = _t(portal, f"state.{row['state']}")
        detail = row["refusal_reason"] or (row["accepted_on"] if row["accepted_on"] is not None
                                           and str(row["accepted_on"]) not in ("NaT", "None") else "")
        rows.append([_cell(row["id"]), _cell(first.get(row["massar_code"], row["massar_code"])),
                     _coded(portal, "portal.kind", row["kind"]),
                     f'<td data-state="{row["state"]}">{state}'
                     f'{f"<small>{html.escape(str(detail))}</small>" if detail else ""}</td>'])
    table = _table([_t(portal, "app.request_number"), _t(portal, "pupil"), _t(portal, "kind"), _t(portal, "state")],
                   rows, "wb-requests", _t(portal, "app.none"))
    pupil = pn.widgets.Select(label=portal.t("app.pupil_select"), options={f"{v} ({k})": k for k, v in names.items()},
                              css_classes=["wb-request-pupil"], sizing_mode="stretch_width")
    kind = pn.widgets.Select(label=portal.t("app.kind"), css_classes=["wb-request-kind"], sizing_mode="stretch_width",
                             options={portal.t(f"kind.{k}"): k for k in REQUEST_KINDS})
    wished = pn.widgets.DatePicker(label=portal.t("wished_on"), css_classes=["wb-request-date"],
                                   sizing_mode="stretch_width", visible=kind.value == "appointment")
    kind.param.watch(lambda event: setattr(wished, "visible", event.new == "appointment"), "value")
    reason = pn.widgets.TextAreaInput(label=portal.t("reason"), placeholder=portal.t("app.reason_placeholder"),
                                      max_length=500, css_classes=["wb-request-reason"], sizing_mode="stretch_width")
    send = pn.widgets.Button(label=portal.t("app.send"), color="primary", css_classes=["wb-request-send"],
                             sizing_mode="stretch_width")
    notice = said.pop("notice", "")
    outcome = pn.pane.Alert(notice, alert_type="danger" if notice.startswith("⚠") else "success",
                            visible=bool(notice), sizing_mode="stretch_width",
                            css_classes=["wb-message", "wb-request-message"])

    def submit(_) -> None:
        said["request"] = True  # a request sent redraws the page: its outcome is then said here, not at the top
        try:
            sent = portal.request(pupil.value, kind.value, wished.value if wished.visible else None, reason.value)
        finally:
            said.pop("request", None)
        if not sent:  # refused (an appointment without a date, a pupil who left...): why, under the button
            outcome.param.update(object=portal.message, alert_type="danger", visible=True)

    send.on_click(submit)
    return pn.Column(pn.pane.HTML(f"<h3>{_t(portal, 'app.requests')}</h3>{table}"
                                  f"<h4>{_t(portal, 'app.new_request')}</h4>", stylesheets=[CSS],
                                  sizing_mode="stretch_width"), pupil, kind, wished, reason, send,
                     outcome, sizing_mode="stretch_width", css_classes=["wb-requests-view"])


def family_html(portal: FamilyPortal, home: Home) -> str:
    rows = [[_cell(row["period_code"]), _cell(row["amount_mad"]),
             _coded(portal, "portal.transfer", row["status"]), _cell(row["paid_on"])]
            for row in home.transfers.to_dict("records")]
    if portal.holder.kind != "guardian":
        return ""
    return (f"<section class='wb-family'><h3>{_t(portal, 'app.transfers')}</h3>"
            + _table([_t(portal, "period_code"), _t(portal, "amount_mad"), _t(portal, "status"), _t(portal, "paid_on")],
                     rows, "wb-transfers", _t(portal, "app.no_data")) + "</section>")


def password_view(portal: FamilyPortal) -> pn.Column:
    """The first thing a family sees until they chose a password: the letter's code opens one visit only."""
    password = pn.widgets.PasswordInput(label=portal.t("app.new_password"), css_classes=["wb-password"],
                                        sizing_mode="stretch_width")
    save = pn.widgets.Button(label=portal.t("app.save_password"), css_classes=["wb-password-save"], color="warning",
                             sizing_mode="stretch_width")
    save.on_click(lambda _: portal.set_password(password.value) and setattr(password, "value", ""))
    return pn.Column(pn.pane.HTML(f"<h3>{_t(portal, 'app.password_first')}</h3>"
                                  f"<p>{_t(portal, 'app.password_why')}</p>", stylesheets=[CSS],
                                  sizing_mode="stretch_width"),
                     password, save, sizing_mode="stretch_width", stylesheets=[STEP_CSS],
                     css_classes=["wb-password-step"])


def create_app(portal: FamilyPortal) -> Page:
    other = "fr" if portal.lang == "ar" else "ar"
    kind = text(f"{NS}.holder_kind.{portal.holder.kind}").of(portal.lang)
    top = pn.pane.HTML(
        f'<div class="wb-top" data-holder-kind="{portal.holder.kind}">{_t(portal, "app.code_login")}: '
        f"{html.escape(kind)} · <a href='?lang={other}' class='wb-switch'>{_t(portal, 'app.switch')}</a>"
        f"{logout_form(portal.t('app.logout'), page_xsrf(), '/eservices')}</div>",
        stylesheets=[CSS], sizing_mode="stretch_width")
    said: dict = {"tab": 0}  # the tab open, kept across a redraw; the outcome of a request to say beside its form

    def content() -> list:
        home = portal.home()  # first: the holder as it stands now (a password chosen, a child no longer theirs)
        if said.pop("request", False):
            said["notice"] = portal.message
        pupils = home.pupils.to_dict("records")
        tabs = [(_first_name(portal, pupil), pn.Column(
            pn.pane.HTML(child_html(portal, home, pupil), stylesheets=[CSS], sizing_mode="stretch_width"),
            *report_cards(portal, home, pupil["massar_code"]), sizing_mode="stretch_width")) for pupil in pupils]
        tabs.append((portal.t("app.requests"), requests_view(portal, home, said)))
        if portal.holder.kind == "guardian":
            tabs.append((portal.t("app.family"), pn.pane.HTML(family_html(portal, home), stylesheets=[CSS],
                                                              sizing_mode="stretch_width")))
        shown = pn.Tabs(*tabs, active=min(said["tab"], len(tabs) - 1), sizing_mode="stretch_width",
                        stylesheets=[TABS_CSS], css_classes=["wb-tabs"])
        shown.param.watch(lambda event: said.update(tab=event.new), "active")
        step = [] if portal.holder.has_password else [password_view(portal)]
        return [*step, summary_view(portal, home), shown]

    # Plain panes redrawn by watchers rather than bound functions: a family's page is built once per visit, and
    # thousands of families a day open it (benchmarks/run.py, portal).
    shown = pn.Column(*content(), sizing_mode="stretch_width")
    alert = message_alert(portal.message)
    portal.param.watch(lambda _: setattr(shown, "objects", content()), "version")
    portal.param.watch(lambda event: alert.param.update(object=event.new, visible=bool(event.new) and not said.get(
        "request"), alert_type="danger" if event.new.startswith("⚠") else "success"), "message")
    main = pn.Column(top, alert, shown, sizing_mode="stretch_width", css_classes=["wb-portal"])
    title = text(f"{NS}.eservices").of(portal.lang)
    # No busy spinner in the header: a family's page has nothing running in the background to show. On a wide
    # screen the page keeps a phone's column, centred, rather than lines across 1,366 px.
    return Page(title=title, language=portal.lang, main=[main], busy_indicator=None, raw_css=[HEADER_CSS],
                main_max_width="800px", meta_viewport=PHONE_VIEWPORT)


def serve_portal() -> None:
    """The page of the family whose portal session the request carries; none: a link to the login."""
    from workbench.programmes.portal.realm import session_token

    lang = (pn.state.session_args.get("lang") or [b"ar"])[0].decode()
    try:
        portal = FamilyPortal(session_token(), lang=lang if lang in ("ar", "fr") else "ar")
    except SessionEnded:
        needed = text(f"{NS}.app.login_needed")
        pn.pane.HTML(f"<p dir='rtl'>{html.escape(needed.ar)}</p><p>{html.escape(needed.fr)}</p>"
                     f"<a href='/login?next=/eservices'>{html.escape(text(f'{NS}.app.login_link').both())}</a>",
                     css_classes=["wb-nothing"]).servable()
        return
    portal.param.watch(lambda event: event.new and pn.state.location.param.update(reload=True), "session_ended")
    create_app(portal).servable()


if __name__.startswith("bokeh"):
    pn.extension(sizing_mode="stretch_width")
    serve_portal()
