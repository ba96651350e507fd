"""The review of what the rules cannot answer: candidate pupils for a request (spelling variants found by rapidfuzz,
a birth date a day off, the guardian's children, the tied pupils), never answered automatically; an operator's
decision (this pupil, or 'not found'), recorded with who and why in the audit trail."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist
from sqlalchemy import Connection, Engine, select

from workbench.access import current_actor
from workbench.access.guard import guarded_write
from workbench.bulk import upsert_rows
from workbench.catalogue import text
from workbench.exceptions import InputError
from workbench.models import Pupil
from workbench.programmes.partner_exchange import logic, queries
from workbench.programmes.partner_exchange.answers import ROLES
from workbench.programmes.partner_exchange.models import PartnerDecision, PartnerRequest
from workbench.programmes.partner_exchange.names import normalise
from workbench.scope import Scope

CLOSE_ENOUGH = 80  # rapidfuzz token_sort_ratio (0-100) from which a differently spelt name is proposed
SHOWN = 10  # candidates shown per request
CANDIDATE_COLUMNS = ["massar_code", "last_name_fr", "first_name_fr", "last_name_ar", "first_name_ar", "birth_date",
                     "similarity", "why"]


def _pool(connection: Connection, request: pd.Series, scope: Scope) -> pd.DataFrame:
    """Pupils born the request's day or a day either side, and the children of its guardian: for a region, only
    its pupils of the request's year (no child schooled elsewhere is ever proposed to it)."""
    born = pd.Timestamp(request["birth_date"]).date()
    days = [born + dt.timedelta(days=d) for d in (-1, 0, 1)]
    cin = request["guardian_cin"] if isinstance(request["guardian_cin"], str) else None
    return queries.pupils_born(connection, days, [cin] if cin else [], scope, request["year"])


def candidates(request: pd.Series, pool: pd.DataFrame) -> pd.DataFrame:
    """The pupils an operator may choose from for one request, closest first: the guardian's children, and the
    pupils born within a day whose names, compared in the request's letters, are close (rapidfuzz token sort
    ratio of at least 80 on the normalised names: Mohamed/Mohammed). Only proposals: nothing is answered here."""
    if pool.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    wanted = " ".join(normalise(pd.Series([request["child_last_name"], request["child_first_name"]])).fillna(""))
    pool = pool.drop_duplicates("massar_code").reset_index(drop=True)
    scores = []
    for script in ("fr", "ar"):
        names = (normalise(pool[f"last_name_{script}"]).fillna("") + " "
                 + normalise(pool[f"first_name_{script}"]).fillna("")).str.strip()
        scores.append(cpdist([wanted] * len(pool), names.tolist(), scorer=fuzz.token_sort_ratio))
    similarity = pd.Series(pd.DataFrame(scores).max().to_numpy(), index=pool.index).round(0)
    same_day = pool["birth_date"] == pd.Timestamp(request["birth_date"])
    child = pool["guardian_cin"].eq(request["guardian_cin"]).fillna(False).astype(bool) \
        if isinstance(request["guardian_cin"], str) else pd.Series(False, index=pool.index)
    why = pd.Series("spelling", index=pool.index).where(same_day, "day_off")
    why = why.mask(same_day & (similarity == 100), "tied").mask(child, "guardian")
    keep = child | (similarity >= CLOSE_ENOUGH)
    found = pool[keep].assign(similarity=similarity[keep], why=why[keep], child=child[keep])
    found = found.sort_values(["child", "similarity", "massar_code"], ascending=[False, False, True])
    return found[CANDIDATE_COLUMNS].head(SHOWN).reset_index(drop=True)


def request_candidates(connection: Connection, request: pd.Series, scope: Scope) -> pd.DataFrame:
    return candidates(request, _pool(connection, request, scope))


def _stored_request(connection: Connection, year: str, partner: str, request_id: str) -> pd.Series:
    found = pd.read_sql(select(PartnerRequest).where(PartnerRequest.year == year, PartnerRequest.partner == partner,
                                                     PartnerRequest.request_id == request_id), connection)
    actor = current_actor()
    if found.empty or (actor.role != "administrator" and found["region_code"].iloc[0] != actor.scope.region):
        raise InputError(text("partner_exchange.refused.request").plus(f": {partner} {request_id}."))
    row = found.iloc[0].copy()
    row["birth_date"] = pd.Timestamp(row["birth_date"])
    return row


def _known(connection: Connection, code: str, scope: Scope, year: str) -> bool:
    """Whether a pupil exists, for a region: is schooled in it that year (any other reads as unknown)."""
    query = select(Pupil.massar_code).where(Pupil.massar_code == code)
    mine = queries.in_scope(scope, year)
    if mine is not None:
        query = query.where(Pupil.massar_code.in_(mine))
    return connection.execute(query).first() is not None


def _rules_answer(connection: Connection, request: pd.Series, scope: Scope) -> str:
    """What the rules alone answer for one request, within the scope (the pupils born that day, the guardian's
    children and the code given are all they look at)."""
    code = request["massar_code"] if isinstance(request["massar_code"], str) else None
    if code and _known(connection, code, scope, request["year"]):
        return "matched"
    pool = _pool(connection, request, scope)
    frame = pd.DataFrame([request])
    frame["birth_date"] = pd.to_datetime(frame["birth_date"]).astype("datetime64[ns]")
    pupils = pool.drop_duplicates("massar_code")[logic.PUPIL_COLUMNS]
    return logic.match(frame, pupils, pool.dropna(subset=["guardian_cin"])[["massar_code", "guardian_cin"]]) \
        ["outcome"].iloc[0]


def decide(engine: Engine, year: str, partner: str, request_id: str, massar_code: str | None, reason: str,
           now: dt.datetime | None = None) -> str:
    """Record an operator's decision on a request the rules left ambiguous or not found: the pupil it is
    (`massar_code`), or None for 'not found'. Refused for a request the rules answer, one outside the operator's
    region, an unknown pupil, or without a reason. Returns the decision."""
    if not reason or not reason.strip():
        raise InputError(text("partner_exchange.refused.reason"))
    with guarded_write(engine, "partner request decision", roles=ROLES) as write:
        write.scoped = True  # checked below: an administrator, or the region that received the list
        connection = write.connection
        request = _stored_request(connection, year, partner, request_id)
        scope = write.actor.scope
        if _rules_answer(connection, request, scope) == "matched":
            raise InputError(text("partner_exchange.refused.not_open").plus(f": {partner} {request_id}."))
        if massar_code is not None and not _known(connection, massar_code, scope, year):
            raise InputError(text("partner_exchange.refused.no_pupil").plus(f": {massar_code}."))
        decision = "pupil" if massar_code else "not_found"
        upsert_rows(connection, PartnerDecision.__table__, [{
            "year": year, "partner": partner, "request_id": request_id, "decision": decision,
            "massar_code": massar_code or None, "reason": reason.strip(), "decided_by": write.actor.username,
            "decided_at": now or dt.datetime.now()}], ["year", "partner", "request_id"])
    return decision
