"""Validation desk: directors submit their school's data and enter absences, the province (private schools) or
the region (public schools) approves or reopens it; everyone browses and exports the audit trail of their scope;
trainers reset their sandbox. Served by `workbench serve`; importing this module builds nothing."""

import panel as pn

from workbench import calendar
from workbench.access.audit import HEADERS
from workbench.access.desk import ValidationDesk
from workbench.ui import message_alert, serve_app, user_bar

STATE_COLUMNS = {"school_code": "Code / الرمز", "name_fr": "Établissement", "name_ar": "المؤسسة",
                 "sector_label": "Secteur / القطاع", "state_label": "État / الحالة", "changed_by": "Par / من طرف",
                 "changed_at": "Le / بتاريخ", "reason": "Motif / السبب"}


def create_app(desk: ValidationDesk) -> pn.template.BaseTemplate:
    dataset = pn.widgets.Select.from_param(desk.param.dataset, css_classes=["wb-dataset"])
    reason = pn.widgets.TextInput(label="Motif (réouverture) / سبب إعادة الفتح", css_classes=["wb-reason"])
    buttons = {action: pn.widgets.Button(label=label, color=color, css_classes=[f"wb-{action}"])
               for action, label, color in (("submit", "Soumettre / إرسال للمصادقة", "primary"),
                                            ("approve", "Valider / مصادقة", "success"),
                                            ("reopen", "Rouvrir / إعادة الفتح", "warning"))
               if action in desk.actions}
    table = pn.widgets.Tabulator(desk.states[list(STATE_COLUMNS)], titles=STATE_COLUMNS, disabled=True,
                                 show_index=False, selectable=1, sizing_mode="stretch_width", height=420,
                                 css_classes=["wb-states"])

    def chosen_school() -> str | None:
        rows = table.selection
        return table.value.iloc[rows[0]]["school_code"] if rows else None

    for action, button in buttons.items():
        button.on_click(lambda _, action=action: desk.act(action, chosen_school(), reason.value))

    def redraw(*_) -> None:
        table.value = desk.states[list(STATE_COLUMNS)]

    refresh = pn.widgets.Button(label="Actualiser / تحديث", css_classes=["wb-refresh"])
    refresh.on_click(lambda _: desk.refresh())

    desk.param.watch(redraw, ["states"])

    massar = pn.widgets.TextInput(label="Code Massar / رقم التلميذ", css_classes=["wb-massar"])
    month = pn.widgets.Select(label="Mois / الشهر", options={f"{fr} / {ar}": m for m, (fr, ar)
                                                             in calendar.MONTH_NAMES.items()}, css_classes=["wb-month"])
    days = pn.widgets.IntInput(label="Jours d'absence / أيام الغياب", value=1, start=1, end=26)
    record = pn.widgets.Button(label="Enregistrer les absences / تسجيل الغياب", color="primary",
                               css_classes=["wb-record"])
    record.on_click(lambda _: desk.record_absences(massar.value, month.value, days.value))

    trail = pn.bind(lambda frame: pn.widgets.Tabulator(frame, titles=HEADERS, disabled=True, show_index=False,
                                                       sizing_mode="stretch_width", height=420, page_size=50,
                                                       pagination="local"), desk.param.trail)
    export = pn.widgets.FileDownload(callback=desk.audit_csv, filename="audit_trail.csv",
                                     label="Exporter le journal (CSV) / تصدير السجل", color="primary")
    sidebar = [dataset, pn.pane.Markdown(
        "Le directeur soumet les données de son établissement ; la direction provinciale (privé) ou l'académie "
        "(public) les valide. Les données validées sont verrouillées jusqu'à leur réouverture.\n\n"
        "يرسل المدير معطيات مؤسسته؛ تصادق عليها المديرية الإقليمية (الخصوصي) أو الأكاديمية (العمومي). "
        "المعطيات المصادق عليها مقفلة إلى حين إعادة فتحها.")]
    if desk.may_reset:
        confirm = pn.widgets.Checkbox(name="Je confirme : tout ce qui a été saisi sera effacé / أؤكد: سيمحى كل ما أدخل",
                                      css_classes=["wb-confirm"])
        reset = pn.widgets.Button(label=f"Réinitialiser « {desk.sandbox} » / إعادة تهيئة بيئة التدريب",
                                  color="danger", disabled=True, css_classes=["wb-reset"], sizing_mode="stretch_width")
        confirm.param.watch(lambda event: setattr(reset, "disabled", not event.new), "value")

        def reset_after_confirmation(_) -> None:
            desk.reset_sandbox()
            confirm.value = False

        reset.on_click(reset_after_confirmation)
        sidebar.extend([confirm, reset])
    return pn.template.BootstrapTemplate(
        title="Massar Workbench — Validation / المصادقة", header=[user_bar(desk)], sidebar=sidebar,
        main=[pn.Column(pn.bind(message_alert, desk.param.message), pn.Tabs(
            ("Validation / المصادقة", pn.Column(refresh, table,
                                                 pn.Row(*([reason] if "reopen" in buttons else []), *buttons.values()))),
            ("Saisie des absences / إدخال الغياب", pn.Column(pn.Row(massar, month, days), record)),
            ("Journal des modifications / سجل التغييرات", pn.Column(export, trail)),
        ), sizing_mode="stretch_width")],
    )


if __name__.startswith("bokeh"):
    pn.extension("tabulator", sizing_mode="stretch_width")
    serve_app(create_app, ValidationDesk)
