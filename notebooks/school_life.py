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
# # Vie scolaire / الحياة المدرسية
#
# What this answers, for the provincial and regional teams: how well each school's timetable covers the hours its
# levels require and where it conflicts (a teacher, a room or a class booked twice), how absences by the hour spread
# over levels, subjects, weekdays and hour slots, how many notices went to families, how far the semester's marks
# are entered and their means, who takes part in school sports, and the sports results: teams, pupils in teams,
# podiums and points by school, sport, team sex and competition level. Run it with `workbench run school-life
# --province 0301 --out DIR`; it writes timetable_conflicts.csv, absence_notices.csv (for the schools: it names
# pupils), sports_results.csv and a timetable workbook per school beside the report. The report holds no personal data.

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
from workbench.programmes.school_life import charts, outputs, queries
from workbench.programmes.school_sports import charts as sports_charts
from workbench.programmes.school_sports import outputs as sports
from workbench.run_context import open_run

run = open_run("school_life", **globals())  # the parameters above, checked against workbench.programme.RunParameters
with run.engine.connect() as connection:
    result = run.compute(connection)
    written = run.write_outputs(connection, result)
    subjects, levels = queries.subjects(connection), queries.levels(connection)
title = outputs.label("report.title").format(year=run.year)
report.title(f"{title.fr} — {run.scope.label_fr}", f"{title.ar} — {run.scope.label_ar}")

# %%
report.key_figures(result.totals(), outputs.KEY_FIGURES)

# %%
run.approval_note()

# %%
report.title(*outputs.label("report.timetable"), level=2)

# %%
report.table(result.coverage(), outputs.COVERAGE_HEADERS)

# %%
report.chart(charts.conflicts_by_school, result.coverage())

# %%
report.table(result.conflicts, outputs.CONFLICT_HEADERS, outputs.CODES)

# %%
report.title(*outputs.label("report.short"), level=2)

# %%
report.table(outputs.short_table(result, subjects), outputs.SHORT_HEADERS)

# %%
report.title(*outputs.label("report.absences"), level=2)

# %%
report.chart(charts.absence_heat_map, outputs.heat(result))

# %%
rates = outputs.rate_tables(result, subjects, levels)
report.table(rates["level_name"], outputs.RATE_HEADERS["level_name"])

# %%
report.table(rates["subject_name"], outputs.RATE_HEADERS["subject_name"])

# %%
report.table(rates["day"], outputs.RATE_HEADERS["day"], outputs.CODES)

# %%
report.table(rates["slot"], outputs.RATE_HEADERS["slot"])

# %%
report.title(*outputs.label("report.notices"), level=2)

# %%
report.table(result.notices_by_school(), outputs.NOTICE_HEADERS)

# %%
report.title(*outputs.label("report.marks"), level=2)

# %%
report.table(outputs.progress_table(result, subjects), outputs.PROGRESS_HEADERS)

# %%
report.title(*outputs.label("report.means"), level=2)

# %%
report.table(outputs.means_table(result, subjects, levels), outputs.MEAN_HEADERS)

# %%
report.title(*outputs.label("report.sports"), level=2)

# %%
report.table(result.sports_by_sex(), outputs.SPORT_HEADERS)

# %%
report.title(*sports.label("report.title"), level=2)

# %%
report.key_figures(result.sports_totals(), sports.KEY_FIGURES)

# %%
report.chart(sports_charts.points_by_school, result.sports_results())

# %%
report.title(*sports.label("report.by_school"), level=3)

# %%
report.table(result.sports_results(), sports.STANDING_HEADERS, sports.CODES)

# %%
report.title(*sports.label("report.by_level"), level=3)

# %%
report.table(result.sports_results(("level", "sex")), sports.LEVEL_HEADERS, sports.CODES)

# %%
report.note(*sports.label("report.method"))

# %%
report.note(*outputs.label("method", threshold=result.threshold))
