"""Data-entry completion: per school, dataset and period of the user's scope, expected, entered, completion and
status, late rows first; filters by dataset, period and status; the list downloadable; reminders queued for the
selected late schools (province and region teams). A director sees their own school. Served by `workbench serve`;
importing this module builds nothing."""

import panel as pn

from workbench.catalogue import text
from workbench.programmes.data_entry.desk import COLUMNS, DataEntryDesk
from workbench.ui import downloads, message_alert, nothing_here, page, serve_app, table

NS = "data_entry"


def _select(desk: DataEntryDesk, name: str) -> pn.widgets.Select:
    """A filter whose choices read in the user's words (the period's choices follow the rows)."""
    widget = pn.widgets.Select(label=desk.t(f"{NS}.app.filter_{name}"), css_classes=[f"wb-{name}"])

    def refresh(*_):
        words = desk.labels(name)
        widget.options = {label: value for value, label in words.items()}
        widget.value = getattr(desk, name)

    refresh()
    widget.param.watch(lambda event: setattr(desk, name, event.new), "value")
    desk.param.watch(refresh, "revision")
    return widget


def create_app(desk: DataEntryDesk) -> pn.template.BaseTemplate:
    title = text(f"{NS}.title")
    if desk.rows.empty:
        return nothing_here(desk, title, text(f"{NS}.app.nothing"))
    filters = [_select(desk, name) for name in ("dataset", "period", "status")]
    shown = table(desk, desk.shown(), COLUMNS, disabled=True, css_classes=["wb-completion"])

    def update(frame):
        shown.value = frame
        chooser.options = desk.late_schools(frame)
        chooser.value = [code for code in chooser.value if code in chooser.options]

    chooser = pn.widgets.MultiChoice(label=desk.t(f"{NS}.app.schools"), options=desk.late_schools(),
                                     css_classes=["wb-remind-schools"], sizing_mode="stretch_width")
    desk.param.watch(lambda *_: update(desk.shown()), ["dataset", "period", "status", "revision"])
    main = [pn.bind(message_alert, desk.param.message),
            pn.pane.Markdown(desk.t(f"{NS}.app.as_of", as_of=desk.as_of.isoformat(), year=desk.year)),
            pn.Row(*filters), downloads(desk, shown, COLUMNS, "entry_completion"), shown]
    if desk.may_remind:
        remind = pn.widgets.Button(label=desk.t(f"{NS}.app.remind"), color="primary",
                                   css_classes=["wb-remind"])
        remind.on_click(lambda _: desk.remind(list(chooser.value)))
        main += [chooser, remind]
    return page(desk, title, main=[pn.Column(*main, sizing_mode="stretch_width")])


if __name__.startswith("bokeh"):
    pn.extension("tabulator", sizing_mode="stretch_width")
    serve_app(create_app, DataEntryDesk)
