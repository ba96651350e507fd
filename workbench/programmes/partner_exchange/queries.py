"""What the partner exchange reads: a year's requests and decisions, and the pupils, guardians and enrolments they
are answered against (the whole country's: a child may be schooled anywhere)."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
from sqlalchemy import JSON, Connection, String, bindparam, cast, func, select

from workbench import analytics
from workbench.bulk import read_frame
from workbench.models import Commune, Enrolment, Province, Pupil, PupilGuardian, School
from workbench.programmes.partner_exchange.models import PartnerDecision, PartnerRequest
from workbench.scope import Scope


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    return frame


def in_scope(scope: Scope | None, year: str):
    """The codes of the pupils a scoped user's answers may name: those enrolled the year at a school of their scope
    (a subquery); None for the whole country (an administrator's run)."""
    if scope is None or scope.level == "all":
        return None
    return scope.restrict(select(Enrolment.massar_code).where(Enrolment.year == year), Enrolment.school_code)


def requests(connection: Connection, year: str, partner: str | None = None,
             scope: Scope | None = None) -> pd.DataFrame:
    """The year's requests (of one partner when given); `received_by` is the region that received the list. A
    region sees only the lists it received (a national list is answered by the administrator)."""
    query = select(PartnerRequest.partner, PartnerRequest.request_id, PartnerRequest.year, PartnerRequest.massar_code,
                   PartnerRequest.child_last_name, PartnerRequest.child_first_name, PartnerRequest.birth_date,
                   PartnerRequest.guardian_cin, PartnerRequest.as_of, PartnerRequest.region_code.label("received_by"),
                   PartnerRequest.received_on, PartnerRequest.answered_on).where(PartnerRequest.year == year)
    if partner:
        query = query.where(PartnerRequest.partner == partner)
    if scope is not None and scope.level != "all":
        query = query.where(PartnerRequest.region_code == scope.region)
    frame = read_frame(connection, query)
    if frame.empty:
        frame = pd.DataFrame(columns=[c.name for c in query.selected_columns])
    return _dates(frame, "birth_date", "as_of", "received_on", "answered_on")


def pupils(connection: Connection, scope: Scope | None = None, year: str | None = None) -> pd.DataFrame:
    """Every pupil's code, birth date and names (French and Arabic); for a scope, only the pupils enrolled the year
    in it (`in_scope`): a scoped user's requests are answered against them alone. On the analytics path the names
    arrive as categories (a country's millions of pupils share a few thousand spellings) and the dates parsed by
    Arrow, rather than as millions of strings turned into pandas' and parsed again."""
    columns = ["massar_code", "birth_date", "last_name_fr", "first_name_fr", "last_name_ar", "first_name_ar"]
    query = select(Pupil.massar_code, Pupil.birth_date, Pupil.last_name_fr, Pupil.first_name_fr, Pupil.last_name_ar,
                   Pupil.first_name_ar)
    mine = in_scope(scope, year)
    if mine is not None:
        query = query.where(Pupil.massar_code.in_(mine))
    if analytics.enabled(connection):
        table = analytics.arrow(connection, query)
        if table.num_rows:
            born = table.column("birth_date")
            if not pa.types.is_date(born.type):  # SQLite keeps dates as ISO text
                born = born.cast(pa.date32())
            table = table.set_column(1, "birth_date", born.cast(pa.timestamp("ns")))
            table = analytics.encoded(table, columns[2:])
            # The codes stay in Arrow (the rules look them up with Arrow's hash, never as 8 million Python strings).
            return table.to_pandas(types_mapper={pa.string(): pd.ArrowDtype(pa.string())}.get)
    frame = read_frame(connection, query)
    if frame.empty:
        frame = pd.DataFrame(columns=columns)
    return _dates(frame, "birth_date")


def links(connection: Connection, year: str, scope: Scope | None = None) -> pd.DataFrame:
    """Pupil -> guardian CIN, for the guardians the year's requests name (a semi-join in the database rather than
    every household of the country read into memory); for a scope, its pupils' guardians only."""
    asked = select(PartnerRequest.guardian_cin).where(PartnerRequest.year == year,
                                                      PartnerRequest.guardian_cin.is_not(None))
    query = select(PupilGuardian.massar_code, PupilGuardian.guardian_cin).where(PupilGuardian.guardian_cin.in_(asked))
    mine = in_scope(scope, year)
    if mine is not None:
        query = query.where(PupilGuardian.massar_code.in_(mine))
    frame = read_frame(connection, query)
    return frame if not frame.empty else pd.DataFrame(columns=["massar_code", "guardian_cin"])


def _listed(connection: Connection, values: list[str]):
    """The values as one subquery over one parameter (a JSON array): a single query however many values there are,
    where IN lists of a few hundred values each would be thousands of queries."""
    payload = bindparam("listed", json.dumps(values), type_=String)
    if connection.dialect.name == "postgresql":
        rows = func.json_array_elements_text(cast(payload, JSON)).table_valued("value")
    else:
        rows = func.json_each(payload).table_valued("value")
    return select(rows.c.value)


def enrolments(connection: Connection, year: str, massar_codes: pd.Series | None = None) -> pd.DataFrame:
    """The year's enrolments (of the given pupils only, read by their key, when there are fewer of them than a
    fifth of the year's enrolments) with their school's province and region (mapped from the small school map
    rather than joined over millions of rows)."""
    query = select(Enrolment.massar_code, Enrolment.school_code, Enrolment.level_code, Enrolment.left_on).where(
        Enrolment.year == year)
    codes = None if massar_codes is None else massar_codes.dropna().unique().tolist()
    total = connection.execute(select(func.count()).select_from(Enrolment).where(Enrolment.year == year)).scalar_one()
    if codes is not None and len(codes) * 5 < total:
        query = query.where(Enrolment.massar_code.in_(_listed(connection, codes)))
    frame = read_frame(connection, query)
    if frame.empty:
        frame = pd.DataFrame(columns=["massar_code", "school_code", "level_code", "left_on"])
    schools = analytics.read_sql(select(School.code, Commune.province_code, Province.region_code)
                          .join(Commune, Commune.code == School.commune_code)
                          .join(Province, Province.code == Commune.province_code), connection).set_index("code")
    frame["province_code"] = frame["school_code"].map(schools["province_code"])
    frame["region_code"] = frame["school_code"].map(schools["region_code"])
    return frame


def decisions(connection: Connection, year: str) -> pd.DataFrame:
    return analytics.read_sql(select(PartnerDecision).where(PartnerDecision.year == year), connection)


def provinces(connection: Connection) -> pd.DataFrame:
    return analytics.read_sql(select(Province.code.label("province_code"), Province.name_fr.label("province_fr"),
                              Province.name_ar.label("province_ar")), connection)


def pupils_born(connection: Connection, days: list, cins: list[str], scope: Scope | None = None,
                year: str | None = None) -> pd.DataFrame:
    """The pupils born on one of `days`, and the children of the guardians `cins`, with their guardian: the pool a
    request's candidates are drawn from on the review desk (for a scope, its pupils of the year only)."""
    query = (select(Pupil.massar_code, Pupil.birth_date, Pupil.last_name_fr, Pupil.first_name_fr, Pupil.last_name_ar,
                    Pupil.first_name_ar, PupilGuardian.guardian_cin)
             .outerjoin(PupilGuardian, PupilGuardian.massar_code == Pupil.massar_code)
             .where(Pupil.birth_date.in_(days) | PupilGuardian.guardian_cin.in_(cins or [""])))
    mine = in_scope(scope, year)
    if mine is not None:
        query = query.where(Pupil.massar_code.in_(mine))
    return _dates(analytics.read_sql(query, connection), "birth_date")
