"""Grant files: grant_list.csv (a contract), the changes since publication, and a committee workbook per province."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.excel import lay_out
from workbench.programmes.grants.compute import GrantLists

LIST_CSV = "grant_list.csv"
CHANGES_CSV = "grant_changes.csv"
TYPE_LABELS = {"boarding_full": ("Internat", "منحة داخلية كاملة"), "boarding_half": ("Demi-pension", "نصف منحة"),
               "canteen": ("Cantine", "منحة المطعم"), "lower_secondary": ("Bourse du collège", "منحة السلك الإعدادي")}
DECISION_LABELS = {"granted": "ممنوح", "waiting_list": "لائحة الانتظار", "not_granted": "غير ممنوح",
                   "ineligible": "غير مؤهل"}
COMMITTEE_HEADERS = {
    "rank": "الرتبة", "massar_code": "رقم التلميذ", "last_name_ar": "النسب", "first_name_ar": "الإسم",
    "school_code": "رمز المؤسسة", "score": "النقطة", "distance_km": "المسافة (كلم)", "decision_ar": "القرار",
}
SUMMARY_HEADERS = {
    "province_fr": ("Province", "الإقليم (fr)"), "province_ar": ("Province (ar)", "الإقليم"),
    "grant_type": ("Bourse", "المنحة"), "places": ("Places", "المقاعد"), "applicants": ("Demandes", "الطلبات"),
    "eligible": ("Éligibles", "المؤهلون"), "granted": ("Accordées", "الممنوحة"),
    "waiting_list": ("Liste d'attente", "لائحة الانتظار"),
}
BUDGET_HEADERS = {
    "province_fr": ("Province", "الإقليم"), "grant_type": ("Bourse", "المنحة"), "granted": ("Boursiers", "الممنوحون"),
    "quarter_amount_mad": ("Montant par trimestre", "المبلغ في الدورة"),
    "quarter_cost_mad": ("Coût par trimestre (MAD)", "الكلفة في الدورة (درهم)"),
}
CHANGE_HEADERS = {
    "province_code": ("Province", "الإقليم"), "grant_type": ("Bourse", "المنحة"),
    "published": ("Décision publiée", "القرار المنشور"), "now": ("Décision actuelle", "القرار الحالي"),
}
KEY_FIGURES = {
    "places": ("Places", "المقاعد"), "applicants": ("Demandes", "الطلبات"), "eligible": ("Éligibles", "المؤهلون"),
    "granted": ("Bourses accordées", "المنح الممنوحة"), "waiting_list": ("Liste d'attente", "لائحة الانتظار"),
    "quarter_budget_mad": ("Budget par trimestre (MAD)", "الميزانية في الدورة (درهم)"),
    "changes": ("Changements depuis publication", "التغييرات منذ النشر"),
}
GRANTED_BY_SEX_HEADERS = {"grant_type": ("Bourse", "المنحة"), "sex": ("Sexe", "الجنس"),
                          "granted": ("Accordées", "الممنوحة")}
GRANTED_BY_MILIEU_HEADERS = {"grant_type": ("Bourse", "المنحة"), "milieu": ("Milieu", "الوسط"),
                             "granted": ("Accordées", "الممنوحة")}
METHOD = (
    "Méthode : éligible si l'élève est inscrit cette année à un niveau servi par la bourse (internat, demi-pension, "
    "cantine : collège et lycée ; bourse du collège : collège). Score de la grille de l'année (pauvreté, distance "
    "plafonnée, orphelin, handicap, moyenne). Classement par province et type : score, puis distance, puis classe de "
    "revenu, puis code Massar. Les premières places sont accordées, puis une liste d'attente (part des places fixée par "
    "la grille) ; une bourse d'internat exige un lit libre dans l'internat de l'établissement. Aucun nom dans ce rapport.",
    "المنهجية: يكون الطلب مؤهلا إذا كان التلميذ مسجلا هذه السنة في مستوى تخدمه المنحة. تحسب النقطة حسب شبكة السنة، ويرتب "
    "المترشحون حسب الإقليم ونوع المنحة، وتمنح المقاعد الأولى ثم لائحة الانتظار، وتشترط منحة الداخلية سريرا شاغرا بداخلية المؤسسة.",
)


def write_list(lists: GrantLists, out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    grant_list, changes = out_dir / LIST_CSV, out_dir / CHANGES_CSV
    lists.grant_list().to_csv(grant_list, index=False)
    lists.changes().to_csv(changes, index=False)
    return [grant_list, changes]


def write_committee_workbooks(lists: GrantLists, names: pd.DataFrame, out_dir: Path) -> list[Path]:
    """One workbook per province: a sheet per grant type in rank order, Arabic headers, lines to sign."""
    frame = lists.in_scope().merge(names, on="massar_code", how="left")
    frame["decision_ar"] = frame["decision"].map(DECISION_LABELS)
    written = []
    for code, province in frame[frame["province_code"].notna()].groupby("province_code"):
        path = Path(out_dir) / f"committee_{code}.xlsx"
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for grant_type, rows in province.groupby("grant_type"):
                rows = rows.sort_values("rank", na_position="last")
                sheet = TYPE_LABELS[grant_type][1][:31]
                rows[list(COMMITTEE_HEADERS)].rename(columns=COMMITTEE_HEADERS).to_excel(
                    writer, sheet_name=sheet, index=False, startrow=2)
                ws = writer.sheets[sheet]
                ws["A1"] = f"لائحة {TYPE_LABELS[grant_type][1]} — {lists.year} — الإقليم {code}"
                end = len(rows) + 5
                for offset, role in enumerate(("رئيس اللجنة", "ممثل المديرية الإقليمية", "ممثل جمعية الآباء")):
                    ws.cell(row=end + offset * 2, column=2, value=f"{role}: ........................  التوقيع:")
            lay_out(writer.book, width=18, freeze_header=False)  # the header is below the list's title
        written.append(path)
    return written
