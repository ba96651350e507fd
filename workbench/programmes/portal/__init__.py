"""Parents' and pupils' e-services: access codes issued by the school (letters and `portal_codes.csv`), the families'
portal (its own login realm: marks, absences, timetable, tests, Tayssir, kit and grants, requests), the school's
requests desk, and schooling certificates anyone can verify."""

from workbench.programme import Programme, Realm

COOKIE = "family"  # the signed cookie of the families' sessions (realm.py), never the staff's `user`

# Its hooks are "module:attribute" references, imported when first used (workbench.programme).
PROGRAMME = Programme(
    id="portal",
    campaign="portal-usage",
    order=80,
    compute=".usage:compute",
    write_outputs=".usage:write_outputs",
    tables=(".models:Certificate", ".models:PortalRequest", ".models:PortalSession", ".models:AccessCodePupil",
            ".models:AccessCode"),
    cli=".cli:group",
    commands=(".cli:certificate",),
    demo_steps=(("portal", "issue-codes", "--demo", "--out", "{reports}/portal"),
                ("run", "portal-usage", "--out", "{reports}/portal-usage")),
    app_state="workbench.programmes.portal.desk:RequestsDesk",
    app_roles=("director", "administrator"),
    realms=(Realm(apps=("eservices",), cookie=COOKIE, login="workbench.programmes.portal.realm:login_page",
                  logout="workbench.programmes.portal.realm:logout",
                  user_of="workbench.programmes.portal.realm:user_of"),
            Realm(apps=("certificate_verify",))),
    serve_check=".serving:serve_check",  # letters and certificates printed from a server others reach
    # the families' portal shows their data; a report card and a transcript are printed by report_cards
    requires=("grants", "report_cards", "school_life", "schoolbags", "tayssir"),
)
