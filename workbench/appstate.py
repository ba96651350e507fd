"""What every app's state starts from: a checked database and a school year."""

from __future__ import annotations

from collections.abc import Callable

import param

from workbench import config
from workbench.db import make_engine, require_schema
from workbench.exceptions import InputError


class AppState(param.Parameterized):
    db_url = param.String(default="", doc="SQLAlchemy URL; empty: the WORKBENCH_DB_URL setting")
    year = param.String(default="", doc="School year shown (YYYY-YYYY); empty: the workbench's default year")
    message = param.String(default="", doc="Outcome of the last action, shown to the user (⚠ refused, ✓ done)")

    def __init__(self, **params):
        super().__init__(**params)
        self._engine = make_engine(self.db_url or None)
        require_schema(self._engine)
        self.year = self.year or config.DEMO_YEAR.value()

    def attempt(self, action: Callable[[], object], done: str | Callable[[object], str],
                refresh: Callable[[], None] | None = None) -> bool:
        """Run a write: refused input becomes the message (nothing was written); otherwise what is shown is
        recomputed and `done` (a text, or a function of the action's result) becomes the message."""
        try:
            result = action()
        except InputError as exc:
            self.message = f"⚠ {exc}"
            return False
        if refresh is not None:
            refresh()
        self.message = f"✓ {done(result) if callable(done) else done}"
        return True
