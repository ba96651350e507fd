"""The campaigns, found through one registry: each is a notebook in notebooks/ and a subpackage here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from workbench import config
from workbench.codes import normalise_year
from workbench.db import make_engine, require_schema
from workbench.exceptions import InputError
from workbench.scope import Scope, resolve_scope


@dataclass(frozen=True)
class Campaign:
    name: str
    title_fr: str
    title_ar: str

    @property
    def notebook(self) -> Path:
        return config.NOTEBOOKS_DIR / f"{self.name}.ipynb"


CAMPAIGNS: dict[str, Campaign] = {
    "overview": Campaign("overview", "Vue d'ensemble des effectifs et des absences", "نظرة عامة على التلاميذ والغياب"),
    "kit-needs": Campaign("kit-needs", "Un million de cartables : besoins, livraisons, distribution",
                          "مليون محفظة: الحاجيات والتسليم والتوزيع"),
    "tayssir-transfers": Campaign("tayssir-transfers", "Tayssir : transferts, retenues et plaintes",
                                  "تيسير: التحويلات والاقتطاعات والشكايات"),
    "grant-lists": Campaign("grant-lists", "Bourses : listes classées, quotas et budget",
                            "المنح: اللوائح المرتبة والحصص والميزانية"),
}


def get_campaign(name: str) -> Campaign:
    if name not in CAMPAIGNS:
        raise InputError(f"Unknown campaign '{name}'. Campaigns: {', '.join(CAMPAIGNS)}.")
    return CAMPAIGNS[name]


@dataclass
class RunContext:
    """What a campaign notebook works on: a checked database, year and scope."""

    engine: Engine
    year: str
    scope: Scope
    out_dir: Path


def open_run(db_url: str, year: str, region: str = "", province: str = "", school: str = "",
             out_dir: str = ".") -> RunContext:
    """Check the parameters a notebook was given and resolve them (called in each notebook's first cell)."""
    engine = make_engine(db_url or None)
    require_schema(engine)
    code = normalise_year(year or config.DEMO_YEAR.value())
    if code is None:
        raise InputError(f"'{year}' is not a school year: use YYYY-YYYY, e.g. 2025-2026.")
    with engine.connect() as connection:
        scope = resolve_scope(connection, region=region or None, province=province or None, school=school or None)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return RunContext(engine, code, scope, out)
