"""One Million Schoolbags: kit needs per school and item, surplus transfers, delivery and distribution progress."""

from workbench.programme import Programme
from workbench.programmes.schoolbags import campaign, cli, demo, imports, models

PROGRAMME = Programme(
    id="schoolbags",
    campaign="kit-needs",
    title_fr="Un million de cartables : besoins, livraisons, distribution",
    title_ar="مليون محفظة: الحاجيات والتسليم والتوزيع",
    order=20,
    compute=campaign.compute,
    write_outputs=campaign.write_outputs,
    imports=(imports.KitItemsImport, imports.KitCompositionImport, imports.ReturnedBooksImport,
             imports.DeliveriesImport, imports.DistributionsImport),
    tables=(models.Distribution, models.Delivery, models.ReturnedBook, models.KitComposition, models.KitItem),
    cli=cli.group,
    legacy_commands={"kit-exclude": "exclude"},
    demo=demo.build,
    demo_steps=(("run", "kit-needs", "--out", "{reports}/kit-needs"),),
    dataset_label=("Données « Un million de cartables »", "معطيات مليون محفظة"),
    app_state="workbench.programmes.schoolbags.desk:SchoolbagsDesk",
)
