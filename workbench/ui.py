"""What every served app shares: the page (Arabic right-to-left or French left-to-right, in the user's language),
its header naming the user with the language switch, links to their apps and logout, tables with filters and
downloads, and serving an app only behind the login (the app files call `serve_app`)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Mapping, Sequence

import jinja2
import pandas as pd
import panel as pn
import param
from bokeh.models.widgets.tables import DateFormatter

from workbench.access.actor import ROLE_LABELS
from workbench.appstate import AppState
from workbench.catalogue import DEFAULT_LANGUAGE, LANGUAGES, Label, direction, in_language, language_names, text
from workbench.exceptions import WorkbenchError
from workbench.report import headed_in

LANGUAGE_NAMES = {name: language for language, name in language_names().items()}  # the switch: each in itself
LONG_TABLE = 200  # rows beyond which a table is paginated


def _declare_page_language() -> None:
    """Panel's base page writes `<html lang="en">` whatever the page says; let a page name its own language."""
    from panel.io import resources

    environment = resources._env
    source = environment.loader.get_source(environment, "base.html")[0]
    patched = source.replace('<html lang="en"', '<html lang="{{ html_lang | default(\'ar\', true) }}"', 1)
    if patched != source:
        environment.loader = jinja2.ChoiceLoader([jinja2.DictLoader({"base.html": patched}), environment.loader])
        environment.cache.clear()


_declare_page_language()


class Page(pn.template.BootstrapTemplate):
    """The workbench's page: `<html lang dir>` from the user's language, so that everything flows right to left
    in Arabic."""

    language = param.Selector(default=DEFAULT_LANGUAGE, objects=list(LANGUAGES))

    def _update_vars(self, *args) -> None:
        super()._update_vars(*args)
        attributes = self._render_variables.get("html_attrs") or ""
        self._render_variables["html_attrs"] = f'{attributes} dir="{direction(self.language)}"'
        self._render_variables["html_lang"] = self.language


PAGE_CSS = """
html[dir=rtl] body {font-family: 'Noto Naskh Arabic','Amiri','Tahoma',sans-serif}
.wb-user a {color:#fff} .wb-user {color:#fff; white-space:normal; line-height:1.6}
"""
# The header wraps: a long app title takes the lines it needs (cut with an ellipsis on a phone), the language switch,
# the app links and logout stay on screen from 390 px to 1920 px, in either direction.
HEADER_CSS = """
#header {flex-wrap:wrap; row-gap:4px}
#header .app-header {display:flex; flex:1 1 24em; min-width:0}
#header .title {white-space:normal; overflow:hidden; text-overflow:ellipsis; font-size:1.3em; line-height:1.4em;
  padding-inline:.5em; display:-webkit-box; -webkit-line-clamp:2; -webkit-box-orient:vertical}
#header-items {flex:1 1 28em; min-width:0; white-space:normal; margin-inline:10px}
@media (max-width: 600px) {#header .title {font-size:1.05em; -webkit-line-clamp:1}}
"""

# On a phone the sidebar (an app's filters) comes above the main area, full width, instead of squeezing it to the
# width the sidebar leaves (300 px of 390); the page scrolls as one, and the header's toggle still folds the filters.
PHONE_CSS = """
@media (max-width: 767.98px) {
  #content {display:block; overflow-y:auto !important; margin:0}
  #sidebar {max-width:none !important; width:100% !important; height:auto; border-right:0;
    border-bottom:1px solid var(--bs-border-color); padding:10px}
  #main {height:auto; max-height:none !important; overflow:visible; padding:10px 8px}
}
"""
PHONE_VIEWPORT = "width=device-width, initial-scale=1"  # a phone lays the page out at its own width, not 980 px


def page(state: AppState, title: Label | str, main: Sequence, sidebar: Sequence = ()) -> Page:
    """An app's page in the user's language, headed by the user bar."""
    shown = state.say(title) if isinstance(title, Label) else title
    return Page(title=f"{state.t('app.title')} — {shown}", language=state.lang, header=[user_bar(state)],
                main=list(main), sidebar=list(sidebar), raw_css=[PAGE_CSS, HEADER_CSS, PHONE_CSS],
                meta_viewport=PHONE_VIEWPORT)


# noUiSlider (Bokeh's sliders) offsets its handles as a right-to-left slider when the document says dir="rtl", but
# lays their origin out from the right as a left-to-right one when its own element had no direction yet as it was
# built: in an Arabic page every handle sat a track's width past its value, off the track. Its origin laid out from
# the left, as noUi's own right-to-left rule does, puts each handle back on its value (the track still runs left to
# right, as figures do). In the slider's shadow root, where the page's CSS does not reach.
SLIDER_RTL_CSS = (".noUi-target.noUi-horizontal .noUi-origin{left:0;right:auto}"
                  ".noUi-target.noUi-horizontal .noUi-handle{left:var(--handle-right);right:auto}")


