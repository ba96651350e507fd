"""The recruitment's files: one Arabic workbook per province for its team (e2c_recruitment_<province>.xlsx: the
dropouts with their last school and level and the centres suggested, then the centres with places left; personal
data, one province each), and e2c_recruitment_counts.csv (counts per province, no personal data: what the report
shows)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from workbench.catalogue import Label, headers, text
from workbench.excel import Sheet, write_workbook
from workbench.exports import write_csv
from workbench.programmes.e2c_recruitment.campaign import Recruitment

NS = "e2c_recruitment"
COUNTS_CSV = "e2c_recruitment_counts.csv"
COUNT_COLUMNS = ["province_code", "dropouts", "girls", "boys", "aged_12_14", "aged_15_18", "centres", "places_left"]
PUPIL_HEADERS = headers(NS, "massar_code", "last_name_ar", "first_name_ar", "last_name_fr", "first_name_fr",
                        "sex_ar", "birth_date", "age", "school_code", "school_ar", "commune_ar", "level_ar",
                        "left_year", "left_on", "centres_ar", "centres_codes")
CENTRE_HEADERS = headers(NS, "centre_code", "name_ar", "name_fr", "capacity", "enrolled", "places_left")
PROVINCE_HEADERS = headers(NS, "province_fr", "province_ar", *COUNT_COLUMNS[1:])
KEY_FIGURES = headers(NS, "dropouts", "girls", "boys", "centres", "places_left")


def label(key: str) -> Label:
    return text(f"{NS}.{key}")


def _arabic(frame: pd.DataFrame, labels: dict[str, Label]) -> pd.DataFrame:
    """The columns of `labels`, headed in Arabic, dates as YYYY-MM-DD, empty cells empty."""
    shown = frame[list(labels)].copy()
    for column in shown:
        if pd.api.types.is_datetime64_any_dtype(shown[column]):
            shown[column] = shown[column].dt.strftime("%Y-%m-%d")
    shown = shown.astype(object).where(shown.notna(), "")
    return shown.rename(columns={column: label_.ar for column, label_ in labels.items()})


def province_sheets(result: Recruitment, province: str) -> list[Sheet]:
    pupils = result.pupils[result.pupils["province_code"] == province]
    pupils = pupils.assign(sex_ar=pupils["sex"].map(lambda s: text(f"{NS}.sex.{s}").ar if s in ("F", "M") else ""))
    names = result.provinces.set_index("province_code")
    title = label("workbook.title").format(province=names.loc[province, "province_ar"] if province in names.index
                                           else province, year=result.year)
    centres = result.centres[result.centres["province_code"] == province]
    return [Sheet(label("workbook.pupils").ar, _arabic(pupils, PUPIL_HEADERS), title=title.ar, header_row=2),
            Sheet(label("workbook.centres").ar, _arabic(centres, CENTRE_HEADERS), title=title.ar, header_row=2)]


def write_outputs(result: Recruitment, out_dir: Path) -> list[Path]:
    """The counts CSV, then one workbook per province with dropouts (right to left, Arabic headers)."""
    out_dir = Path(out_dir)
    counts = out_dir / COUNTS_CSV
    write_csv(result.by_province()[COUNT_COLUMNS], counts)
    written = [counts]
    for province in sorted(result.pupils["province_code"].dropna().unique()):
        path = out_dir / f"e2c_recruitment_{province}.xlsx"
        write_workbook(path, province_sheets(result, province), right_to_left=True, width=18, freeze_header=False)
        written.append(path)
    return written
