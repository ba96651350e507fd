"""School life for a director and their staff: a class's week as a grid (edit a slot, a conflict flagged at once),
the daily class absence sheet as Massar shows it (pupils down, hour slots across, a cause per pupil) with each pupil's
absence days of the month and the Tayssir consequence, marks entry progress and the notices to print. Served by
`workbench serve`; importing this module builds nothing."""

import html
import io

import pandas as pd
import panel as pn

from workbench.catalogue import Label, headers, in_words, text
from workbench.programmes.school_life.desk import SchoolLifeDesk
from workbench.programmes.school_life.models import DAYS, SLOTS
from workbench.programmes.school_life.outputs import CODES, CONFLICT_HEADERS, slot_time
from workbench.programmes.school_sports.outputs import CODES as SPORT_CODES
from workbench.programmes.school_sports.outputs import LEVEL_HEADERS, RESULT_HEADERS
from workbench.ui import downloads, message_alert, nothing_here, page, serve_app, table

NS = "school_life"
PROGRESS_TITLES = headers(NS, "class_code", ("subject", f"{NS}.app.subject_progress"), "pupils", "expected", "entered",
                          "entered_pct")
NOTICE_TITLES = headers(NS, "class_code", ("pupil", f"{NS}.app.pupil"), ("guardian_cin", f"{NS}.app.guardian"),
                        ("week_start", f"{NS}.app.week_start"), ("hours", f"{NS}.app.hours"),
                        ("dates", f"{NS}.app.dates"), ("message", f"{NS}.app.message"))
MEMBER_TITLES = headers(NS, "class_code", ("pupil", f"{NS}.app.pupil"), "sex", ("licence_number", f"{NS}.app.licence"),
                        ("sport", f"{NS}.app.sport"), ("category", f"{NS}.app.category"))
EVENT_TITLES = headers(NS, ("kind", f"{NS}.app.event_kind"), ("sport", f"{NS}.app.sport"), ("name", f"{NS}.app.event"),
                       ("held_on", f"{NS}.app.held_on"), ("participants", f"{NS}.app.participants"))
STANDING_TITLES = {"sport": RESULT_HEADERS["sport"], **LEVEL_HEADERS}
RESULT_TITLES = RESULT_HEADERS
TEST_DATE_TITLES = headers(NS, "class_code", ("subject", f"{NS}.app.subject"), "test", "held_on")
GRID_CSS = """
table.wb-week, table.wb-sheet {border-collapse: collapse; width: 100%}
.wb-week td, .wb-week th, .wb-sheet td, .wb-sheet th {border: 1px solid #ccc; padding: 4px; font-size: 12px}
.wb-week td[data-conflict="1"] {background: #f8d7da; font-weight: bold}
.wb-sheet td[data-absent="1"] {background: #fde2b3; text-align: center}
.wb-sheet td.wb-tayssir[data-status="withheld"] {background: #f8d7da; font-weight: bold}
"""


def _say(desk: SchoolLifeDesk, key: str, **values) -> str:
    return desk.t(f"{NS}.{key}", **values)


def week_grid(desk: SchoolLifeDesk) -> pn.pane.HTML:
    week = desk.week()
    room = _say(desk, "app.room")  # a room has a code only: 'القاعة S01'
    head = "".join(f"<th>{html.escape(_say(desk, f'day.{d}'))}</th>" for d in DAYS)
    rows = []
    for slot in SLOTS:
        cells = []
        for day in DAYS:
            here = week[(week["day"] == day) & (week["slot"] == slot)].sort_values("group_code")
            shown = " | ".join(
                (f"{g} : " if g else "") + f"{desk.subject_name(s)} — {desk.teacher_name(t)} — {room} {r}"
                for g, s, t, r in zip(here["group_code"], here["subject_code"], here["teacher_id"], here["room_code"]))
            conflict = "1" if here["conflict"].any() else "0"
            teachers = ";".join(here["teacher_id"])
            cells.append(f'<td data-day="{day}" data-slot="{slot}" data-conflict="{conflict}" '
                         f'data-teachers="{html.escape(teachers)}">{html.escape(shown)}</td>')
        rows.append(f"<tr><th>{slot} ({slot_time(slot)})</th>{''.join(cells)}</tr>")
    return pn.pane.HTML(f'<table class="wb-week" data-class="{html.escape(desk.class_code or "")}">'
                        f"<tr><th>{html.escape(_say(desk, 'slot'))}</th>{head}</tr>{''.join(rows)}</table>",
                        stylesheets=[GRID_CSS], sizing_mode="stretch_width")


