# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["notebook-only"]
# # Vue d'ensemble / نظرة عامة
#
# What this answers: how many pupils a region, province or school has, at which levels, girls and boys, rural and
# urban, and how absences evolve month by month. Run it with `workbench run overview --province 0301`.

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
from workbench.catalogue import Label, text
from workbench.programmes.overview import charts, outputs
from workbench.run_context import open_run

run = open_run("overview", **globals())  # the parameters above, checked against workbench.programme.RunParameters
with run.engine.connect() as connection:
    figures = run.compute(connection)
    written = run.write_outputs(connection, figures)
report.title(*text("overview.report.title", scope=Label(run.scope.label_fr, run.scope.label_ar), year=run.year))

# %%
report.key_figures(figures.totals, outputs.KEY_FIGURES)

# %%
run.approval_note()

# %%
report.title(*text("overview.report.pupils"), level=2)

# %%
report.chart(charts.pupils_by_level, figures)

# %%
report.chart(charts.pupils_by_province, figures)

# %%
report.table(figures.by("province_code", "province_fr", "province_ar"), outputs.PROVINCE_HEADERS)

# %%
report.title(*text("overview.report.absences"), level=2)

# %%
report.chart(charts.absence_rate, figures)

# %%
report.table(figures.absence_by_month, outputs.ABSENCE_HEADERS)

# %%
report.note(*outputs.METHOD)
