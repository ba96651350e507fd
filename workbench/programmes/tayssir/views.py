"""HTML of the Tayssir app that is more than widgets: a family's children by month."""

from __future__ import annotations

import html

import pandas as pd

from workbench.catalogue import Label, headers, in_words, lookup, text
from workbench.levels import level_name
from workbench.programmes.tayssir.outputs import CODED
from workbench.programmes.tayssir.summary import period_labels
from workbench.report import number

STATUS_COLOUR = {"paid": "#d9ead3", "withheld": "#f4cccc", "capped": "#fff2cc", "ineligible": "#eeeeee"}


def reason_words(reason: object, lang: str) -> str:
    """Why a month is not paid, in words ('' when it is paid); a reason the catalogue does not know is shown as
    the status alone."""
    found = lookup(f"tayssir.reason.{reason}") if isinstance(reason, str) and reason else None
    return found.of(lang) if found else ""


def family_table(family: pd.DataFrame, lang: str = "ar", levels: dict[str, Label] | None = None) -> str:
    """The family's children by month: paid amount, withheld, capped or not eligible (HTML); each child's level by
    its name (`levels`: workbench.levels.level_names), each month's reason in words when hovered."""
    if family.empty:
        return ""
    frame = family.assign(month=pd.to_datetime(family["month"]).dt.strftime("%Y-%m"))
    months = sorted(frame["month"].unique())
    head = "".join(f"<th>{m}</th>" for m in months)
    rows = []
    for code, child in frame.groupby("massar_code", sort=True):
        first = child.iloc[0]
        cells = []
        for row in child.sort_values("month").itertuples():
            colour = STATUS_COLOUR[row.status]
            shown = (f"✓ <bdi>{number(row.amount_mad)}</bdi>" if row.status == "paid" else
                     html.escape(text(f"tayssir.status.{row.status}").of(lang)))
            why = html.escape(reason_words(row.reason, lang))
            cells.append(f'<td style="background:{colour}" data-pupil="{code}" data-month="{row.month}" '
                         f'data-status="{row.status}" title="{why}">{shown}</td>')
        level = html.escape(str(level_name(first.level_code, levels or {}, lang)))
        rows.append(f"<tr><th>{html.escape(first.first_name_ar)} {html.escape(first.last_name_ar)}<br>"
                    f"<small>{code} · {level}</small></th>{''.join(cells)}</tr>")
    total = int(frame["amount_mad"].sum())
    return (f'<table class="wb-family"><tr><th>{text("tayssir.app.child").of(lang)}</th>{head}</tr>'
            f'{"".join(rows)}</table>'
            # the amount is isolated left to right, so that Arabic around it cannot turn "1 960" into "960 1"
            f"<p>{text('tayssir.app.year_total').of(lang)} : <b><bdi dir=\"ltr\">{number(total)} MAD</bdi></b></p>")


COMPLAINT_KINDS = headers("tayssir.complaint.kind", "missing_payment", "wrong_amount", "eligibility", "other")
COMPLAINT_STATES = headers("tayssir.complaint.state", "new", "in_review", "upheld", "rejected")
COMPLAINT_COLUMNS = headers("tayssir.complaint", "id", "massar_code", "period_code", "kind", "filed_on", "state",
                            "resolution")


def period_names(periods: pd.DataFrame, lang: str) -> dict[str, str]:
    """Period code -> its name with its months ('الدفعة 1: من شتنبر 2025 إلى دجنبر 2025'), as a reader knows it
    (`periods`: the year's tayssir_periods rows, code, number, first_month and last_month)."""
    return {code: label.of(lang) for code, label in period_labels(periods).items()}


def complaints_table(frame: pd.DataFrame, lang: str = "ar", periods: dict[str, str] | None = None) -> pd.DataFrame:
    """Complaints as the app shows them: kinds and states in words (headers: COMPLAINT_COLUMNS), the period by its
    name (`periods`: period_names), empty cells empty."""
    shown = in_words(frame, CODED, lang)
    if periods and "period_code" in shown:
        shown["period_code"] = shown["period_code"].map(lambda code: periods.get(code, code))
    return shown.astype(object).where(shown.notna(), "")
