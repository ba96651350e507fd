"""Report cards: each pupil's subject and semester averages (continuous-assessment marks of school life, weighted by
the level's coefficients) and rank in class, one bilingual PDF per class, and the exam marks (local, regional,
national) reported beside them; the families' portal shows a pupil's card and fulfils a transcript request with it."""

from workbench.programme import Programme

# Its hooks are "module:attribute" references, imported when first used (workbench.programme).
PROGRAMME = Programme(
    id="report_cards",
    campaign="report-cards",
    order=75,
    parameters=".parameters:ReportCardsParameters",
    prepare_run=".campaign:prepare_run",
    compute=".campaign:compute",
    write_outputs=".campaign:write_outputs",
    imports=".imports:IMPORTS",
    # Its tables, children first (what `demo --replace` empties).
    tables=(".models:ExamMark", ".models:SubjectCoefficient"),
    cli=".cli:group",
    demo=".demo:build",
    # the campaign on the demo director's school: a region's every class would each print a PDF
    demo_steps=(("report_cards", "demo", "--out", "{reports}/report-cards"),),
    dataset="school_life",  # the marks it averages are school life's validated data (--approved-only: approved ones)
    app_state="workbench.programmes.report_cards.desk:ReportCardsDesk",
    requires=("school_life",),  # its marks, subjects and absence slots
)
