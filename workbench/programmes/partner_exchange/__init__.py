"""Partner exchange: answering the schooling-status requests of CNSS and CMR, so families need no paper
certificate; a review desk for the requests the rules cannot answer."""

from workbench.programme import Programme

# Its hooks are "module:attribute" references, imported when first used (workbench.programme).
PROGRAMME = Programme(
    id="partner_exchange",
    campaign="partner-exchange",
    order=50,
    parameters=".parameters:PartnerParameters",
    compute=".campaign:compute",
    write_outputs=".campaign:write_outputs",
    prepare_run=".campaign:prepare_run",
    imports=(".imports:PartnerRequestsImport",),
    tables=(".models:PartnerDecision", ".models:PartnerRequest"),
    demo=".demo:build",
    demo_steps=(("run", "partner-exchange", "--out", "{reports}/partner-exchange"),),
    app_state="workbench.programmes.partner_exchange.desk:PartnerDesk",
    app_roles=("region_officer", "administrator"),  # a partner's requests are theirs only
)
