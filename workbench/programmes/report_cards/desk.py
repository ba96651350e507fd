"""State of the app apps/report_cards.py: for the user's scope and a semester, the semester averages' distribution
by level and the subjects' means (counts only, as the report)."""

from __future__ import annotations

import pandas as pd
import param

from workbench.appstate import AppState
from workbench.programmes.report_cards import logic, queries


class ReportCardsDesk(AppState):
    app_name = "report_cards"

    semester = param.Selector(default=1, objects=[1, 2], doc="The semester shown")

    def result(self):
        """The campaign's result for the scope, the year and the semester shown."""
        from workbench.programmes.report_cards.campaign import ReportCardsResult

        with self._engine.connect() as connection:
            pupils = queries.pupils(connection, self.year, self.actor.scope)
            marks = queries.marks(connection, self.year, self.semester, self.actor.scope)
            rows = logic.report_cards(marks, pupils, queries.coefficients(connection), self.semester)
            exams = queries.exam_marks(connection, self.year, self.actor.scope)
            return ReportCardsResult(self.year, int(self.semester), self.actor.scope, rows, pupils, exams,
                                     pd.DataFrame(columns=["massar_code", "hours", "unjustified"]),
                                     queries.subjects(connection), queries.levels(connection))