def fit_sliders(view: pn.viewable.Viewable, lang: str) -> pn.viewable.Viewable:
    """The sliders of a view with their handles on their tracks in the page's direction (see SLIDER_RTL_CSS)."""
    if direction(lang) == "rtl":
        for slider in view.select(pn.widgets.slider._SliderBase):
            slider.stylesheets = [*slider.stylesheets, SLIDER_RTL_CSS]
    return view


def user_bar(state: AppState) -> pn.FlexBox:
    """Who is logged in (name, role, scope), the language switch, the apps they may open and logout."""
    from workbench.home import apps_for
    from workbench.webauth import logout_form, page_xsrf

    actor, lang = state.actor, state.lang
    scope = actor.scope.label(lang)
    links = " · ".join(f'<a href="{link.path}">{html.escape(link.title.of(lang))}</a>' for link in apps_for(actor.role))
    who = pn.pane.HTML(
        f'<div class="wb-user" data-user="{html.escape(actor.username)}">'
        f"{html.escape(actor.username)} — {html.escape(ROLE_LABELS[actor.role].of(lang))} — {html.escape(scope)} · "
        f'<a href="/">{state.t("app.home")}</a> · {links} · {logout_form(state.t("app.logout"), page_xsrf())}</div>',
        stylesheets=[PAGE_CSS], sizing_mode="stretch_width", min_width=220)
    switch = pn.widgets.RadioButtonGroup(options=LANGUAGE_NAMES, value=lang, color="light", width=170,
                                         css_classes=["wb-language"], label=state.t("app.language"))

    def choose(event) -> None:
        if state.choose_language(event.new):
            pn.state.location.param.update(reload=True)

    switch.param.watch(choose, "value")
    return pn.FlexBox(switch, who, flex_wrap="wrap", align_items="center", gap="6px 14px",
                      sizing_mode="stretch_width")


def message_alert(text: str) -> pn.pane.Alert:
    """The outcome of the last action: refused (⚠, with the reason) or done (✓)."""
    return pn.pane.Alert(text, alert_type="danger" if text.startswith("⚠") else "success", visible=bool(text),
                         sizing_mode="stretch_width", css_classes=["wb-message"])


def table(state: AppState, frame: pd.DataFrame, headers: Mapping[str, Label], *, editable: Sequence[str] = (),
          frozen: Sequence[str] = (), height: int = 420, **options: object) -> pn.widgets.Tabulator:
    """A table of the screen: headed in the user's language, only the columns of `headers` shown (internal ones
    kept for callbacks but hidden), a filter under each header, the designation frozen, long tables paginated."""
    headers = in_language(headers, state.lang)
    hidden = [c for c in frame.columns if c not in headers]
    formatters = {**_date_formatters(frame, headers), **options.pop("formatters", {})}
    # A long table is paginated in the browser; a table whose rows are heavy (the audit trail) asks for
    # pagination="remote": only the page shown travels, the filters run on the server.
    paginated = {"pagination": "local", "page_size": 50} if len(frame) > LONG_TABLE else {}
    paginated.update({k: options.pop(k) for k in ("pagination", "page_size") if k in options})
    return pn.widgets.Tabulator(
        frame, show_index=False, sizing_mode="stretch_width", height=height, layout="fit_data_stretch",
        titles={c: h.of(state.lang) for c, h in headers.items()}, hidden_columns=hidden,
        editors={c: None for c in frame.columns if c not in editable},
        header_filters={c: {"type": "input", "func": "like", "placeholder": "…"} for c in headers
                        if c not in editable}, frozen_columns=list(frozen), formatters=formatters, **paginated,
        configuration={"clipboard": True, "locale": state.lang,
                       "langs": {state.lang: tabulator_language(state.lang)}}, **options)


def tabulator_language(lang: str) -> dict[str, object]:
    """Tabulator's own words (its pager: first, previous, next, last page; the rows counter; loading) in the
    user's language, from the catalogue's `pager.*` keys, as its `langs` option reads them: without them an Arabic
    page shows 'First Prev Next Last'."""
    def say(key: str) -> str:
        return text(f"pager.{key}").of(lang)

    return {"data": {"loading": say("loading"), "error": say("error")},
            "pagination": {**{key: say(key) for key in ("page_size", "page_title", "first", "first_title", "last",
                                                         "last_title", "prev", "prev_title", "next", "next_title",
                                                         "all")},
                           "counter": {key: say(key) for key in ("showing", "of", "rows", "pages")}},
            "headerFilters": {"default": "…", "columns": {}}}


