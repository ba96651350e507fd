"""Writes the campaign notebooks from their cell sources (kept as code so that diffs stay readable).

Run `python notebooks/_build.py` after editing a cell; the notebooks are committed without outputs.
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).parent
KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
          "language_info": {"name": "python"}}

PARAMETERS = '''db_url: str = ""  # SQLAlchemy URL; empty: WORKBENCH_DB_URL or data/workbench.db
year: str = ""  # school year YYYY-YYYY; empty: the workbench's default year
region: str = ""  # region code or name; all three empty: the whole database
province: str = ""  # province code (e.g. 0301)
school: str = ""  # school code (e.g. 27783Y)
out_dir: str = "."  # folder for the CSV and Excel files
approved_only: bool = False  # True: only the schools whose data of this campaign is approved'''

OVERVIEW = [
    new_markdown_cell("# Vue d'ensemble / نظرة عامة\n\n"
                      "What this answers: how many pupils a region, province or school has, at which levels, girls "
                      "and boys, rural and urban, and how absences evolve month by month. Run it with "
                      "`workbench run overview --province 0301`.", metadata={"tags": ["notebook-only"]}),
    new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]}),
    new_code_cell('from workbench import report\n'
                  'from workbench.campaigns import open_run\n'
                  'from workbench.campaigns.overview import charts, logic, outputs\n\n'
                  'run = open_run(db_url, year, region, province, school, out_dir, approved_only, "overview")\n'
                  'with run.engine.connect() as connection:\n'
                  '    figures = logic.compute(connection, run.scope, run.year)\n'
                  'report.title(f"Vue d\'ensemble — {run.scope.label_fr} — {run.year}",\n'
                  '             f"نظرة عامة — {run.scope.label_ar} — {run.year}")'),
    new_code_cell("report.key_figures(figures.totals, outputs.KEY_FIGURES)"),
    new_code_cell("run.approval_note()"),
    new_code_cell('report.title("Effectifs", "أعداد التلاميذ", level=2)'),
    new_code_cell("report.chart(charts.pupils_by_level(figures))"),
    new_code_cell("report.chart(charts.pupils_by_province(figures))"),
    new_code_cell('report.table(figures.by("province_code", "province_fr", "province_ar"), outputs.PROVINCE_HEADERS)'),
    new_code_cell('report.title("Absences", "الغياب", level=2)'),
    new_code_cell("report.chart(charts.absence_rate(figures))"),
    new_code_cell("report.table(figures.absence_by_month, outputs.ABSENCE_HEADERS)"),
    new_code_cell("written = outputs.write_outputs(figures, run.out_dir)\n"
                  "report.note(*outputs.METHOD)"),
]

KIT_NEEDS = [
    new_markdown_cell("# Besoins en kits — Un million de cartables / حاجيات المبادرة الملكية مليون محفظة\n\n"
                      "What this answers: how many textbooks, notebooks and supplies each school must order for its "
                      "beneficiary pupils once usable returned textbooks are counted, which schools have surplus to "
                      "pass on inside their province, and how far deliveries and distribution have gone. Run it with "
                      "`workbench run kit-needs --province 0301 --out DIR`.", metadata={"tags": ["notebook-only"]}),
    new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]}),
    new_code_cell('from workbench import report\n'
                  'from workbench.campaigns import open_run\n'
                  'from workbench.campaigns.kit_needs import charts, compute, outputs\n\n'
                  'run = open_run(db_url, year, region, province, school, out_dir, approved_only, "kit-needs")\n'
                  'with run.engine.connect() as connection:\n'
                  '    result = compute.compute(connection, run.scope, run.year)\n'
                  'report.title(f"Un million de cartables — {run.scope.label_fr} — {run.year}",\n'
                  '             f"مليون محفظة — {run.scope.label_ar} — {run.year}")'),
    new_code_cell("report.key_figures(result.totals(), outputs.KEY_FIGURES)"),
    new_code_cell("run.approval_note()"),
    new_code_cell('report.title("Besoins, stock et surplus par province", "الحاجيات والمخزون والفائض حسب الإقليم", level=2)'),
    new_code_cell("report.chart(charts.needs_by_province(result))"),
    new_code_cell("report.table(result.by_province(), outputs.PROVINCE_HEADERS)"),
    new_code_cell('report.title("Livraisons et distribution", "التسليم والتوزيع", level=2)'),
    new_code_cell("report.chart(charts.delivery_progress(result))"),
    new_code_cell('report.title("Établissements aux plus grands besoins", "المؤسسات ذات الحاجيات الأكبر", level=2)'),
    new_code_cell('report.table(result.by_school().nlargest(30, "to_order"), outputs.SCHOOL_HEADERS)'),
    new_code_cell('report.title("Transferts de surplus proposés", "تحويلات الفائض المقترحة", level=2)'),
    new_code_cell('report.table(result.transfers.nlargest(40, "quantity"), outputs.TRANSFER_HEADERS)'),
    new_code_cell("written = outputs.write_outputs(result, run.out_dir)\n"
                  "report.note(*outputs.METHOD)"),
]

TAYSSIR = [
    new_markdown_cell("# Tayssir — transferts monétaires conditionnels / برنامج تيسير للتحويلات المالية المشروطة\n\n"
                      "What this answers: which pupil-months are paid, withheld for absences, capped or not eligible; "
                      "what each household receives per payment period (adjustments included); how complaints are "
                      "handled. Run it with `workbench run tayssir-transfers --year 2025-2026 --period P1 --out DIR`.",
                      metadata={"tags": ["notebook-only"]}),
    new_code_cell(PARAMETERS + '\nperiod: str = ""  # payment period (P1, P2, P3 or 2025-2026-P1); empty: the whole year',
                  metadata={"tags": ["parameters"]}),
    new_code_cell('from workbench import report\n'
                  'from workbench.campaigns import open_run\n'
                  'from workbench.campaigns.tayssir import charts, outputs, periods, summary\n\n'
                  'run = open_run(db_url, year, region, province, school, out_dir, approved_only, "tayssir-transfers")\n'
                  'with run.engine.connect() as connection:\n'
                  '    state = periods.compute_year(connection, run.scope, run.year)\n'
                  '    chosen = periods.resolve_period(run.year, period) if period else None\n'
                  '    figures = summary.summarise(connection, state, chosen)\n'
                  '    written = outputs.write_csvs(state, chosen, run.out_dir)\n'
                  '    if chosen:\n'
                  '        outputs.write_payment_list(connection, state, chosen, run.out_dir / outputs.PAYMENT_LIST)\n'
                  'report.title(f"Tayssir — {run.scope.label_fr} — {chosen or run.year}",\n'
                  '             f"تيسير — {run.scope.label_ar} — {chosen or run.year}")'),
    new_code_cell("report.key_figures(figures.totals(), outputs.KEY_FIGURES)"),
    new_code_cell("run.approval_note()"),
    new_code_cell('report.title("Bénéficiaires et montants", "المستفيدون والمبالغ", level=2)'),
    new_code_cell("report.chart(charts.amounts_by_province(figures))"),
    new_code_cell("report.table(figures.by_province(), outputs.PROVINCE_HEADERS)"),
    new_code_cell("report.chart(charts.status_by_month(figures))"),
    new_code_cell('report.title("Par niveau et sexe", "حسب المستوى والجنس", level=2)'),
    new_code_cell("report.table(figures.beneficiaries(), outputs.BENEFICIARY_HEADERS)"),
    new_code_cell('report.title("Plaintes", "الشكايات", level=2)'),
    new_code_cell("report.table(figures.complaints_by_state(), outputs.COMPLAINT_HEADERS)"),
    new_code_cell("report.note(*outputs.METHOD)"),
]

GRANTS = [
    new_markdown_cell("# Bourses — listes classées / المنح — اللوائح المرتبة\n\n"
                      "What this answers: who is granted a boarding, half-board, canteen or lower-secondary grant in "
                      "each province within its places and boarding capacity, who waits, what it costs per quarter, "
                      "and what changed since the lists were published. Run it with "
                      "`workbench run grant-lists --year 2025-2026 --out DIR`.", metadata={"tags": ["notebook-only"]}),
    new_code_cell(PARAMETERS, metadata={"tags": ["parameters"]}),
    new_code_cell('from workbench import report\n'
                  'from workbench.campaigns import open_run\n'
                  'from workbench.campaigns.grants import charts, compute, outputs, queries\n\n'
                  'run = open_run(db_url, year, region, province, school, out_dir, approved_only, "grant-lists")\n'
                  'with run.engine.connect() as connection:\n'
                  '    lists = compute.compute(connection, run.scope, run.year)\n'
                  '    names = queries.applicant_names(connection, run.year)\n'
                  'written = outputs.write_list(lists, run.out_dir)\n'
                  'workbooks = outputs.write_committee_workbooks(lists, names, run.out_dir)\n'
                  'report.title(f"Bourses — {run.scope.label_fr} — {run.year}", f"المنح — {run.scope.label_ar} — {run.year}")'),
    new_code_cell("report.key_figures(lists.totals(), outputs.KEY_FIGURES)"),
    new_code_cell("run.approval_note()"),
    new_code_cell('report.title("Places et bourses accordées", "المقاعد والمنح الممنوحة", level=2)'),
    new_code_cell("report.chart(charts.granted_by_province(lists))"),
    new_code_cell("report.table(lists.summary(), outputs.SUMMARY_HEADERS)"),
    new_code_cell('report.title("Scores", "النقط", level=2)'),
    new_code_cell("report.chart(charts.score_distribution(lists))"),
    new_code_cell('report.table(lists.granted_by("sex"), {"grant_type": ("Bourse", "المنحة"), "sex": ("Sexe", "الجنس"), '
                  '"granted": ("Accordées", "الممنوحة")})'),
    new_code_cell('report.table(lists.granted_by("milieu"), {"grant_type": ("Bourse", "المنحة"), '
                  '"milieu": ("Milieu", "الوسط"), "granted": ("Accordées", "الممنوحة")})'),
    new_code_cell('report.title("Budget par trimestre", "الميزانية في كل دورة", level=2)'),
    new_code_cell("report.table(lists.budget(), outputs.BUDGET_HEADERS)"),
    new_code_cell('report.title("Changements depuis la publication", "التغييرات منذ النشر", level=2)'),
    new_code_cell("report.table(lists.changes(), outputs.CHANGE_HEADERS)"),
    new_code_cell("report.note(*outputs.METHOD)"),
]


def write(name: str, cells: list) -> None:
    notebook = new_notebook(cells=cells, metadata=KERNEL)
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"{name}-{number}"  # stable ids keep rebuilt notebooks byte-identical
    nbformat.write(notebook, HERE / f"{name}.ipynb")


if __name__ == "__main__":
    write("overview", OVERVIEW)
    write("kit-needs", KIT_NEEDS)
    write("tayssir-transfers", TAYSSIR)
    write("grant-lists", GRANTS)
