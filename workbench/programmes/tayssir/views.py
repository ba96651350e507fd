"""HTML of the Tayssir app that is more than widgets: a family's children by month."""

from __future__ import annotations

import html

import pandas as pd

from workbench.catalogue import headers, in_words, text
from workbench.programmes.tayssir.outputs import CODED
from workbench.report import number

STATUS_COLOUR = {"paid": "#d9ead3", "withheld": "#f4cccc", "capped": "#fff2cc", "ineligible": "#eeeeee"}


def family_table(family: pd.DataFrame, lang: str = "ar") -> str:
    """The family's children by month: paid amount, withheld, capped or not eligible (HTML)."""
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
            cells.append(f'<td style="background:{colour}" data-pupil="{code}" data-month="{row.month}" '
                         f'data-status="{row.status}" title="{html.escape(str(row.reason or ""))}">{shown}</td>')
        rows.append(f"<tr><th>{html.escape(first.first_name_ar)} {html.escape(first.last_name_ar)}<br>"
                    f"<small>{code} · {first.level_code}</small></th>{''.join(cells)}</tr>")
    total = int(frame["amount_mad"].sum())
    return (f'<table class="wb-family"><tr><th>{text("tayssir.app.child").of(lang)}</th>{head}</tr>'
            f'{"".join(rows)}</table>'
            # the amount is isolated left to right, so that Arabic around it cannot turn "1 960" into "960 1"
            f"<p>{text('tayssir.app.year_total').of(lang)} : <b><bdi dir=\"ltr\">{number(total)} MAD</bdi></b></p>")


COMPLAINT_KINDS = headers("tayssir.complaint.kind", "missing_payment", "wrong_amount", "eligibility", "other")
COMPLAINT_STATES = headers("tayssir.complaint.state", "new", "in_review", "upheld", "rejected")
COMPLAINT_COLUMNS = headers("tayssir.complaint", "id", "massar_code", "period_code", "kind", "filed_on", "state",
                            "resolution")


def complaints_table(frame: pd.DataFrame, lang: str = "ar") -> pd.DataFrame:
    """Complaints as the app shows them: kinds and states in words (headers: COMPLAINT_COLUMNS), empty cells empty."""
    shown = in_words(frame, CODED, lang)
    return shown.astype(object).where(shown.notna(), "")
