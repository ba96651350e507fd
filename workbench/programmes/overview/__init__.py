"""Overview: pupils by province, level, sex and milieu, and the absence rate by month."""

from workbench.programme import Programme

# Its hooks are "module:attribute" references, imported when first used (workbench.programme).
PROGRAMME = Programme(
    id="overview",
    order=10,
    compute=".campaign:compute",
    write_outputs=".campaign:write_outputs",
    dataset="pupils",  # it reads the schools' pupils, a core dataset
    demo_steps=(("run", "overview", "--all-provinces", "--out", "{reports}/overview"),),
    region_reports=True,  # each region's overview beside its provinces' (reports/overview/<region>/)
    app_state="workbench.programmes.overview.explorer:OverviewExplorer",
)
