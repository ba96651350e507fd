"""What every app's state starts from: a checked database and a school year."""

from __future__ import annotations

import param

from workbench import config
from workbench.db import make_engine, require_schema


class AppState(param.Parameterized):
    db_url = param.String(default="", doc="SQLAlchemy URL; empty: the WORKBENCH_DB_URL setting")
    year = param.String(default="", doc="School year shown (YYYY-YYYY); empty: the workbench's default year")

    def __init__(self, **params):
        super().__init__(**params)
        self._engine = make_engine(self.db_url or None)
        require_schema(self._engine)
        self.year = self.year or config.DEMO_YEAR.value()
