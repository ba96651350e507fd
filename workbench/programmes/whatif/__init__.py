"""The national what-if (policy simulator): Tayssir amounts, absence limits and household cap, kit composition and
unit costs, grant places and amounts changed, and the budget and beneficiaries per province at once, against the
current settings. It reads the other programmes' data through their own rules and writes nothing."""

from workbench.programme import Programme

MANAGERS = ("region_officer", "administrator")  # the region's and the country's managers: the simulator's users

# Its hooks are "module:attribute" references, imported when first used (workbench.programme).
PROGRAMME = Programme(
    id="whatif",
    order=90,
    parameters=".parameters:WhatIfParameters",
    compute=".campaign:compute",
    write_outputs=".campaign:write_outputs",
    app_state="workbench.programmes.whatif.simulator:WhatIfSimulator",
    app_roles=MANAGERS,
    requires=("grants", "schoolbags", "tayssir"),  # it simulates their rules on their data
)