def slot_editor(desk: SchoolLifeDesk) -> pn.Column:
    day = pn.widgets.Select(label=_say(desk, "day"), options={_say(desk, f"day.{d}"): d for d in DAYS},
                            css_classes=["wb-day"])
    slot = pn.widgets.Select(label=_say(desk, "slot"), options={f"{s} ({slot_time(s)})": s for s in SLOTS},
                             css_classes=["wb-slot"])
    subjects = desk._subjects
    subject = pn.widgets.Select(label=_say(desk, "app.subject"), css_classes=["wb-subject"], options={
        desk.subject_name(code): code for code in subjects["subject_code"]})
    teacher = pn.widgets.Select(label=_say(desk, "app.teacher"), css_classes=["wb-teacher"], options={
        f"{desk.teacher_name(t)} ({t})": t for t in desk.teachers["teacher_id"].sort_values()})
    room = pn.widgets.Select(label=_say(desk, "app.room"), css_classes=["wb-room"],
                             options=desk.rooms["room_code"].sort_values().tolist())
    save = pn.widgets.Button(label=_say(desk, "app.save_slot"), color="primary", css_classes=["wb-save-slot"])
    save.on_click(lambda _: desk.save_slot(day.value, slot.value, subject.value, teacher.value, room.value))
    return pn.Column(pn.pane.Markdown(f"### {_say(desk, 'app.edit_slot')}"), pn.Row(day, slot), subject, teacher,
                     room, save)


def conflict_table(desk: SchoolLifeDesk) -> pn.widgets.Tabulator:
    found = desk.conflicts()
    shown = in_words(found, CODES, desk.lang)
    return table(desk, shown, CONFLICT_HEADERS, height=200)


def sheet_table(desk: SchoolLifeDesk) -> pn.pane.HTML:
    sheet = desk.sheet()
    last, first = ("last_name_ar", "first_name_ar") if desk.lang == "ar" else ("last_name_fr", "first_name_fr")
    head = (f"<th>{html.escape(_say(desk, 'app.pupil'))}</th>"
            + "".join(f"<th>{s}</th>" for s in SLOTS)
            + "".join(f"<th>{html.escape(_say(desk, k))}</th>" for k in ("app.cause", "app.month_days", "app.tayssir")))
    rows = []
    for row in sheet.to_dict("records"):
        name = f"{row[last] or row['last_name_ar']} {row[first] or row['first_name_ar']}"
        slots = "".join(f'<td data-slot="{s}" data-absent="{int(bool(row[f"slot_{s}"]))}">'
                        f'{"✗" if row[f"slot_{s}"] else ""}</td>' for s in SLOTS)
        cause = _say(desk, f"cause.{row['cause']}") if isinstance(row["cause"], str) else ""
        rows.append(f'<tr data-pupil="{row["massar_code"]}"><td>{html.escape(name)} ({row["massar_code"]})</td>{slots}'
                    f"<td>{html.escape(cause)}</td><td data-days=\"{row['month_days']}\">{row['month_days']}</td>"
                    f'<td class="wb-tayssir" data-status="{row["tayssir"]}">'
                    f"{html.escape(_say(desk, 'tayssir.' + row['tayssir']))}</td></tr>")
    return pn.pane.HTML(f'<table class="wb-sheet" data-date="{desk.on}"><tr>{head}</tr>{"".join(rows)}</table>',
                        stylesheets=[GRID_CSS], sizing_mode="stretch_width")


