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
# # Échange avec les partenaires — CNSS et CMR / تبادل المعطيات مع الشركاء
#
# What this answers: for each child a partner (CNSS, CMR) asks about for a school year, whether the child is
# enrolled, left or not enrolled that year, or why it could not be answered (not found, ambiguous); how the
# children were identified, by province and partner, and how long the answers took. It writes
# `partner_answers.csv` and a workbook per partner. Run it with
# `workbench run partner-exchange --year 2025-2026 [--param partner=CNSS] --out DIR`.

# %% tags=["parameters"]
db_url: str = ""  # SQLAlchemy URL; empty: the WORKBENCH_DB_URL setting (the runner passes it through the environment)
year: str = ""  # school year YYYY-YYYY; empty: the workbench's default year
region: str = ""  # region code or name; all three empty: the whole database
province: str = ""  # province code (e.g. 0301) or name
school: str = ""  # school code (e.g. 12472K)
out_dir: str = "."  # folder of the CSV and Excel files
approved_only: bool = False  # True: only the schools whose data of this campaign is approved
partner: str = ""  # partner answered: CNSS or CMR; empty: both

# %%
from workbench import report
from workbench.programmes.partner_exchange import charts, outputs
from workbench.run_context import open_run

run = open_run("partner_exchange", **globals())  # the parameters above, checked against campaign.PartnerParameters
with run.engine.connect() as connection:
    answers = run.compute(connection)
    written = run.write_outputs(connection, answers)
report.title(f"{outputs.METHOD_TITLE.fr} — {run.scope.label_fr} — {run.year}",
             f"{outputs.METHOD_TITLE.ar} — {run.scope.label_ar} — {run.year}")

# %%
report.key_figures(answers.totals(), outputs.KEY_FIGURES)

# %%
report.chart(charts.answers_by_status(answers))

# %%
report.table(answers.by_status(), outputs.STATUS_HEADERS, outputs.CODED)

# %%
report.title(*outputs.SECTIONS["province"], level=2)

# %%
report.table(answers.by_province(), outputs.PROVINCE_HEADERS)

# %%
report.note(*outputs.followup_note(answers))

# %%
report.title(*outputs.SECTIONS["method"], level=2)

# %%
report.table(answers.by_method(), outputs.METHOD_HEADERS, outputs.CODED)

# %%
report.table(answers.reasons(), outputs.REASON_HEADERS, outputs.CODED)

# %%
report.title(*outputs.SECTIONS["time"], level=2)

# %%
report.table(answers.time_to_answer(), outputs.TIME_HEADERS, outputs.CODED)

# %%
report.note(*outputs.METHOD)
