"""One Million Schoolbags: kit needs per school and item, surplus transfers, delivery and distribution progress."""

from workbench.programme import Programme

# Its hooks are "module:attribute" references, imported when first used (workbench.programme).
PROGRAMME = Programme(
    id="schoolbags",
    campaign="kit-needs",
    order=20,
    compute=".campaign:compute",
    write_outputs=".campaign:write_outputs",
    imports=(".imports:KitItemsImport", ".imports:KitCompositionImport", ".imports:ReturnedBooksImport",
             ".imports:DeliveriesImport", ".imports:DistributionsImport"),
    tables=(".models:KitExclusion", ".models:Distribution", ".models:Delivery", ".models:ReturnedBook",
            ".models:KitComposition", ".models:KitItem"),
    cli=".cli:group",
    legacy_commands={"kit-exclude": "exclude"},
    demo=".demo:build",
    demo_steps=(("run", "kit-needs", "--out", "{reports}/kit-needs"),),
    own_dataset=True,
    app_state="workbench.programmes.schoolbags.desk:SchoolbagsDesk",
)
