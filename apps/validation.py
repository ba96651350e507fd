"""Validation desk: directors submit their school's data and enter absences, the province (private schools) or
the region (public schools) approves or reopens it; everyone browses and exports the audit trail of their scope;
trainers reset their sandbox. Served by `workbench serve`; importing this module builds nothing."""

import panel as pn

from workbench import calendar
from workbench.access.audit import HEADERS
from workbench.access.desk import ValidationDesk
from workbench.catalogue import headers, text
from workbench.ui import downloads, message_alert, page, serve_app, table

STATE_HEADERS = headers("validation", "school_code", "name", ("sector_label", "validation.sector"),
                        ("state_label", "validation.state"), "changed_by", "changed_at", "reason")
BUTTON_COLOURS = {"submit": "primary", "approve": "success", "reopen": "warning"}


def create_app(desk: ValidationDesk) -> pn.template.BaseTemplate:
    t = desk.t
    dataset = pn.widgets.Select.from_param(desk.param.dataset, css_classes=["wb-dataset"])
    reason = pn.widgets.TextInput(label=t("validation.reopen_reason"), css_classes=["wb-reason"])
    buttons = {action: pn.widgets.Button(label=t(f"validation.{action}"), color=BUTTON_COLOURS[action],
                                         css_classes=[f"wb-{action}"]) for action in desk.actions}
    states = table(desk, desk.states, STATE_HEADERS, selectable=1, css_classes=["wb-states"])

    def chosen_school() -> str | None:
        rows = states.selection
        return states.value.iloc[rows[0]]["school_code"] if rows else None

    for action, button in buttons.items():
        button.on_click(lambda _, action=action: desk.act(action, chosen_school(), reason.value))

    def redraw(*_) -> None:
        states.value = desk.states

    refresh = pn.widgets.Button(label=t("app.refresh"), css_classes=["wb-refresh"], width=140)
    refresh.on_click(lambda _: desk.refresh())
    desk.param.watch(redraw, ["states"])

    massar = pn.widgets.TextInput(label=t("app.massar_code"), css_classes=["wb-massar"])
    month = pn.widgets.Select(label=t("app.month"), options={label.of(desk.lang): m for m, label
                                                            in calendar.MONTH_LABELS.items()}, css_classes=["wb-month"])
    days = pn.widgets.IntInput(label=t("app.absence_days"), value=1, start=1, end=26)
    record = pn.widgets.Button(label=t("app.record_absences"), color="primary", css_classes=["wb-record"])
    record.on_click(lambda _: desk.record_absences(massar.value, month.value, days.value))

    trail = table(desk, desk.trail, HEADERS, pagination="remote", page_size=25, css_classes=["wb-trail"])
    desk.param.watch(lambda event: setattr(trail, "value", event.new), ["trail"])
    sidebar = [dataset, pn.pane.Markdown(t("validation.help"))]
    if desk.may_reset:
        confirm = pn.widgets.Checkbox(label=t("validation.confirm_reset"), css_classes=["wb-confirm"])
        reset = pn.widgets.Button(label=text("validation.reset", sandbox=desk.sandbox).of(desk.lang),
                                  color="danger", disabled=True, css_classes=["wb-reset"],
                                  sizing_mode="stretch_width")
        confirm.param.watch(lambda event: setattr(reset, "disabled", not event.new), "value")

        def reset_after_confirmation(_) -> None:
            desk.reset_sandbox()
            confirm.value = False

        reset.on_click(reset_after_confirmation)
        sidebar.extend([confirm, reset])
    return page(desk, text("app.validation"), sidebar=sidebar, main=[pn.Column(
        pn.bind(message_alert, desk.param.message), pn.Tabs(
            (t("validation.tab_states"),
             pn.Column(pn.Row(refresh, downloads(desk, states, STATE_HEADERS, "validation")),
                       states, pn.Row(*([reason] if "reopen" in buttons else []), *buttons.values()))),
            (t("validation.tab_absences"), pn.Column(pn.Row(massar, month, days), record)),
            (t("validation.tab_trail"), pn.Column(downloads(desk, desk.audit_frame, HEADERS, "audit_trail"), trail)),
        ), sizing_mode="stretch_width")])


if __name__.startswith("bokeh"):
    pn.extension("tabulator", sizing_mode="stretch_width")
    serve_app(create_app, ValidationDesk)
