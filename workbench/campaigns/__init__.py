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
    dataset: str  # the validated dataset the campaign relies on (see workbench.access.datasets)

    @property
    def notebook(self) -> Path:
        return config.NOTEBOOKS_DIR / f"{self.name}.ipynb"


CAMPAIGNS: dict[str, Campaign] = {
    "overview": Campaign("overview", "Vue d'ensemble des effectifs et des absences", "نظرة عامة على التلاميذ والغياب", "pupils"),
    "kit-needs": Campaign("kit-needs", "Un million de cartables : besoins, livraisons, distribution",
                          "مليون محفظة: الحاجيات والتسليم والتوزيع", "schoolbags"),
    "tayssir-transfers": Campaign("tayssir-transfers", "Tayssir : transferts, retenues et plaintes",
                                  "تيسير: التحويلات والاقتطاعات والشكايات", "tayssir"),
    "grant-lists": Campaign("grant-lists", "Bourses : listes classées, quotas et budget",
                            "المنح: اللوائح المرتبة والحصص والميزانية", "grants"),
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
    campaign: Campaign | None = None

    def approval_note(self):
        """The report's statement of how many schools' data was approved, and whether only theirs is counted."""
        from workbench import report
        from workbench.access.validation import approval_counts

        if self.campaign is None:
            return None
        with self.engine.connect() as connection:
            approved, schools = approval_counts(connection, self.scope, self.year, self.campaign.dataset)
        if self.scope.approved:
            return report.note(f"Données validées uniquement : {approved} établissement(s) sur {schools} dont les "
                               "données sont validées sont comptés.",
                               f"المعطيات المصادق عليها فقط: احتسبت {approved} مؤسسة من أصل {schools}.")
        return report.note(f"Validation des données : {approved} établissement(s) sur {schools} ont des données "
                           "validées ; ce rapport compte toutes les données saisies.",
                           f"المصادقة على المعطيات: {approved} مؤسسة من أصل {schools} صودق على معطياتها؛ "
                           "يحتسب هذا التقرير كل المعطيات المدخلة.")


def open_run(db_url: str, year: str, region: str = "", province: str = "", school: str = "",
             out_dir: str = ".", approved_only: bool = False, campaign: str = "") -> RunContext:
    """Check the parameters a notebook was given and resolve them (called in each notebook's first cell)."""
    engine = make_engine(db_url or None)
    require_schema(engine)
    code = normalise_year(year or config.DEMO_YEAR.value())
    if code is None:
        raise InputError(f"'{year}' is not a school year: use YYYY-YYYY, e.g. 2025-2026.")
    with engine.connect() as connection:
        scope = resolve_scope(connection, region=region or None, province=province or None, school=school or None)
    chosen = get_campaign(campaign) if campaign else None
    if approved_only:
        if chosen is None:
            raise InputError("approved_only needs the campaign's name (its dataset decides which approval counts).")
        scope = scope.only_approved(chosen.dataset, code)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return RunContext(engine, code, scope, out, chosen)