def _date_formatters(frame: pd.DataFrame, shown: Mapping[str, Label]) -> dict[str, DateFormatter]:
    """Dates and times of the shown columns written as dates (YYYY-MM-DD, with the time when there is one) and an
    empty cell when missing. Panel recognises a column of dates only when every value is one: a column with a
    missing value would otherwise reach the page as milliseconds since 1970 (a query whose dates may all be missing
    reads them as dates: `parse_dates`)."""
    formatters = {}
    for column in shown:
        if column not in frame.columns:
            continue
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            present = values.dropna()
            # a column with no value yet: its name says (changed_at is a moment, filed_on a day)
            timed = bool((present != present.dt.normalize()).any()) if len(present) else column.endswith("_at")
        elif values.dtype == object:
            present = values.dropna()
            if present.empty or not isinstance(present.iloc[0], dt.date) \
                    or not present.map(lambda v: isinstance(v, dt.date)).all():
                continue
            timed = bool(present.map(lambda v: isinstance(v, dt.datetime)).any())
        else:
            continue
        formatters[column] = DateFormatter(format="%Y-%m-%d %H:%M" if timed else "%Y-%m-%d", nan_format="",
                                           null_format="", text_align="right")
    return formatters


def downloads(state: AppState, source: pn.widgets.Tabulator | Callable[[], pd.DataFrame],
              headers: Mapping[str, Label], name: str) -> pn.Row:
    """Excel and CSV downloads of a table as the user sees it (their filters and sort applied), headed in their
    language; no cell leaves as a live formula (workbench.exports)."""
    from workbench.exports import csv_bytes, workbook_bytes

    def shown() -> pd.DataFrame:
        frame = source.current_view if isinstance(source, pn.widgets.Tabulator) else source()
        return headed_in(frame, headers, state.lang)

    return pn.Row(
        pn.widgets.FileDownload(callback=lambda: workbook_bytes(shown(), name, right_to_left=state.lang == "ar"),
                                filename=f"{name}.xlsx", label=state.t("app.download_excel"),
                                color="light", css_classes=["wb-download-xlsx"], width=170),
        pn.widgets.FileDownload(callback=lambda: csv_bytes(shown()), filename=f"{name}.csv",
                                label=state.t("app.download_csv"), color="light",
                                css_classes=["wb-download-csv"], width=170))


def serve_app(build: Callable[[AppState], pn.viewable.Viewable], state_class: type[AppState]) -> None:
    """Serve an app for the user of the page's login session; without one (served outside `workbench serve`, or
    a session ended meanwhile) nothing is shown."""
    from workbench.access import sessions
    from workbench.db import make_engine
    from workbench.webauth import page_session

    token = page_session() or ""  # read on the server from the login cookie, which the page never holds
    user = sessions.user_of(make_engine(), token) if token else None
    if not user:
        pn.pane.Alert(text("app.login_needed").both(), alert_type="danger").servable()
        return
    from workbench import chartstyle
    from workbench.home import may_open

    chartstyle.apply()
    # Every view bound to the state is overlaid with a spinner while it is recomputed (a province change, a save),
    # instead of the page sitting still.
    pn.config.loading_indicator = True
    pn.config.loading_spinner = "dots"
    if not may_open(make_engine(), user, state_class.app_name):
        label = text("app.nothing_for_role")
        pn.pane.Alert(f"<span dir='rtl' lang='ar'>{label.ar}</span><br><span lang='fr'>{label.fr}</span> "
                      f"<a href='/'>{text('app.home').both()}</a>", alert_type="warning",
                      css_classes=["wb-nothing"]).servable()
        return
    try:
        state = state_class(user=user, session=token)
    except WorkbenchError as exc:
        pn.pane.Alert(exc.say(DEFAULT_LANGUAGE), alert_type="danger").servable()
        return
    # An action refused because the session ended (logout elsewhere, account disabled) reloads the page, which
    # the server then sends to the login.
    state.param.watch(lambda event: event.new and pn.state.location.param.update(reload=True), "session_ended")
    build(state).servable()


def nothing_here(state: AppState, title: Label, message: Label) -> Page:
    """The page of an app with nothing in the user's scope: said in their language, never a blank page."""
    return page(state, title, [pn.pane.Alert(state.say(message), alert_type="info", sizing_mode="stretch_width",
                                             css_classes=["wb-nothing"])])
