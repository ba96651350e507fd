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
# # E-services des parents et des élèves — usage / الخدمات الإلكترونية للآباء والتلاميذ — الاستعمال
#
# What this answers, for a province or region team following the portal's roll-out: how many access codes each
# school issued (pupils, guardians), how many were used and kept with a password, how many were revoked; the
# families' requests by state and the schooling certificates issued and revoked. Run it with `workbench run
# portal-usage --province 0301 --out DIR`; it writes portal_usage.csv beside the report. Counts only: no personal data.

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
from workbench.programmes.portal import charts, usage
from workbench.run_context import open_run

run = open_run("portal", **globals())  # the parameters above, checked against workbench.programme.RunParameters
with run.engine.connect() as connection:
    result = run.compute(connection)
    written = run.write_outputs(connection, result)
title = usage.label("report.title").format(year=run.year)
report.title(f"{title.fr} — {run.scope.label_fr}", f"{title.ar} — {run.scope.label_ar}")

# %%
report.key_figures(result.totals(), usage.KEY_FIGURES)

# %%
report.chart(charts.codes_by_school, result)

# %%
report.title(*usage.label("report.requests"), level=2)

# %%
report.table(result.requests_by_state(), usage.STATE_HEADERS, {"state": "portal.state"})

# %%
report.title(*usage.label("report.schools"), level=2)

# %%
report.table(result.schools, usage.SCHOOL_HEADERS)

# %%
report.note(*usage.label("method"))
