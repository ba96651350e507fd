"""Dropouts to second chance: per province, the pupils who left school during the year or the one before without
coming back (no transfer, no enrolment elsewhere), aged 12-18, with their last school and level and the province's
second-chance centres that have places left, in an Arabic workbook for the province team. A campaign of its own (the
registry gives a programme one campaign; second_chance's is its indicators report) that reads second_chance's
tables and rules."""

from workbench.programme import Programme

# Its hooks are "module:attribute" references, imported when first used (workbench.programme).
PROGRAMME = Programme(
    id="e2c_recruitment",
    campaign="e2c-recruitment",
    order=61,
    compute=".campaign:compute",
    write_outputs=".campaign:write_outputs",
    prepare_run=".campaign:prepare_run",
    demo_steps=(("run", "e2c-recruitment", "--out", "{reports}/e2c-recruitment"),),
    requires=("second_chance",),
)
