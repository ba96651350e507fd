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
# # Du décrochage à la deuxième chance / من الانقطاع إلى الفرصة الثانية
#
# What this answers, for the province teams: how many pupils left school during the year or the one before without
# coming back (no transfer, no later enrolment, not in a centre), aged 12-18 on 1 September, and how many places the
# province's second-chance centres have left. Run it with `workbench run e2c-recruitment --year 2025-2026
# --province 0301 --out DIR`; it writes one Arabic workbook per province with the names (for its team only) and
# e2c_recruitment_counts.csv. The report itself gives counts only.

# %% tags=["parameters"]
db_url: str = ""  # SQLAlchemy URL; empty: the WORKBENCH_DB_URL setting (the runner passes it through the environment)
year: str = ""  # school year YYYY-YYYY; empty: the workbench's default year
region: str = ""  # region code or name; all three empty: the whole database
province: str = ""  # province code (e.g. 0301) or name
school: str = ""  # school code (e.g. 12472K)
out_dir: str = "."  # folder of the CSV and Excel files
approved_only: bool = False  # True: only the schools whose data of this campaign is approved

# %%
from workbench import report
from workbench.programmes.e2c_recruitment import outputs
from workbench.run_context import open_run

run = open_run("e2c_recruitment", **globals())  # the parameters above, checked against RunParameters
with run.engine.connect() as connection:
    result = run.compute(connection)
    written = run.write_outputs(connection, result)
title = outputs.label("report.title")
report.title(f"{title.fr} — {run.scope.label_fr} — {run.year}", f"{title.ar} — {run.scope.label_ar} — {run.year}")

# %%
report.key_figures(result.totals(), outputs.KEY_FIGURES)

# %%
report.title(*outputs.label("report.by_province"), level=2)

# %%
report.table(result.by_province(), outputs.PROVINCE_HEADERS)

# %%
report.note(*outputs.label("report.lists"))

# %%
report.note(*outputs.label("report.method"))
