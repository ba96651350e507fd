"""School sports results (issue 34, item 5; letter 410/14): competitions from a school's to the national
championship, the teams schools enter with their pupils, and the results (places and points). The school-life
report and app show participation and results (school_life reads this package); a school's team lists print as
Arabic-first workbooks, for the school's scope only."""

from workbench.programme import Programme

# Its hooks are "module:attribute" references, imported when first used (workbench.programme).
PROGRAMME = Programme(
    id="school_sports",
    order=71,
    imports=".imports:IMPORTS",
    # Its tables, children first (what `demo --replace` empties).
    tables=(".models:Result", ".models:TeamMember", ".models:Team", ".models:Competition"),
    cli=".cli:group",
    demo=".demo:build",
    # the team lists of the demo director's school (the school-life report shows every school's results)
    demo_steps=(("school_sports", "demo", "--out", "{reports}/school-sports"),),
)
