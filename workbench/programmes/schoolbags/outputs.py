"""The kit-needs files: kit_needs.csv (a contract for other tools) and the order workbook, one sheet per province."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.catalogue import headers, text
from workbench.excel import Sheet, write_workbook
from workbench.exports import write_csv
from workbench.programmes.schoolbags.compute import KitNeedsResult
from workbench.programmes.schoolbags.logic import NEEDS_COLUMNS
from workbench.report import headed

NEEDS_CSV = "kit_needs.csv"
ORDER_WORKBOOK = "kit_orders.xlsx"
ORDER_HEADERS = headers("schoolbags", "school_code", "school_fr", "school_ar", "item_code", "item_fr", "item_ar",
                        "required", "usable_stock", "to_order", "surplus", "unit_cost_mad", "cost_mad")
PROVINCE_HEADERS = headers("schoolbags", "province_code", "province_fr", "province_ar", "beneficiaries", "served",
                           "required", "usable_stock", "to_order", "surplus", "transferable",
                           "to_order_after_transfers", "delivered", "still_due", "cost_mad")
SCHOOL_HEADERS = headers("schoolbags", ("school_code", "schoolbags.school.school_code"), "name_fr", "name_ar",
                         "milieu", "beneficiaries", ("served", "schoolbags.school.served"), "to_order", "surplus",
                         "delivered", "cost_mad")
TRANSFER_HEADERS = headers("schoolbags", "province_code", ("item_code", "schoolbags.transfer.item_code"),
                           "from_school", "to_school", "quantity")
KEY_FIGURES = headers("schoolbags", ("beneficiaries", "schoolbags.key_figures.beneficiaries"), ("served",
                      "schoolbags.key_figures.served"), ("to_order", "schoolbags.key_figures.to_order"),
                      ("usable_stock", "schoolbags.key_figures.usable_stock"), "surplus", ("transferable",
                      "schoolbags.key_figures.transferable"), ("delivered", "schoolbags.key_figures.delivered"),
                      "cost_mad")
METHOD = text("schoolbags.method")


def order_lines(result: KitNeedsResult) -> pd.DataFrame:
    items = result.items[["item_code", "name_fr", "name_ar"]].rename(columns={"name_fr": "item_fr",
                                                                            "name_ar": "item_ar"})
    schools = result.schools[["school_code", "name_fr", "name_ar", "province_code", "province_fr"]].rename(
        columns={"name_fr": "school_fr", "name_ar": "school_ar"})
    return result.progress.merge(items, on="item_code").merge(schools, on="school_code").sort_values(
        ["province_code", "school_code", "item_code"])


def write_needs_csv(result: KitNeedsResult, out_dir: Path) -> Path:
    path = Path(out_dir) / NEEDS_CSV
    write_csv(result.needs[NEEDS_COLUMNS], path)
    return path


def order_sheets(result: KitNeedsResult) -> list[Sheet]:
    """The order workbook's sheets: one per province (its French name), Arabic and French headers."""
    lines = order_lines(result)
    sheets = [Sheet(f"{code} {name}", headed(group, ORDER_HEADERS))
              for (code, name), group in lines.groupby(["province_code", "province_fr"])]
    return sheets or [Sheet("Commande", headed(pd.DataFrame(columns=list(ORDER_HEADERS)), ORDER_HEADERS))]


def write_order_workbook(result: KitNeedsResult, target) -> None:
    """The order workbook, right-to-left, written to `target`: a path or a binary buffer (the app's download
    button)."""
    write_workbook(target, order_sheets(result))
