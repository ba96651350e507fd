"""What every app's state starts from: a checked database, a school year and the logged-in user, whose scope
bounds everything the app lists, counts, draws and exports, and in whose name every write is made."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import param
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from workbench import config
from workbench.access import sessions
from workbench.access.actor import Actor, acting_as, current_actor
from workbench.access.users import load_actor, set_language
from workbench.catalogue import Label, text
from workbench.db import explain, make_engine, require_schema
from workbench.exceptions import InputError
from workbench.scope import Scope, resolve_scope


class AppState(param.Parameterized):
    db_url = param.String(default="", doc="SQLAlchemy URL; empty: the WORKBENCH_DB_URL setting")
    year = param.String(default="", doc="School year shown (YYYY-YYYY); empty: the workbench's default year")
    user = param.String(default="", doc="Logged-in user (the apps are served behind a login); empty in tests and "
                                        "notebooks: the acting user of the process")
    message = param.String(default="", doc="Outcome of the last action, shown to the user (⚠ refused, ✓ done)")
    session = param.String(default="", doc="Token of the login session the page was opened in; empty in tests and "
                                           "notebooks")
    session_ended = param.Boolean(default=False, doc="Set when an action finds the session ended (logged out, "
                                                     "disabled): the page then goes back to the login")

    app_name = "app"

    def __init__(self, **params):
        super().__init__(**params)
        self._engine = make_engine(self.db_url or None)
        require_schema(self._engine)
        via = f"app {self.app_name}"
        self.actor: Actor = load_actor(self._engine, self.user, via) if self.user else current_actor().in_via(via)
        self.year = self.year or config.DEMO_YEAR.value()
        self.lang = self.actor.language  # every label, message and value the app shows is in this language

    def t(self, key: str, **values: object) -> str:
        """A catalogue text in the user's language."""
        return text(key, **values).of(self.lang)

    def say(self, message: str | Label) -> str:
        return message.of(self.lang) if isinstance(message, Label) else message

    def choose_language(self, language: str) -> bool:
        """Remember the user's language for their pages (the page reloads in it)."""
        return self.attempt(lambda: set_language(self._engine, language), text("app.language_saved"))

    def scope(self, connection: Connection, *, region: str | None = None, province: str | None = None,
              school: str | None = None) -> Scope:
        """The scope asked for, narrowed to the user's (a director asking for a province gets their school)."""
        return self.actor.narrow(resolve_scope(connection, region=region, province=province, school=school))

    def visible(self, frame: pd.DataFrame, *, school: str = "code", province: str = "province_code",
                region: str = "region_code") -> pd.DataFrame:
        """The rows of a frame of schools (or provinces) that lie in the user's scope."""
        return self.actor.scope.keep(frame, school=school, province=province, region=region)

    def attempt(self, action: Callable[[], object], done: str | Label | Callable[[object], str | Label],
                refresh: Callable[[], None] | None = None) -> bool:
        """Run a write as the logged-in user: refused input becomes the message (nothing was written);
        otherwise what is shown is recomputed and `done` (a text, or a function of the result) is the message."""
        if self.session and sessions.user_of(self._engine, self.session) != self.actor.username:
            self.message = f"⚠ {self.t('error.session_ended')}"
            self.session_ended = True
            return False
        try:
            with acting_as(self.actor):
                result = action()
        except InputError as exc:
            self.message = f"⚠ {exc.say(self.lang)}"
            return False
        except DBAPIError as exc:  # another writer held the database too long, or refused the write
            self.message = f"⚠ {explain(exc).of(self.lang)}"
            return False
        if refresh is not None:
            refresh()
        self.message = f"✓ {self.say(done(result) if callable(done) else done)}"
        return True
