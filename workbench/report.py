"""Building blocks of the managers' HTML reports: bilingual titles, key figures and tables.

Notebooks call these so that every report looks the same and none holds markup of its own.
Arabic runs right-to-left, French left-to-right, side by side.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
from IPython.display import HTML

from workbench.catalogue import CODED_COLUMNS, LANGUAGES, Label, direction, in_language, in_words, text
from workbench.exports import neutralise

CSS = """
.wb-bi {display:flex; justify-content:space-between; gap:2em; align-items:baseline; flex-wrap:wrap}
.wb-bi [dir=rtl] {font-family: 'Noto Naskh Arabic','Amiri','Tahoma',sans-serif; text-align:right}
.wb-cards {display:flex; flex-wrap:wrap; gap:12px; margin:12px 0}
.wb-card {border:1px solid #d0d7de; border-radius:8px; padding:10px 14px; min-width:150px; background:#f6f8fa}
.wb-card .v {font-size:1.6em; font-weight:600; color:#0b5394}
.wb-card .l {font-size:.85em; color:#444}
.wb-table table {border-collapse:collapse; font-size:.9em}
.wb-table th, .wb-table td {border:1px solid #d0d7de; padding:3px 8px}
.wb-table th {background:#eef3f8}
.wb-note {color:#555; font-size:.9em; border-left:3px solid #d0d7de; padding-left:10px}
.wb-card [data-lang] {display:block}
html[lang=ar] [data-lang=fr], html[lang=fr] [data-lang=ar] {display:none !important}
html[dir=rtl] .wb-note {border-left:0; border-right:3px solid #d0d7de; padding-left:0; padding-right:10px}
html[dir=rtl] .wb-table {direction:rtl}
"""
STYLE = f"<style>{CSS}</style>"


def isolate_numbers(text: str) -> str:
    """Keep '2025-2026' or '0301' reading left to right inside Arabic text (Unicode isolates)."""
    return re.sub(r"[0-9A-Za-z][0-9A-Za-z\-/.]*", lambda m: f"\u2066{m.group(0)}\u2069", text)


def bilingual(fr: str, ar: str, tag: str = "div") -> str:
    return (f'<div class="wb-bi"><{tag} dir="ltr" lang="fr" data-lang="fr">{html.escape(fr)}</{tag}>'
            f'<{tag} dir="rtl" lang="ar" data-lang="ar">{html.escape(isolate_numbers(ar))}</{tag}></div>')


def in_both(fr: str, ar: str) -> str:
    """A text in each language, the page showing the one of its language (the report's language switch)."""
    return (f'<span data-lang="ar" dir="rtl">{html.escape(isolate_numbers(ar))}</span>'
            f'<span data-lang="fr" dir="ltr">{html.escape(fr)}</span>')


def page_assets() -> str:
    """The style sheet and BokehJS, inlined so that a report opens offline."""
    from bokeh.resources import Resources

    return STYLE + Resources(mode="inline", components=["bokeh"]).render_js()


def title(fr: str, ar: str, level: int = 1) -> HTML:
    """A heading in French and Arabic (the report's assets come with the level-1 title)."""
    return HTML((page_assets() if level == 1 else "") + bilingual(fr, ar, f"h{level}"))


def chart(draw: Callable[..., object] | object, *data: object) -> HTML:
    """A chart in each language, `draw(*data, lang)` (a HoloViews element), as Bokeh plots that need only the
    BokehJS of `page_assets`; the page shows the one of its language."""
    import holoviews as hv
    from bokeh.embed import components

    from workbench import chartstyle

    chartstyle.apply()
    if not callable(draw):  # a chart drawn once, its labels in both languages
        script, div = components(hv.render(draw, backend="bokeh"))
        return HTML(div + script)
    parts = []
    for lang in LANGUAGES:
        script, div = components(hv.render(draw(*data, lang), backend="bokeh"))
        parts.append(f'<div data-lang="{lang}" dir="{direction(lang)}">{div}{script}</div>')
    return HTML("".join(parts))


# Thousands are parted by a narrow no-break space: of bidi class CS, it keeps a figure one run of digits inside Arabic
# text, where a plain space would let "1 718" read "718 1".
THOUSANDS = "\u202f"


def number(value: object) -> str:
    """A figure as the reports show it everywhere: thousands parted by a narrow no-break space, no '.0' on a whole
    amount, at most two decimals, never scientific notation, and nothing for a missing value (no NaN, no NaT)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, bool | str):
        return str(value)
    if isinstance(value, float | np.floating):
        if float(value).is_integer():
            return f"{int(value):,}".replace(",", THOUSANDS)
        return f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", THOUSANDS)
    if isinstance(value, int | np.integer):
        return f"{int(value):,}".replace(",", THOUSANDS)
    return str(value)


def shown_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """A table's numeric columns written with `number`, and empty cells left empty."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_numeric_dtype(out[column]) and not pd.api.types.is_bool_dtype(out[column]):
            out[column] = out[column].map(number)
    return out.astype(object).where(out.notna(), "")


def key_figures(figures: Mapping[str, object], labels: Mapping[str, tuple[str, str]],
                lang: str | None = None) -> HTML:
    """Cards of key figures, labelled in one language (an app) or in both, one shown at a time (a report)."""
    cards = []
    for key, (fr, ar) in labels.items():
        shown = number(figures[key])
        label = (html.escape(Label(fr, ar).of(lang)) if lang else
                 f'<span data-lang="fr">{html.escape(fr)}</span>'
                 f'<span data-lang="ar" dir="rtl">{html.escape(ar)}</span>')
        cards.append(f'<div class="wb-card" data-key="{key}"><div class="v"><bdi>{shown}</bdi></div>'
                     f'<div class="l">{label}</div></div>')
    return HTML(f'<div class="wb-cards">{"".join(cards)}</div>')


def headed(frame: pd.DataFrame, labels: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    """The columns named in `labels`, in that order, headed 'French / Arabic' (reports, workbooks, apps); no cell
    starts like a spreadsheet formula (workbench.exports)."""
    return neutralise(frame[list(labels)].rename(columns={k: Label(*pair).both() for k, pair in labels.items()}))


def headed_in(frame: pd.DataFrame, labels: Mapping[str, Label | tuple[str, str]], language: str) -> pd.DataFrame:
    """The columns of `labels` a reader of one language reads (of `name_fr`/`name_ar`, theirs), in that order, headed
    in that language; no cell starts like a spreadsheet formula (workbench.exports)."""
    shown = in_language(dict(labels), language)
    return neutralise(frame[[c for c in shown if c in frame.columns]]
                      .rename(columns={c: h.of(language) for c, h in shown.items()}))


# A report summarises: no table of a report shows more rows than this (a national scope would otherwise embed a row
# per school or pupil); the whole table is in the campaign's files.
TABLE_ROWS = 100


def table(frame: pd.DataFrame, labels: Mapping[str, Label], codes: Mapping[str, str] | None = None, *,
          limit: int = TABLE_ROWS) -> HTML:
    """The table in each language (the page shows the one of its language): the columns named in `labels` that
    its reader reads, headed in their language, coded values in words (`codes`: column -> catalogue prefix, besides
    sex, milieu, sector and validation state), numbers written for reading, without the index. At most `limit`
    rows, in the order given, with a note of how many are left out."""
    rows = len(frame)
    if not rows:  # a table with headers alone reads as broken: say there is nothing to show
        return HTML(f'<div class="wb-note wb-empty">{bilingual(*text("report.no_rows"), "p")}</div>')
    frame = frame.head(limit)
    parts = []
    for lang in LANGUAGES:
        out = shown_numbers(headed_in(in_words(frame, {**CODED_COLUMNS, **(codes or {})}, lang), labels, lang))
        parts.append(f'<div class="wb-table" data-lang="{lang}" dir="{direction(lang)}">'
                     f'{out.to_html(index=False, border=0)}</div>')
    if rows > limit:
        parts.append(f'<div class="wb-note">{bilingual(*left_out(limit, rows), "p")}</div>')
    return HTML("".join(parts))


def left_out(shown: int, rows: int) -> Label:
    return text("report.left_out", shown=number(shown), rows=number(rows))


def note(fr: str, ar: str) -> HTML:
    return HTML(f'<div class="wb-note">{bilingual(fr, ar, "p")}</div>')
