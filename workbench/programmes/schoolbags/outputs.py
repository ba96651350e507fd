"""The kit-needs files: kit_needs.csv (a contract for other tools) and the order workbook, one sheet per province."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.excel import lay_out
from workbench.programmes.schoolbags.compute import KitNeedsResult
from workbench.programmes.schoolbags.logic import NEEDS_COLUMNS
from workbench.report import headed

NEEDS_CSV = "kit_needs.csv"
ORDER_WORKBOOK = "kit_orders.xlsx"
ORDER_HEADERS = {
    "school_code": ("Code établissement", "رمز المؤسسة"), "school_fr": ("Établissement", "المؤسسة (fr)"),
    "school_ar": ("Établissement (ar)", "المؤسسة"), "item_code": ("Code article", "رمز الصنف"),
    "item_fr": ("Article", "الصنف (fr)"), "item_ar": ("Article (ar)", "الصنف"), "required": ("Besoin", "الحاجيات"),
    "usable_stock": ("Stock réutilisable", "المخزون الصالح"), "to_order": ("À commander", "الكمية المطلوبة"),
    "surplus": ("Surplus", "الفائض"), "unit_cost_mad": ("Prix unitaire (MAD)", "الثمن الأحادي (درهم)"),
    "cost_mad": ("Coût (MAD)", "الكلفة (درهم)"),
}
PROVINCE_HEADERS = {
    "province_code": ("Code", "الرمز"), "province_fr": ("Province", "الإقليم (fr)"), "province_ar": ("Province (ar)", "الإقليم"),
    "beneficiaries": ("Bénéficiaires", "المستفيدون"), "served": ("Élèves servis", "التلاميذ المستفيدون فعلا"),
    "required": ("Besoin", "الحاجيات"), "usable_stock": ("Stock réutilisable", "المخزون الصالح"),
    "to_order": ("À commander", "الكمية المطلوبة"), "surplus": ("Surplus", "الفائض"),
    "transferable": ("Transférable", "القابل للتحويل"),
    "to_order_after_transfers": ("À commander après transferts", "المطلوب بعد التحويلات"),
    "delivered": ("Livré", "المسلم"), "still_due": ("Reste à livrer", "الباقي للتسليم"), "cost_mad": ("Coût (MAD)", "الكلفة (درهم)"),
}
SCHOOL_HEADERS = {
    "school_code": ("Code", "الرمز"), "name_fr": ("Établissement", "المؤسسة (fr)"), "name_ar": ("Établissement (ar)", "المؤسسة"),
    "milieu": ("Milieu", "الوسط"), "beneficiaries": ("Bénéficiaires", "المستفيدون"), "served": ("Servis", "المستفيدون فعلا"),
    "to_order": ("À commander", "الكمية المطلوبة"), "surplus": ("Surplus", "الفائض"), "delivered": ("Livré", "المسلم"),
    "cost_mad": ("Coût (MAD)", "الكلفة (درهم)"),
}
TRANSFER_HEADERS = {
    "province_code": ("Province", "الإقليم"), "item_code": ("Article", "الصنف"),
    "from_school": ("De l'établissement", "من المؤسسة"), "to_school": ("Vers l'établissement", "إلى المؤسسة"),
    "quantity": ("Quantité", "الكمية"),
}
KEY_FIGURES = {
    "beneficiaries": ("Élèves bénéficiaires", "التلاميذ المستفيدون"), "served": ("Élèves servis", "التلاميذ الذين تسلموا"),
    "to_order": ("Exemplaires à commander", "النسخ المطلوبة"), "usable_stock": ("Manuels réutilisables", "الكتب الصالحة"),
    "surplus": ("Surplus", "الفائض"), "transferable": ("Transférables entre écoles", "القابل للتحويل بين المؤسسات"),
    "delivered": ("Livrés", "المسلمة"), "cost_mad": ("Coût (MAD)", "الكلفة (درهم)"),
}
METHOD = (
    "Méthode : bénéficiaires = élèves inscrits (non partis, non exclus) des écoles et collèges publics ; besoin = "
    "bénéficiaires × quantités du kit de leur niveau et milieu ; stock = manuels rendus et réutilisables ; à commander = "
    "max(0, besoin − stock) ; surplus = max(0, stock − besoin). Les totaux additionnent les établissements sans "
    "compenser le surplus d'une école par le manque d'une autre ; les transferts proposés (du plus grand surplus vers le "
    "plus grand besoin, dans la province) sont présentés à part. Aucune donnée personnelle.",
    "المنهجية: المستفيدون = التلاميذ المسجلون (غير المغادرين وغير المستثنين) بالمدارس والإعداديات العمومية؛ الحاجيات = عدد "
    "المستفيدين × كميات عدة مستواهم ووسطهم؛ المخزون = الكتب المرجعة الصالحة؛ المطلوب = الحاجيات ناقص المخزون إن كان موجبا؛ "
    "الفائض = المخزون ناقص الحاجيات إن كان موجبا. المجاميع تجمع المؤسسات دون مقاصة، والتحويلات المقترحة داخل الإقليم معروضة على حدة.",
)


def order_lines(result: KitNeedsResult) -> pd.DataFrame:
    items = result.items[["item_code", "name_fr", "name_ar"]].rename(columns={"name_fr": "item_fr",
                                                                            "name_ar": "item_ar"})
    schools = result.schools[["school_code", "name_fr", "name_ar", "province_code", "province_fr"]].rename(
        columns={"name_fr": "school_fr", "name_ar": "school_ar"})
    return result.progress.merge(items, on="item_code").merge(schools, on="school_code").sort_values(
        ["province_code", "school_code", "item_code"])


def write_needs_csv(result: KitNeedsResult, out_dir: Path) -> Path:
    path = Path(out_dir) / NEEDS_CSV
    result.needs[NEEDS_COLUMNS].to_csv(path, index=False)
    return path


def write_order_workbook(result: KitNeedsResult, target) -> None:
    """One sheet per province (its French name), Arabic and French headers, right-to-left; `target` is a path
    or a binary buffer (the app's download button)."""
    lines = order_lines(result)
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        if lines.empty:
            headed(pd.DataFrame(columns=list(ORDER_HEADERS)), ORDER_HEADERS).to_excel(
                writer, sheet_name="Commande", index=False)
        for (code, name), group in lines.groupby(["province_code", "province_fr"]):
            sheet = f"{code} {name}"[:31].replace("/", "-")
            headed(group, ORDER_HEADERS).to_excel(writer, sheet_name=sheet, index=False)
        lay_out(writer.book)


def write_outputs(result: KitNeedsResult, out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    workbook = out_dir / ORDER_WORKBOOK
    write_order_workbook(result, workbook)
    return [write_needs_csv(result, out_dir), workbook]
