"""Second-chance schools, new generation: centres run by associations, their learners (13-18) through
qualification, pre-vocational practice and follow-up, staff, the yearly opening plan, integration outcomes and how
complete each centre's tracking data is."""

from workbench.programme import Programme

# Its hooks are "module:attribute" references, imported when first used (workbench.programme).
PROGRAMME = Programme(
    id="second_chance",
    campaign="second-chance",
    order=60,
    compute=".campaign:compute",
    write_outputs=".campaign:write_outputs",
    imports=(".imports:CentresImport", ".imports:LearnersImport", ".imports:StaffImport", ".imports:PlanImport",
             ".imports:VisitImport"),
    tables=(".models:E2CVisitFinding", ".models:E2CValidation", ".models:E2CLearner", ".models:E2CStaff",
            ".models:E2CPlan", ".models:E2CCentre"),
    cli=".cli:group",
    demo=".demo:build",
    # A committee's visit filled in and imported back first, so that the report shows its findings.
    demo_steps=(("second_chance", "demo-visit", "--out", "{reports}/second-chance"),
                ("run", "second-chance", "--out", "{reports}/second-chance")),
    app_state="workbench.programmes.second_chance.desk:SecondChanceDesk",
    app_roles=("province_officer", "region_officer", "trainer", "administrator"),  # the provincial and regional teams
)
