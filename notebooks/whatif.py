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
# # Simulateur de politiques / محاكاة السياسات
#
# What this answers: what the year's Tayssir transfers, kit orders and grants would cost, and how many pupils they
# would reach, per province and in total, if the amounts, absence limits, household cap, kits, unit costs, grant
# places or amounts were changed, beside the current settings. It writes nothing to the database. Run it with
# `workbench run whatif --household-cap 2 --tayssir-amounts 1AP=80` (or `--param tayssir_amounts=1AP=80`).

# %% tags=["parameters"]
db_url: str = ""  # SQLAlchemy URL; empty: the WORKBENCH_DB_URL setting (the runner passes it through the environment)
year: str = ""  # school year YYYY-YYYY; empty: the workbench's default year
region: str = ""  # region code or name; all three empty: the whole database
province: str = ""  # province code (e.g. 0301) or name
school: str = ""  # school code (e.g. 12472K)
out_dir: str = "."  # folder of the CSV and Excel files
approved_only: bool = False  # True: only the schools whose data of this campaign is approved
tayssir_amounts: str = ""  # Tayssir monthly amount per level (see `workbench run whatif --help`)
absence_limits: str = ""  # absence days allowed a month per level; empty: the year's
household_cap: int = 0  # children paid per household a month; 0: the year's
count_justified: str = ""  # yes or no: whether justified absences count; empty: the year's
kit_quantities: str = ""  # kit quantity per level, milieu and item; empty: the year's kits
unit_costs: str = ""  # unit cost of kit items in MAD; empty: the stored costs
grant_places: str = ""  # places per province and grant type; empty: the year's quotas
grant_amounts: str = ""  # amount per quarter per grant type in MAD; empty: the year's
# %%
from workbench import report
from workbench.catalogue import Label, text
from workbench.programmes.whatif import charts, outputs
from workbench.run_context import open_run

run = open_run("whatif", **globals())  # the parameters above, checked against workbench.programme.RunParameters
with run.engine.connect() as connection:
    comparison = run.compute(connection)
    written = run.write_outputs(connection, comparison)
report.title(*text("whatif.report.title", scope=Label(run.scope.label_fr, run.scope.label_ar), year=run.year))

# %%
report.note(*outputs.SIMULATION)

# %%
report.key_figures(comparison.key_figures(), outputs.KEY_FIGURES)

# %%
report.title(*text("whatif.report.scope"), level=2)

# %%
report.table(comparison.totals(), outputs.TOTAL_HEADERS, outputs.CODED)

# %%
report.title(*text("whatif.report.provinces"), level=2)

# %%
report.chart(charts.by_province, comparison)

# %%
report.table(comparison.by_province(), outputs.province_headers())

# %%
report.note(*outputs.METHOD)
