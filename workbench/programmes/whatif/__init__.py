"""The national what-if (policy simulator): Tayssir amounts, absence limits and household cap, kit composition and
unit costs, grant places and amounts changed, and the budget and beneficiaries per province at once, against the
current settings. It reads the other programmes' data through their own rules and writes nothing."""

from workbench.programme import Programme
from workbench.programmes.whatif import campaign

MANAGERS = ("region_officer", "administrator")  # the region's and the country's managers: the simulator's users

PROGRAMME = Programme(
    id="whatif",
    order=90,
    parameters=campaign.WhatIfParameters,
    compute=campaign.compute,
    write_outputs=campaign.write_outputs,
    app_state="workbench.programmes.whatif.simulator:WhatIfSimulator",
    app_roles=MANAGERS,
)
