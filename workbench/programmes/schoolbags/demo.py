"""Synthetic One Million Schoolbags data: a plausible catalogue and kit per level, and a year's activity.

The kit follows what was reported for 2011-12 (programmes.md): a full kit in 1st primary everywhere,
textbooks and supplies in rural areas, textbooks only in towns. Prices are invented.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from workbench.bulk import insert_frame
from workbench.demo.generate import DemoData
from workbench.programmes.schoolbags.logic import kit_needs, kit_per_milieu
from workbench.programmes.schoolbags.models import (
    Delivery,
    Distribution,
    KitComposition,
    KitExclusion,
    KitItem,
    ReturnedBook,
)

PRIMARY_SUBJECTS = {
    "AR": ("Langue arabe", "اللغة العربية", 18), "FR": ("Langue française", "اللغة الفرنسية", 18),
    "MA": ("Mathématiques", "الرياضيات", 20), "IS": ("Éducation islamique", "التربية الإسلامية", 14),
    "SC": ("Activité scientifique", "النشاط العلمي", 16),
}
UPPER_PRIMARY_SUBJECTS = {"SS": ("Études sociales", "الاجتماعيات", 15)}
COLLEGE_SUBJECTS = {
    "AR": ("Langue arabe", "اللغة العربية", 28), "FR": ("Langue française", "اللغة الفرنسية", 30),
    "MA": ("Mathématiques", "الرياضيات", 32), "IS": ("Éducation islamique", "التربية الإسلامية", 22),
    "PC": ("Physique-chimie", "الفيزياء والكيمياء", 35), "SV": ("Sciences de la vie et de la Terre",
                                                           "علوم الحياة والأرض", 35),
    "HG": ("Histoire-géographie", "الاجتماعيات", 30), "EN": ("Anglais", "اللغة الإنجليزية", 40),
}
OTHER_ITEMS = [
    ("NB-48", "notebook", None, "Cahier 48 pages", "دفتر 48 صفحة", 2.5),
    ("NB-96", "notebook", None, "Cahier 96 pages", "دفتر 96 صفحة", 4.0),
    ("NB-200", "notebook", None, "Cahier 200 pages", "دفتر 200 صفحة", 9.0),
    ("SP-KIT", "supply", None, "Trousse de fournitures", "لوازم مدرسية", 25.0),
    ("SP-GEO", "supply", None, "Instruments de géométrie", "أدوات الهندسة", 12.0),
    ("BAG", "bag", None, "Cartable", "محفظة", 60.0),
]
EXCLUDED_SHARE = 0.005
PRIMARY = ("1AP", "2AP", "3AP", "4AP", "5AP", "6AP")
COLLEGE = ("1AC", "2AC", "3AC")


def _subjects(level: str) -> dict[str, tuple[str, str, int]]:
    if level in COLLEGE:
        return COLLEGE_SUBJECTS
    return {**PRIMARY_SUBJECTS, **(UPPER_PRIMARY_SUBJECTS if level in ("5AP", "6AP") else {})}


def catalogue(levels: pd.DataFrame) -> pd.DataFrame:
    names = levels.set_index("code")
    rows = [(f"TB-{level}-{code}", "textbook", fr, f"{fr} — {names.loc[level, 'name_fr']}",
             f"{ar} — {names.loc[level, 'name_ar']}", True, float(price))
            for level in PRIMARY + COLLEGE for code, (fr, ar, price) in _subjects(level).items()]
    rows += [(code, kind, subject, fr, ar, False, price) for code, kind, subject, fr, ar, price in OTHER_ITEMS]
    return pd.DataFrame(rows, columns=["item_code", "kind", "subject", "name_fr", "name_ar", "reusable",
                                       "unit_cost_mad"])


def composition(year: str) -> pd.DataFrame:
    rows = [(level, "all", f"TB-{level}-{code}", 1) for level in PRIMARY + COLLEGE for code in _subjects(level)]
    rows += [("1AP", "all", "BAG", 1), ("1AP", "all", "NB-48", 6), ("1AP", "all", "SP-KIT", 1)]
    rows += [(level, "rural", item, qty) for level in PRIMARY[1:] for item, qty in (("NB-48", 6), ("SP-KIT", 1))]
    rows += [(level, "rural", item, qty) for level in COLLEGE
             for item, qty in (("NB-96", 6), ("NB-200", 2), ("SP-KIT", 1), ("SP-GEO", 1))]
    return pd.DataFrame(rows, columns=["level_code", "milieu", "item_code", "quantity"]).assign(year=year)


def exclusions(year: str, enrolments: pd.DataFrame, draws: np.ndarray | None) -> pd.DataFrame:
    """Pupils an operator excluded from the programme: one in 200, marked by the demo's draw per enrolment."""
    excluded = (draws < EXCLUDED_SHARE) if draws is not None else np.zeros(len(enrolments), dtype=bool)
    return pd.DataFrame({"year": year, "massar_code": enrolments["massar_code"].to_numpy()[excluded]})


