"""Where a campaign or an app looks: the whole database, a region, a province or a school."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field, replace

import pandas as pd
from sqlalchemy import Connection, Select, func, select, true

from workbench.catalogue import Label, listed, text
from workbench.exceptions import InputError, WorkbenchError
from workbench.models import Commune, Province, Region, School, Validation


@dataclass(frozen=True)
class Scope:
    region: str | None = None
    province: str | None = None
    school: str | None = None
    label_fr: str = field(default_factory=lambda: text("scope.all").fr)
    label_ar: str = field(default_factory=lambda: text("scope.all").ar)
    # (dataset, year): keep only the schools whose dataset of that year is approved (`--approved-only`).
    approved: tuple[str, str] | None = None

    @property
    def level(self) -> str:
        return "school" if self.school else "province" if self.province else "region" if self.region else "all"

    def slug(self) -> str:
        return self.school or self.province or self.region or "all"

    def label(self, language: str) -> str:
        """The scope's name in one language ('ar' or 'fr')."""
        return self.label_ar if language == "ar" else self.label_fr

    def restrict(self, query: Select, school_column) -> Select:
        """Join the school map from a school code column and keep this scope's rows."""
        if school_column is not School.code:
            query = query.join(School, School.code == school_column)
        query = (query.join(Commune, Commune.code == School.commune_code)
                 .join(Province, Province.code == Commune.province_code))
        return self.filter(query)

    def covers(self, other: Scope) -> bool:
        """Whether everything of `other` lies inside this scope."""
        if self.school:
            return other.school == self.school
        if self.province:
            return other.province == self.province
        if self.region:
            return other.region == self.region
        return True

    def keep(self, frame: pd.DataFrame, *, school: str = "school_code", province: str = "province_code",
             region: str = "region_code") -> pd.DataFrame:
        """The one scope filter for frames: the rows inside this scope, read on the finest of its levels that the
        frame has a column for (a director's scope keeps their province's row of a frame of provinces)."""
        for wanted, column in ((self.school, school), (self.province, province), (self.region, region)):
            if wanted and column in frame:
                return frame[frame[column] == wanted]
        if self.level == "all":
            return frame
        raise WorkbenchError(f"Cannot narrow a table to {self.label_fr}: it has none of the columns "
                             f"{school}, {province}, {region}.")

    def only_approved(self, dataset: str, year: str) -> Scope:
        return replace(self, approved=(dataset, year))

    def keep_approved(self, query: Select, school_column) -> Select:
        """With `approved` set, keep only the rows of schools whose data is approved."""
        if not self.approved:
            return query
        dataset, year = self.approved
        return query.where(school_column.in_(select(Validation.school_code).where(
            Validation.year == year, Validation.dataset == dataset, Validation.state == "approved")))

    def filter(self, query: Select) -> Select:
        """Restrict a query that already joins schools, communes and provinces to this scope."""
        query = self.keep_approved(query, School.code)
        if self.school:
            return query.where(School.code == self.school)
        if self.province:
            return query.where(Commune.province_code == self.province)
        if self.region:
            return query.where(Province.region_code == self.region)
        return query


def resolve_scope(connection: Connection, *, region: str | None = None, province: str | None = None,
                  school: str | None = None) -> Scope:
    """Check a scope against the database (codes or French/Arabic names) and fill in its parents and labels."""
    if sum(bool(x) for x in (region, province, school)) > 1:
        raise InputError(text("error.one_scope"))
    if school:
        row = connection.execute(
            select(School.code, School.name_fr, School.name_ar, Commune.province_code, Province.region_code)
            .join(Commune, Commune.code == School.commune_code).join(Province, Province.code == Commune.province_code)
            .where(School.code == school.strip().upper())).first()
        if row is None:
            raise InputError(text("error.unknown_school_code", school=school))
        return Scope(row.region_code, row.province_code, row.code, f"{row.name_fr} ({row.code})",
                     f"{row.name_ar} ({row.code})")
    if province:
        row = _by_name(connection, Province, province, 4, "province")
        return Scope(row.region_code, row.code, None, *_named("scope.province", row))
    if region:
        row = _by_name(connection, Region, region, 2, "region")
        return Scope(row.code, None, None, *_named("scope.region", row))
    return Scope()


def regions_with_schools(connection: Connection, region: str | None = None) -> list[tuple[str, str, str]]:
    """(code, French label, Arabic label: 'Région Fès-Meknès') of the regions that have schools (one region, when
    given), in code order."""
    rows = connection.execute(
        select(Region.code, Region.name_fr, Region.name_ar).distinct()
        .join(Province, Province.region_code == Region.code).join(Commune, Commune.province_code == Province.code)
        .join(School, School.commune_code == Commune.code).where(Region.code == region if region else true())
        .order_by(Region.code)).all()
    return [(row.code, *_named("scope.region", row)) for row in rows]


def as_covered(connection: Connection, scope: Scope) -> Scope:
    """The whole database named by what it holds: a report of a one-region database says that region, one of a few
    regions names them; only a database of every region reads 'all regions'. Narrower scopes are left as they are."""
    if scope.level != "all":
        return scope
    held = connection.execute(
        select(Region.code, Region.name_fr, Region.name_ar).distinct()
        .join(Province, Province.region_code == Region.code).join(Commune, Commune.province_code == Province.code)
        .join(School, School.commune_code == Commune.code).order_by(Region.code)).all()
    every = connection.scalar(select(func.count()).select_from(Region))
    if not held or len(held) == every:
        return scope
    if len(held) == 1:
        return replace(scope, label_fr=_named("scope.region", held[0])[0], label_ar=_named("scope.region", held[0])[1])
    names = listed(Label(row.name_fr, row.name_ar) for row in held)
    covered = text("scope.regions", names=names)
    return replace(scope, label_fr=covered.fr, label_ar=covered.ar)


def _named(key: str, row) -> tuple[str, str]:
    """A province's or a region's scope label, French then Arabic, each with the place's name in that language."""
    return tuple(text(key, name=Label(row.name_fr, row.name_ar)))


def _plain(text: str) -> str:
    """A name as people type it: no accents, case, hyphens or extra spaces ('Fès-Meknès' == 'fes meknes')."""
    text = unicodedata.normalize("NFKD", str(text)).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.replace("-", " ").replace("'", " ").split())


def _by_name(connection: Connection, table, wanted: str, width: int, what: str):
    """A province or region by its code, or its French or Arabic name typed with or without accents and case;
    an unknown one is refused with the closest names."""
    rows = connection.execute(select(table)).all()
    typed = wanted.strip()
    for row in rows:
        if row.code == typed.zfill(width) or _plain(row.name_fr) == _plain(typed) or row.name_ar == typed:
            return row
    names = {_plain(row.name_fr): row.name_fr for row in rows}
    close = [names[n] for n in difflib.get_close_matches(_plain(typed), list(names), n=3, cutoff=0.6)]
    unknown = text(f"error.unknown_{what}", wanted=wanted)
    if close:
        unknown = text("error.did_you_mean", message=unknown, names=", ".join(close))
    raise InputError(unknown)


def provinces_with_schools(connection: Connection, region: str | None = None, *,
                           scope: Scope | None = None) -> list[tuple[str, str, str]]:
    """(code, French name, Arabic name) of the provinces that have schools (in the region, or in the scope: a
    director's is their school's province), in code order."""
    query = (select(Province.code, Province.name_fr, Province.name_ar).distinct()
             .join(Commune, Commune.province_code == Province.code).join(School, School.commune_code == Commune.code)
             .order_by(Province.code))
    return [tuple(r) for r in connection.execute((scope or Scope(region=region)).filter(query))]