def sheet_editor(desk: SchoolLifeDesk) -> pn.Column:
    pupils = desk.pupils[(desk.pupils["class_code"] == desk.class_code) & desk.pupils["left_on"].isna()]
    last, first = ("last_name_ar", "first_name_ar") if desk.lang == "ar" else ("last_name_fr", "first_name_fr")
    names = (pupils[last].fillna(pupils["last_name_ar"]) + " " + pupils[first].fillna(pupils["first_name_ar"])
             + " (" + pupils["massar_code"] + ")")
    pupil = pn.widgets.Select(label=_say(desk, "app.pupil"), options=dict(zip(names, pupils["massar_code"])),
                              css_classes=["wb-pupil"])
    slots = pn.widgets.CheckButtonGroup(label=_say(desk, "app.slots_absent"), options={str(s): s for s in SLOTS},
                                       css_classes=["wb-slots"], color="light")
    cause = pn.widgets.Select(label=_say(desk, "app.cause"), css_classes=["wb-cause"], options={
        _say(desk, "cause.unjustified"): False, _say(desk, "cause.justified"): True})
    record = pn.widgets.Button(label=_say(desk, "app.record"), color="primary", css_classes=["wb-record"])

    def save(_) -> None:
        if desk.record_absences(pupil.value, list(slots.value), cause.value):
            slots.value = []  # the next pupil's line starts empty

    record.on_click(save)
    return pn.Column(pupil, pn.pane.Markdown(_say(desk, "app.slots_absent")), slots, cause, record)


def sheet_grid(desk: SchoolLifeDesk) -> pn.Column:
    """The whole class at once, as on paper: a line per pupil, a box per hour, the cause; saved in one write."""
    sheet = desk.sheet()
    last, first = ("last_name_ar", "first_name_ar") if desk.lang == "ar" else ("last_name_fr", "first_name_fr")
    lines = pd.DataFrame({
        "massar_code": sheet["massar_code"],
        "pupil": sheet[last].fillna(sheet["last_name_ar"]) + " " + sheet[first].fillna(sheet["first_name_ar"]),
        **{f"slot_{s}": sheet[f"slot_{s}"].astype(bool) for s in SLOTS},
        "justified": sheet["cause"].eq("justified")})
    titles = {"pupil": text(f"{NS}.app.pupil"), **{f"slot_{s}": Label(str(s), str(s)) for s in SLOTS},
              "justified": text(f"{NS}.app.justified")}
    ticks = [*(f"slot_{s}" for s in SLOTS), "justified"]
    grid = table(desk, lines, titles, editable=ticks, frozen=["pupil"], height=420, css_classes=["wb-sheet-grid"],
                 formatters={c: {"type": "tickCross", "crossElement": False} for c in ticks})
    save = pn.widgets.Button(label=_say(desk, "app.save_sheet"), color="primary", css_classes=["wb-save-sheet"])
    save.on_click(lambda _: desk.record_sheet(grid.value))
    return pn.Column(pn.pane.Markdown(f"### {_say(desk, 'app.sheet_grid')}"), grid, save, sizing_mode="stretch_width")


def sports_results_view(desk: SchoolLifeDesk) -> pn.Column:
    """The school's sports results: teams, pupils, podiums and points by sport, team sex and level; each result;
    a team's list to print (its pupils' names: the school's own scope)."""
    standings, results = desk.sports_results()
    teams = desk.sports_teams()
    if not teams:
        return pn.Column(pn.pane.Markdown(desk.t("school_sports.app.no_team")))
    choice = pn.widgets.Select(label=desk.t("school_sports.app.team"), options=teams, css_classes=["wb-team"])
    download = pn.widgets.FileDownload(callback=lambda: io.BytesIO(desk.team_list(choice.value)),
                                       filename="team.xlsx", label=desk.t("school_sports.app.download_team"),
                                       color="primary", css_classes=["wb-team-list"])
    choice.param.watch(lambda e: setattr(download, "filename", f"team_{e.new.replace('|', '_')}.xlsx"), "value")
    download.filename = f"team_{choice.value.replace('|', '_')}.xlsx"
    shown = table(desk, in_words(standings, SPORT_CODES, desk.lang), STANDING_TITLES, height=220,
                  css_classes=["wb-sports-standings"])
    listed = table(desk, in_words(results, SPORT_CODES, desk.lang), RESULT_TITLES, height=300,
                   css_classes=["wb-sports-results"])
    return pn.Column(pn.pane.Markdown(f"### {desk.t('school_sports.app.standings')}"), shown,
                     pn.pane.Markdown(f"### {desk.t('school_sports.app.results')}"), listed,
                     downloads(desk, listed, RESULT_TITLES, "sports_results"),
                     pn.pane.Markdown(f"### {desk.t('school_sports.app.team_list')}"), pn.Row(choice, download),
                     sizing_mode="stretch_width")


