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
# # Écoles de la deuxième chance — nouvelle génération / مدارس الفرصة الثانية - الجيل الجديد
#
# What this answers, for the committee that visits a province: where the centres are and how many youths each
# takes in (by sex and stage, the share aged 13-18), what became of those who left (integration rate), the staff
# and learners per educator, the year's opening plan against what was achieved, and how complete each centre's
# tracking data is, with the missing fields named. Run it with `workbench run second-chance --province 0301 --out
# DIR`; it writes e2c_indicators.csv and a visit workbook per province beside the report. No personal data.

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
from workbench.programmes.second_chance import charts, outputs
from workbench.run_context import open_run

run = open_run("second_chance", **globals())  # the parameters above, checked against workbench.programme.RunParameters
with run.engine.connect() as connection:
    result = run.compute(connection)
    written = run.write_outputs(connection, result)
title = outputs.label("report.title").format(year=run.year)
report.title(f"{title.fr} — {run.scope.label_fr}", f"{title.ar} — {run.scope.label_ar}")

# %%
report.key_figures(result.totals(), outputs.KEY_FIGURES)

# %%
outputs.approval_note(result)

# %%
report.title(*outputs.label("report.map"), level=2)

# %%
report.chart(charts.centres_by_province(result))

# %%
report.table(result.by_province(), outputs.PROVINCE_HEADERS)

# %%
report.table(result.by_region(), outputs.REGION_HEADERS)

# %%
report.title(*outputs.label("report.plan"), level=2)

# %%
report.chart(charts.plan_against_achieved(result))

# %%
report.table(result.plan, outputs.PLAN_HEADERS)

# %%
report.title(*outputs.label("report.completeness"), level=2)

# %%
report.chart(charts.completeness_ranking(result))

# %%
report.table(outputs.completeness_ranking(result), outputs.RANKING_HEADERS)

# %%
report.title(*outputs.label("report.outcomes"), level=2)

# %%
report.chart(charts.outcomes(result))

# %%
report.table(outputs.outcomes_table(result), outputs.OUTCOME_HEADERS)

# %%
report.title(*outputs.label("report.learners_staff"), level=2)

# %%
report.table(outputs.sex_and_stage_table(result), outputs.SEX_STAGE_HEADERS)

# %%
report.table(outputs.roles_table(result), outputs.ROLE_HEADERS)

# %%
report.title(*outputs.label("report.centres"), level=2)

# %%
report.table(outputs.indicator_table(result), outputs.CENTRE_HEADERS)

# %%
report.title(*outputs.label("report.visits"), level=2)

# %%
(report.table(outputs.visits_table(result), outputs.VISIT_HEADERS) if len(result.visits)
 else report.note(*outputs.label("report.no_visits")))

# %%
report.note(*outputs.label("method"))