def activity(seed: int, year: str, enrolments: pd.DataFrame, schools: pd.DataFrame, communes: pd.DataFrame,
             items: pd.DataFrame, kit: pd.DataFrame, excluded: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Returned books, deliveries and distributions for the beneficiaries of `enrolments` (less the `excluded`)."""
    rng = np.random.default_rng([seed, 5])
    school_info = schools.rename(columns={"code": "school_code"}).merge(
        communes[["code", "milieu"]].rename(columns={"code": "commune_code"}), on="commune_code")
    eligible = school_info[(school_info["sector"] == "public")
                           & school_info["cycle"].isin(["primary", "lower_secondary"])]
    kept = ~enrolments["massar_code"].isin(excluded["massar_code"]) if excluded is not None else True
    pupils = enrolments[enrolments["left_on"].isna() & kept].merge(
        eligible[["school_code", "milieu"]], on="school_code")
    beneficiaries = pupils.groupby(["school_code", "level_code", "milieu"], as_index=False).size().rename(
        columns={"size": "beneficiaries"})

    # Last year's cohort (smaller or larger than this year's) hands its copies back; a share is still usable.
    textbooks = beneficiaries.merge(kit_per_milieu(kit), on=["level_code", "milieu"])
    textbooks = textbooks[textbooks["item_code"].str.startswith("TB-")]
    cohort = np.round(textbooks["beneficiaries"].to_numpy() * rng.uniform(0.7, 1.6, len(textbooks))).astype(np.int64)
    returned = rng.binomial(cohort, rng.uniform(0.6, 0.95, len(textbooks)))
    usable = rng.binomial(returned, rng.uniform(0.5, 0.9, len(textbooks)))
    returned_books = pd.DataFrame({"year": year, "school_code": textbooks["school_code"].to_numpy(),
                                   "item_code": textbooks["item_code"].to_numpy(), "returned": returned,
                                   "usable": usable})

    needs = kit_needs(beneficiaries, kit, returned_books, set(items.loc[items["reusable"], "item_code"]))
    schools_served = pd.DataFrame({"school_code": beneficiaries["school_code"].unique()})
    schools_served["share"] = rng.choice([0.0, 0.7, 1.0], size=len(schools_served), p=[0.2, 0.5, 0.3])
    due = needs[needs["to_order"] > 0].merge(schools_served, on="school_code")
    due = due[due["share"] > 0]
    deliveries = pd.DataFrame({
        "year": year, "school_code": due["school_code"].to_numpy(), "item_code": due["item_code"].to_numpy(),
        "delivered_on": pd.Timestamp(f"{year[:4]}-09-01") + pd.to_timedelta(rng.integers(0, 25, len(due)), "D"),
        "quantity": np.ceil(due["to_order"].to_numpy() * due["share"].to_numpy()).astype(np.int64),
        "supplier": rng.choice(["Imprimerie Annajah", "Dar Attaqafa", "Librairie Al Maarif"], len(due)),
    })
    reached = pupils.merge(schools_served, on="school_code")
    reached = reached[rng.random(len(reached)) < 0.85 * (reached["share"] > 0)]
    distributions = pd.DataFrame({
        "year": year, "massar_code": reached["massar_code"].to_numpy(),
        "school_code": reached["school_code"].to_numpy(),
        "delivered_on": pd.Timestamp(f"{year[:4]}-09-15") + pd.to_timedelta(rng.integers(0, 30, len(reached)), "D"),
        "complete": rng.random(len(reached)) < 0.9,
    })
    return {"returned_books": returned_books, "deliveries": deliveries, "distributions": distributions}



def build(connection: Connection, data: DemoData) -> dict[str, int]:
    """The demo's catalogue, kit composition, excluded pupils, returned textbooks, deliveries and distributions."""
    items = catalogue(data.levels)
    kit = composition(data.year)
    excluded = exclusions(data.year, data.frames.enrolments, data.frames.enrolment_draws)
    counts = {"kit_items": insert_frame(connection, KitItem.__table__, items),
              "kit_composition": insert_frame(connection, KitComposition.__table__, kit),
              "kit_exclusions": insert_frame(connection, KitExclusion.__table__, excluded)}
    done = activity(data.seed, data.year, data.frames.enrolments, data.frames.schools, data.frames.communes, items, kit,
                    excluded)
    counts["returned_books"] = insert_frame(connection, ReturnedBook.__table__, done["returned_books"])
    counts["deliveries"] = insert_frame(connection, Delivery.__table__, done["deliveries"])
    counts["distributions"] = insert_frame(connection, Distribution.__table__, done["distributions"])
    return counts
