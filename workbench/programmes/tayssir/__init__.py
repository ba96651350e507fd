"""Tayssir: payable, withheld and capped pupil-months, transfers per household and period, issuing, complaints."""

from workbench.programme import Programme

# Its hooks are "module:attribute" references, imported when first used (workbench.programme).
PROGRAMME = Programme(
    id="tayssir",
    campaign="tayssir-transfers",
    order=30,
    parameters=".parameters:TayssirParameters",
    compute=".campaign:compute",
    write_outputs=".campaign:write_outputs",
    prepare_run=".campaign:prepare_run",
    imports=(".imports:TayssirEnrolmentsImport", ".imports:TayssirPaymentsImport", ".imports:ComplaintsImport"),
    import_columns={"communes": ".imports:COMMUNE_COLUMNS"},  # a commune's targeting flag
    tables=(".models:TayssirOverride", ".models:TayssirPayment", ".models:TayssirLine", ".models:Complaint",
            ".models:TayssirEnrolment", ".models:TayssirCommune"),
    cli=".cli:group",
    legacy_commands={"issue-period": "issue-period", "complaint": "complaint", "tayssir-settings": "settings"},
    year_defaults=".reference:year_defaults",
    demo=".demo:build",
    demo_steps=(("tayssir", "issue-period", "--period", "P1"),
                ("run", "tayssir-transfers", "--period", "P1", "--out", "{reports}/tayssir-transfers")),
    own_dataset=True,
    app_state="workbench.programmes.tayssir.desk:TayssirDesk",
    requires=("data_entry",),  # a period is issued once its months' absence sheets are entered
)