def create_app(desk: SchoolLifeDesk) -> pn.template.BaseTemplate:
    title = text(f"{NS}.title")
    if not desk.has_schools:
        return nothing_here(desk, title, text(f"{NS}.app.nothing"))
    school = pn.widgets.Select.from_param(desk.param.school, label=_say(desk, "app.school"), css_classes=["wb-school"])
    cls = pn.widgets.Select.from_param(desk.param.class_code, label=_say(desk, "app.class"), css_classes=["wb-class"])
    date = pn.widgets.TextInput.from_param(desk.param.on, label=_say(desk, "app.date"), css_classes=["wb-date"])
    semester = pn.widgets.RadioButtonGroup.from_param(desk.param.semester, label=_say(desk, "app.semester"),
                                                      options={"1": 1, "2": 2}, css_classes=["wb-semester"])
    watched = (desk.param.school, desk.param.class_code, desk.param.version)
    week = pn.Column(
        pn.bind(lambda *_: week_grid(desk), *watched),
        pn.pane.Markdown(_say(desk, "app.conflict_legend")),
        pn.bind(lambda *_: slot_editor(desk), desk.param.school),
        pn.pane.Markdown(f"### {_say(desk, 'app.conflicts')}"),
        pn.bind(lambda *_: conflict_table(desk), *watched), sizing_mode="stretch_width")
    sheet = pn.Column(
        date, pn.pane.Markdown(_say(desk, "app.sheet_help")),
        pn.bind(lambda *_: sheet_table(desk), *watched, desk.param.on),
        pn.bind(lambda *_: sheet_editor(desk), desk.param.school, desk.param.class_code),
        pn.bind(lambda *_: sheet_grid(desk), *watched, desk.param.on), sizing_mode="stretch_width")

    def progress_view(*_):
        progress = table(desk, desk.progress(), PROGRESS_TITLES, height=360)
        return pn.Column(progress, downloads(desk, progress, PROGRESS_TITLES, "marks_progress"))

    def test_dates_view(*_):
        dates = table(desk, desk.test_dates(), TEST_DATE_TITLES, height=260, css_classes=["wb-test-dates"])
        return pn.Column(pn.pane.Markdown(f"### {_say(desk, 'app.test_dates')}"), dates,
                         downloads(desk, dates, TEST_DATE_TITLES, f"test_dates_{desk.class_code}"))

    def notices_view(*_):
        notices = table(desk, desk.notices(), NOTICE_TITLES, height=420)
        return pn.Column(notices, downloads(desk, notices, NOTICE_TITLES, "absence_notices"))

    def sports_view(*_):
        members, events = desk.sports()
        events = in_words(events.assign(held_on=events["held_on"].astype(str)), {"kind": f"{NS}.event_kind"},
                          desk.lang)
        return pn.Column(pn.pane.Markdown(f"### {_say(desk, 'app.members')}"),
                         table(desk, in_words(members, {"sex": "sex"}, desk.lang), MEMBER_TITLES, height=300),
                         pn.pane.Markdown(f"### {_say(desk, 'app.events')}"), table(desk, events, EVENT_TITLES,
                                                                                    height=220))

    sports = pn.Column(pn.bind(sports_view, *watched), sizing_mode="stretch_width")
    results = pn.Column(pn.bind(lambda *_: sports_results_view(desk), desk.param.school, desk.param.version),
                        sizing_mode="stretch_width")
    marks = pn.Column(semester, pn.bind(progress_view, *watched, desk.param.semester),
                      pn.bind(test_dates_view, *watched), sizing_mode="stretch_width")
    notices = pn.Column(pn.bind(notices_view, *watched), sizing_mode="stretch_width")
    tabs = pn.Tabs((_say(desk, "app.tab.week"), week), (_say(desk, "app.tab.sheet"), sheet),
                   (_say(desk, "app.tab.marks"), marks), (_say(desk, "app.tab.notices"), notices),
                   (_say(desk, "app.tab.sports"), sports), (desk.t("school_sports.app.tab"), results), dynamic=True)
    return page(desk, title, sidebar=[school, cls],
                main=[pn.Column(pn.bind(message_alert, desk.param.message), tabs, sizing_mode="stretch_width")])


if __name__.startswith("bokeh"):
    pn.extension("tabulator", sizing_mode="stretch_width")
    serve_app(create_app, SchoolLifeDesk)
