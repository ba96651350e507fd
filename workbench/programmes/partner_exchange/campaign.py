"""The partner-exchange campaign's entry points: its parameter (one partner, or both), the answers of a run's year
for what its user may see, and the answer files, each recorded in the audit trail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Connection, bindparam, update

from workbench.access import current_actor
from workbench.access.guard import guarded_write
from workbench.catalogue import text
from workbench.exceptions import InputError
from workbench.programmes.partner_exchange import answers as computed
from workbench.programmes.partner_exchange import outputs
from workbench.programmes.partner_exchange.models import PartnerRequest
from workbench.programmes.partner_exchange.parameters import PartnerParameters  # noqa: F401 (re-exported)
from workbench.run_context import RunContext


def prepare_run(connection: Connection, year: str, values: dict[str, Any]) -> dict[str, Any]:
    """Only administrators and region officers answer partners (the user running it is known here, not in the
    notebook's kernel); the partner is checked and written in capitals."""
    actor = current_actor()
    if actor.role not in computed.ROLES:
        raise InputError(text("partner_exchange.refused.role", user=actor.label))
    return {**values, "partner": computed.check_partner(str(values.get("partner", "")))}


def compute(connection: Connection, run: RunContext) -> computed.PartnerAnswers:
    return computed.compute(connection, run.scope, run.year, run.parameters.partner)


def write_outputs(connection: Connection, result: computed.PartnerAnswers, run: RunContext) -> list[Path]:
    written = outputs.write_answers(result, run.out_dir)
    followups = outputs.write_followups(result, run.out_dir)
    record_answers(run.engine, result, written, followups)
    return written + followups


def record_answers(engine, result: computed.PartnerAnswers, files: list[Path], followups: list[Path] = ()) -> None:
    """Each answer file written is an audit event (its rows as answered), and the schools' follow-up lists one
    together (partner_followup_*.csv, each row with its school); the requests answered for the first time keep today
    as their answer date (the report's time to answer)."""
    contract = result.answer_file()
    first_time = result.answers[result.answers["answered_on"].isna()][["partner", "year", "request_id"]]
    shown = {path.name: contract if path.suffix == ".csv" else
             contract[contract["partner"] == path.stem.rsplit("_", 1)[1]] for path in files}
    if followups:  # one event for the schools' lists together (a national run writes thousands of them)
        lists = result.followup_files()
        shown[outputs.FOLLOWUP_CSV.format(school="*")] = pd.concat(
            [rows.assign(school_code=school) for school, rows in lists.items()], ignore_index=True)
    for number, (name, rows) in enumerate(shown.items()):
        with guarded_write(engine, "write partner answers", file=name, roles=computed.ROLES) as write:
            write.scoped = True  # the run's scope was checked (a region or the country) before the answers
            plain = rows.astype(object).where(rows.notna(), None)
            write.capture(PartnerRequest.__table__, [], plain.head(1_000).to_dict("records"), total=len(rows))
            if number == 0 and not first_time.empty:
                _mark_answered(write.connection, result, first_time)


def _mark_answered(connection: Connection, result: computed.PartnerAnswers, keys: pd.DataFrame) -> None:
    """Today as the answer date of the requests answered for the first time: one statement for the whole country's
    requests, else request by request (a region's)."""
    table = PartnerRequest.__table__
    if result.scope.level == "all":
        statement = update(table).where(table.c.year == result.year, table.c.answered_on.is_(None))
        if result.partner:
            statement = statement.where(table.c.partner == result.partner)
        connection.execute(statement.values(answered_on=result.today))
        return
    statement = (update(table).where(table.c.year == bindparam("k_year"), table.c.partner == bindparam("k_partner"),
                                     table.c.request_id == bindparam("k_request"), table.c.answered_on.is_(None))
                 .values(answered_on=result.today))
    connection.execute(statement, keys.rename(columns={"year": "k_year", "partner": "k_partner",
                                                      "request_id": "k_request"}).to_dict("records"))
