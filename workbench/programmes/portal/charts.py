"""Charts of the portal-usage report, each in one language (`report.chart` draws one per language): how far each
school's families came with their access codes (issued, used, kept with a password)."""

from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (registers the Bokeh renderer that hv.render uses)

from workbench.catalogue import named, text
from workbench.chartstyle import colours, dimension
from workbench.programmes.portal.usage import UsageResult

CODES = {"portal.codes_issued": "#3d85c6", "portal.codes_used": "#e69138", "portal.passwords": "#6aa84f"}
MOST = 20  # schools drawn, those that issued the most codes (the table below lists every one)


def codes_by_school(result: UsageResult, lang: str = "ar") -> hv.Bars:
    """Per school, by name: the codes issued, those used to log in, and those kept with a password."""
    name = named("name", lang)
    schools = result.schools.assign(codes_issued=result.schools["pupil_codes"] + result.schools["guardian_codes"])
    schools = schools[schools["codes_issued"] > 0].sort_values("codes_issued", ascending=False)
    title = (text("portal.chart.codes_most", count=MOST) if len(schools) > MOST else text("portal.chart.codes"))
    frame = schools.head(MOST).melt(id_vars=[name], value_vars=["codes_issued", "codes_used", "passwords"],
                                    var_name="measure", value_name="codes")
    frame["measure"] = frame["measure"].map(lambda m: text(f"portal.{m}").of(lang))
    return hv.Bars(frame, kdims=[dimension(name, "portal.school_code", lang),
                                 dimension("measure", "portal.chart.measure", lang)],
                   vdims=[dimension("codes", "portal.chart.codes_count", lang)]).opts(
        title=title.of(lang), width=760, height=340, xrotation=30 if len(schools) > 4 else 0, tools=["hover"],
        multi_level=False, color="measure", cmap=colours(CODES, lang), backend="bokeh")
