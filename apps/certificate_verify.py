"""The public verification of a schooling certificate or a transcript: anyone types (or scans) its verification code
and reads valid, revoked or unknown, with the document, the school and the year, and nothing else. No login (a
public realm of the portal programme); importing this module builds nothing."""

import html

import panel as pn

from workbench.catalogue import Label, text
from workbench.programmes.portal.certificates import Verification, verify
from workbench.report import isolate_numbers
from workbench.ui import Page

NS = "portal"


def answer(found: Verification | None) -> str:
    """The verdict in Arabic and French, with the school and year when the code is known."""
    if found is None:
        return ""
    verdict = text(f"{NS}.verify.{found.status}")
    lines = [verdict]
    if found.status != "unknown":
        lines += [text(f"{NS}.verify.document", document=text(f"{NS}.document.{found.document}")),
                  text(f"{NS}.verify.school", school=Label(f"{found.school.fr} ({found.school_code})",
                                                           f"{found.school.ar} ({found.school_code})")),
                  text(f"{NS}.verify.year", year=found.year)]
    colour = {"valid": "#1a7f37", "revoked": "#b00020"}.get(found.status, "#555")
    body = "".join(f"<p dir='rtl'>{html.escape(isolate_numbers(line.ar))}</p><p dir='ltr'>{html.escape(line.fr)}</p>"
                   for line in lines)
    return (f'<div class="wb-verdict" data-status="{found.status}" style="border-inline-start:6px solid {colour};'
            f'padding:.4em 1em">{body}</div>')


def arabic_first(label: Label) -> str:
    """'Arabic / French': the public page is read in Arabic first."""
    return f"{label.ar} / {label.fr}"


def create_app(initial: str = "", engine=None) -> Page:
    from workbench.db import make_engine

    engine = engine or make_engine()
    title = text(f"{NS}.verify_title")
    code = pn.widgets.TextInput(label=arabic_first(text(f"{NS}.verify.code")), value=initial, max_length=32,
                                css_classes=["wb-verify-code"], sizing_mode="stretch_width")
    check = pn.widgets.Button(label=arabic_first(text(f"{NS}.verify.check")), color="primary",
                              css_classes=["wb-verify-check"], sizing_mode="stretch_width")
    result = pn.pane.HTML(answer(verify(engine, initial)) if initial else "", sizing_mode="stretch_width")

    def show(_=None) -> None:
        result.object = answer(verify(engine, code.value)) if code.value.strip() else ""

    check.on_click(show)
    code.param.watch(show, "enter_pressed")  # Enter in the field checks, as on any form
    help_text = text(f"{NS}.verify.help")
    intro = pn.pane.HTML(f"<h2 dir='rtl'>{html.escape(title.ar)}</h2><h3>{html.escape(title.fr)}</h3>"
                         f"<p dir='rtl'>{html.escape(help_text.ar)}</p><p>{html.escape(help_text.fr)}</p>")
    return Page(title=arabic_first(title), language="ar", meta_viewport="width=device-width, initial-scale=1",
                main=[pn.Column(intro, code, check, result, sizing_mode="stretch_width", max_width=640)])


if __name__.startswith("bokeh"):
    pn.extension(sizing_mode="stretch_width")
    given = (pn.state.session_args.get("code") or [b""])[0].decode("utf-8", "replace")[:32]
    create_app(given).servable()
