"""Tayssir files: the two CSV contracts and the payment agent's list, one sheet per province."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, select

from workbench.excel import lay_out
from workbench.models import Guardian
from workbench.programmes.tayssir.models import TayssirEnrolment
from workbench.programmes.tayssir.periods import TayssirYear
from workbench.report import headed

PUPIL_MONTHS_CSV = "tayssir_pupil_months.csv"
TRANSFERS_CSV = "tayssir_transfers.csv"
PAYMENT_LIST = "tayssir_payment_list.xlsx"
PAYMENT_HEADERS = {
    "guardian_cin": ("CIN du bénéficiaire", "رقم البطاقة الوطنية"), "full_name": ("Nom du tuteur", "اسم الولي"),
    "phone": ("Téléphone", "الهاتف"), "period": ("Période", "الفترة"), "pupils_paid": ("Enfants payés", "عدد الأطفال"),
    "months_withheld": ("Mois retenus", "الأشهر الموقوفة"), "amount_mad": ("Montant (MAD)", "المبلغ (درهم)"),
}


def key_figures(household_cap: int) -> dict[str, tuple[str, str]]:
    """The report's cards; the capped months are named with the stored household cap."""
    return {
        "registered": ("Élèves inscrits au programme", "التلاميذ المسجلون"), "households": ("Ménages", "الأسر"),
        "beneficiaries": ("Élèves payés", "التلاميذ المستفيدون"), "paid_months": ("Mois payés", "الأشهر المؤداة"),
        "withheld_months": ("Mois retenus (absences)", "الأشهر الموقوفة (الغياب)"),
        "capped_months": (f"Mois au-delà de {household_cap} enfants", f"أشهر خارج سقف {household_cap} أطفال"),
        "amount_mad": ("Montant (MAD)", "المبلغ (درهم)"), "open_complaints": ("Plaintes ouvertes", "الشكايات المفتوحة"),
    }


BENEFICIARY_HEADERS = {
    "province_fr": ("Province", "الإقليم (fr)"), "province_ar": ("Province (ar)", "الإقليم"), "level_code": ("Niveau", "المستوى"),
    "sex": ("Sexe", "الجنس"), "beneficiaries": ("Bénéficiaires", "المستفيدون"), "amount_mad": ("Montant (MAD)", "المبلغ"),
    "withheld_months": ("Mois retenus", "الأشهر الموقوفة"),
}
PROVINCE_HEADERS = {k: BENEFICIARY_HEADERS[k] for k in ("province_fr", "province_ar", "beneficiaries", "amount_mad",
                                                        "withheld_months")}
COMPLAINT_HEADERS = {
    "kind": ("Type", "النوع"), "state": ("État", "الحالة"), "complaints": ("Plaintes", "الشكايات"),
    "median_days_to_resolve": ("Délai médian (jours)", "المدة الوسيطة (أيام)"),
}
def method(household_cap: int, count_justified: bool) -> tuple[str, str]:
    """The report's statement of the rules, from the year's stored settings (never from constants)."""
    justified_fr = ("absences justifiées comprises" if count_justified
                    else "absences justifiées exclues")
    justified_ar = "بما فيها الغياب المبرر" if count_justified else "دون احتساب الغياب المبرر"
    return (
        "Méthode : un mois est payé si l'élève est inscrit (non parti avant le 1er), à un niveau doté d'un montant, si "
        "le ménage est inscrit au programme avant la fin du mois et si la commune est ciblée ou le ménage a le "
        f"RAMED/RSU, et si ses jours d'absence ne dépassent pas la limite du niveau ({justified_fr}). Au plus "
        f"{household_cap} enfant(s) payé(s) par ménage et par mois (les montants les plus élevés). Une période émise "
        "est figée ; les corrections ultérieures (plainte fondée, absences tardives) deviennent des lignes "
        "d'ajustement de la période suivante, positives ou négatives (récupération). Aucun nom ni CIN dans ce rapport.",
        "المنهجية: يؤدى الشهر إذا كان التلميذ مسجلا (لم يغادر قبل فاتح الشهر) في مستوى له مبلغ، والأسرة مسجلة في البرنامج قبل "
        "نهاية الشهر، والجماعة مستهدفة أو للأسرة بطاقة راميد أو السجل الاجتماعي، ولم تتجاوز أيام غيابه الحد المحدد للمستوى "
        f"({justified_ar}). {household_cap} أطفال على الأكثر لكل أسرة في الشهر. الفترة المصدرة مجمدة، والتصحيحات اللاحقة "
        "تصبح سطور تسوية في الفترة الموالية.",
    )


def write_csvs(state: TayssirYear, period: str | None, out_dir: Path) -> list[Path]:
    out_dir = Path(out_dir)
    months = out_dir / PUPIL_MONTHS_CSV
    state.pupil_months(period).to_csv(months, index=False)
    codes = [period] if period else list(state.periods["code"])
    transfers = out_dir / TRANSFERS_CSV
    pd.concat([state.transfers(c) for c in codes], ignore_index=True).to_csv(transfers, index=False)
    return [months, transfers]


def write_payment_list(connection: Connection, state: TayssirYear, period: str, target) -> None:
    """The payment agent's list for a period: one sheet per province of the household's first child."""
    transfers = state.transfers(period)
    transfers = transfers[transfers["amount_mad"] > 0]
    registered = select(TayssirEnrolment.guardian_cin).where(TayssirEnrolment.year == state.year)
    names = pd.read_sql(select(Guardian.cin.label("guardian_cin"), Guardian.full_name, Guardian.phone).where(
        Guardian.cin.in_(registered)), connection)
    province = state.programme.sort_values("massar_code").drop_duplicates("guardian_cin")[
        ["guardian_cin", "province_code", "province_fr"]]
    lines = transfers.merge(names, on="guardian_cin", how="left").merge(province, on="guardian_cin", how="left")
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        if lines.empty:
            headed(pd.DataFrame(columns=list(PAYMENT_HEADERS)), PAYMENT_HEADERS).to_excel(
                writer, sheet_name="Liste", index=False)
        for (code, name), group in lines.groupby(["province_code", "province_fr"]):
            headed(group, PAYMENT_HEADERS).to_excel(
                writer, sheet_name=f"{code} {name}"[:31], index=False)
        lay_out(writer.book)
