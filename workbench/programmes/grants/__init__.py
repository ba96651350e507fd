"""Grants: eligibility, scores, ranked lists within provincial quotas and boarding capacity, appeals."""

from workbench.programme import Programme

# Its hooks are "module:attribute" references, imported when first used (workbench.programme).
PROGRAMME = Programme(
    id="grants",
    campaign="grant-lists",
    order=40,
    compute=".campaign:compute",
    write_outputs=".campaign:write_outputs",
    imports=(".imports:GrantApplicationsImport", ".imports:GrantQuotasImport"),
    tables=(".models:GrantChange", ".models:GrantPublished", ".models:GrantApplication", ".models:GrantQuota"),
    cli=".cli:group",
    legacy_commands={"publish-grants": "publish", "appeal": "appeal"},
    year_defaults=".reference:year_defaults",
    demo=".demo:build",
    demo_steps=(("grants", "publish", "--replace"), ("run", "grant-lists", "--out", "{reports}/grant-lists")),
    own_dataset=True,
    app_state="workbench.programmes.grants.committee:GrantsCommittee",
    app_roles=("province_officer", "region_officer", "trainer", "administrator"),  # the provincial committee's
)
