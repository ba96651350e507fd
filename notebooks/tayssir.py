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
# # Tayssir — transferts monétaires conditionnels / برنامج تيسير للتحويلات المالية المشروطة
#
# What this answers: which pupil-months are paid, withheld for absences, capped or not eligible; what each
# household receives per payment period (adjustments included); how complaints are handled. Run it with
# `workbench run tayssir-transfers --year 2025-2026 --period P1 --out DIR`.

# %% tags=["parameters"]
db_url: str = ""  # SQLAlchemy URL; empty: the WORKBENCH_DB_URL setting (the runner passes it through the environment)
year: str = ""  # school year YYYY-YYYY; empty: the workbench's default year
region: str = ""  # region code or name; all three empty: the whole database
province: str = ""  # province code (e.g. 0301) or name
school: str = ""  # school code (e.g. 12472K)
out_dir: str = "."  # folder of the CSV and Excel files
approved_only: bool = False  # True: only the schools whose data of this campaign is approved
period: str = ""  # payment period (P1, P2, P3 or 2025-2026-P1); empty: the whole year

# %%
from workbench import report
from workbench.catalogue import Label, text
from workbench.programmes.tayssir import charts, outputs
from workbench.run_context import open_run

run = open_run("tayssir", **globals())  # the parameters above, checked against campaign.TayssirParameters
with run.engine.connect() as connection:
    figures = run.compute(connection)
    written = run.write_outputs(connection, figures)
report.title(*text("tayssir.report.title", scope=Label(run.scope.label_fr, run.scope.label_ar),
                   period=figures.period_label() or run.year))

# %%
report.key_figures(figures.totals(), outputs.key_figures(figures.state.household_cap))

# %%
run.approval_note()

# %%
report.title(*text("tayssir.report.beneficiaries"), level=2)

# %%
report.chart(charts.amounts_by_province, figures)

# %%
report.table(figures.by_province(), outputs.PROVINCE_HEADERS)

# %%
report.chart(charts.status_by_month, figures)

# %%
report.title(*text("tayssir.report.by_level"), level=2)

# %%
report.table(figures.by_level_and_sex(), outputs.LEVEL_SEX_HEADERS)

# %%
report.title(*text("tayssir.report.complaints"), level=2)

# %%
report.table(figures.complaints_by_state(), outputs.COMPLAINT_HEADERS, outputs.CODED)

# %%
report.note(*outputs.method(figures.state.household_cap, figures.state.count_justified))

# %%
run.finish()  # the payment list, written meanwhile in another process
