# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.7
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["notebook-only"]
# # Bulletins de notes / بيانات النقط
#
# What this answers: how the pupils of a region, province or school did in a semester: how many have an average and
# a rank, the semester averages' distribution by level, the subjects' means and the exams beside (counts only: no
# name, no Massar code). Run it with `workbench run report-cards --year 2025-2026 --semester 1 --school 12472K`;
# it writes report_cards.csv (one row per pupil and subject) and one PDF per class (a page per pupil) beside the
# report: those files name pupils and go to the schools, never in a manager's report.

# %% tags=["parameters"]
db_url: str = ""  # SQLAlchemy URL; empty: the WORKBENCH_DB_URL setting (the runner passes it through the environment)
year: str = ""  # school year YYYY-YYYY; empty: the workbench's default year
region: str = ""  # region code or name; all three empty: the whole database
province: str = ""  # province code (e.g. 0301) or name
school: str = ""  # school code (e.g. 12472K)
out_dir: str = "."  # folder of the CSV and Excel files
approved_only: bool = False  # True: only the schools whose data of this campaign is approved
semester: int = 1  # semester of the report cards: 1 or 2

# %%
from workbench import report
from workbench.catalogue import Label, text
from workbench.programmes.report_cards import outputs
from workbench.run_context import open_run

run = open_run("report_cards", **globals())  # the parameters above, checked against ReportCardsParameters
with run.engine.connect() as connection:
    result = run.compute(connection)
    written = run.write_outputs(connection, result)
scope = Label(run.scope.label_fr, run.scope.label_ar)
report.title(*text("report_cards.report.title", scope=scope, semester=result.semester, year=run.year))

# %%
run.approval_note()

# %%
report.key_figures(result.totals(), outputs.KEY_FIGURES)

# %%
report.title(*outputs.label("report.by_level"), level=2)

# %%
report.table(result.by_level(), outputs.LEVEL_HEADERS)

# %%
report.title(*outputs.label("report.by_subject"), level=2)

# %%
report.table(result.by_subject(), outputs.SUBJECT_HEADERS)

# %%
report.title(*outputs.label("report.exams"), level=2)

# %%
report.table(result.exams_by_kind(), outputs.EXAM_HEADERS, outputs.CODES)

# %%
report.note(*outputs.label("report.method"))
