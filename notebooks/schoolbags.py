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
# # Besoins en kits — Un million de cartables / حاجيات المبادرة الملكية مليون محفظة
#
# What this answers: how many textbooks, notebooks and supplies each school must order for its beneficiary pupils
# once usable returned textbooks are counted, which schools have surplus to pass on inside their province, and how
# far deliveries and distribution have gone. Run it with `workbench run kit-needs --province 0301 --out DIR`.

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
from workbench.programmes.schoolbags import charts, outputs
from workbench.run_context import open_run

run = open_run("schoolbags", **globals())  # the parameters above, checked against workbench.programme.RunParameters
with run.engine.connect() as connection:
    result = run.compute(connection)
    written = run.write_outputs(connection, result)
report.title(*text("schoolbags.report.title", scope=Label(run.scope.label_fr, run.scope.label_ar), year=run.year))

# %%
report.key_figures(result.totals(), outputs.KEY_FIGURES)

# %%
run.approval_note()

# %%
report.title(*text("schoolbags.report.needs"), level=2)

# %%
report.chart(charts.needs_by_province, result)

# %%
report.table(result.by_province(), outputs.PROVINCE_HEADERS)

# %%
report.title(*text("schoolbags.report.deliveries"), level=2)

# %%
report.chart(charts.delivery_progress, result)

# %%
report.title(*text("schoolbags.report.top_schools"), level=2)

# %%
report.table(result.by_school().nlargest(30, "to_order"), outputs.SCHOOL_HEADERS)

# %%
report.title(*text("schoolbags.report.transfers"), level=2)

# %%
report.table(result.transfers.nlargest(40, "quantity"), outputs.TRANSFER_HEADERS)

# %%
report.note(*outputs.METHOD)

# %%
run.finish()  # the order workbook, written meanwhile in another process
