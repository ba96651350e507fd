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
# # Complétude de la saisie / استكمال مسك المعطيات
#
# What this answers, for the provincial and regional teams: which schools have entered their timetable, their
# classes' daily absence sheets, the marks of the tests held and their pupils' guardians' CINs, as of a date; who
# is late, by province and dataset, and how the absence sheets' completion went month by month. Run it with
# `workbench run data-entry --province 0301 --as-of 2026-03-15`; it writes entry_completion.csv and
# entry_reminders.csv (the late rows, with the director's name and the reminder in each language) beside the
# report. The report names schools, never a person.

# %% tags=["parameters"]
db_url: str = ""  # SQLAlchemy URL; empty: the WORKBENCH_DB_URL setting (the runner passes it through the environment)
year: str = ""  # school year YYYY-YYYY; empty: the workbench's default year
region: str = ""  # region code or name; all three empty: the whole database
province: str = ""  # province code (e.g. 0301) or name
school: str = ""  # school code (e.g. 12472K)
out_dir: str = "."  # folder of the CSV and Excel files
approved_only: bool = False  # True: only the schools whose data of this campaign is approved
as_of: str = ""  # date YYYY-MM-DD the completion is measured on; empty: today, within the school year

# %%
from workbench import report
from workbench.catalogue import Label, text
from workbench.programmes.data_entry import charts, outputs
from workbench.run_context import open_run

run = open_run("data_entry", **globals())  # the parameters above, checked against DataEntryParameters
with run.engine.connect() as connection:
    result = run.compute(connection)
    written = run.write_outputs(connection, result)
report.title(*text("data_entry.report.title", scope=Label(run.scope.label_fr, run.scope.label_ar), year=run.year,
                   as_of=result.as_of.isoformat()))

# %%
report.key_figures(result.totals(), outputs.KEY_FIGURES)

# %%
report.table(result.by_dataset(), outputs.DATASET_HEADERS, outputs.CODES)

# %%
report.title(*outputs.label("report.by_province"), level=2)

# %%
report.chart(charts.by_province, result.by_province())

# %%
report.table(result.by_province(), outputs.PROVINCE_HEADERS, outputs.CODES)

# %%
report.title(*outputs.label("report.behind"), level=2)

# %%
report.table(result.behind(), outputs.BEHIND_HEADERS)

# %%
report.title(*outputs.label("report.trend"), level=2)

# %%
report.chart(charts.trend, result.trend())

# %%
report.table(result.trend(), outputs.TREND_HEADERS)

# %%
report.note(*outputs.label("report.method"))
