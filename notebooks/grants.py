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
# # Bourses — listes classées / المنح — اللوائح المرتبة
#
# What this answers: who is granted a boarding, half-board, canteen or lower-secondary grant in each province within
# its places and boarding capacity, who waits, what it costs per quarter, and what changed since the lists were
# published. Run it with `workbench run grant-lists --year 2025-2026 --out DIR`.

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
from workbench.programmes.grants import charts, outputs
from workbench.run_context import open_run

run = open_run("grants", **globals())  # the parameters above, checked against workbench.programme.RunParameters
with run.engine.connect() as connection:
    lists = run.compute(connection)
    written = run.write_outputs(connection, lists)
report.title(*text("grants.report.title", scope=Label(run.scope.label_fr, run.scope.label_ar), year=run.year))

# %%
report.key_figures(lists.totals(), outputs.KEY_FIGURES)

# %%
run.approval_note()

# %%
report.title(*text("grants.report.places"), level=2)

# %%
report.chart(charts.granted_by_province, lists)

# %%
report.table(lists.summary(), outputs.SUMMARY_HEADERS, outputs.CODED)

# %%
report.title(*text("grants.report.scores"), level=2)

# %%
report.chart(charts.score_distribution, lists)

# %%
report.table(lists.granted_by("sex"), outputs.GRANTED_BY_SEX_HEADERS, outputs.CODED)

# %%
report.table(lists.granted_by("milieu"), outputs.GRANTED_BY_MILIEU_HEADERS, outputs.CODED)

# %%
report.title(*text("grants.report.budget"), level=2)

# %%
report.table(lists.budget(), outputs.BUDGET_HEADERS, outputs.CODED)

# %%
report.title(*text("grants.report.changes"), level=2)

# %%
report.table(lists.changes(), outputs.CHANGE_HEADERS, outputs.CODED)

# %%
report.note(*outputs.METHOD)

# %%
run.finish()  # the committees' workbooks, written meanwhile in other processes
