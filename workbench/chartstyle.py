"""How every chart of the reports and apps looks, set once: the mouse wheel scrolls the page (zoom is a tool to
pick), value axes read '1,200,000' rather than '1.200e+6', legends stand beside the plot, not on it, the chart fills
its card and its toolbar stays off the axes, in either direction."""

from __future__ import annotations

import holoviews as hv
import holoviews.plotting.bokeh  # noqa: F401  (the Bokeh backend must be loaded before its defaults are set)
from bokeh.models import LinearAxis, NumeralTickFormatter

_done = False


def _house_style(plot, element) -> None:
    figure = plot.state
    figure.toolbar.active_scroll = None  # the wheel zoom stays in the toolbar, off until picked
    # The chart fills its card (its set width is the least it takes) and the toolbar sits above the plot, where a
    # right-to-left page cannot lay it over the value axis.
    figure.sizing_mode = "stretch_width"
    figure.toolbar_location = "above"
    # A chart is laid out left to right in either language (its axes read left to right): inherited from a
    # right-to-left page, the side panels swap and the legend and toolbar land on the axis and the title.
    figure.styles = {"direction": "ltr"}
    for axis in figure.yaxis:  # a new formatter per figure: a Bokeh model belongs to one document
        if isinstance(axis, LinearAxis):
            axis.formatter = NumeralTickFormatter(format="0,0.[0]")


def apply() -> None:
    global _done
    if _done:
        return
    hv.Store.set_current_backend("bokeh")  # every chart of the workbench is drawn with Bokeh
    hv.opts.defaults(
        hv.opts.Bars(legend_position="right", hooks=[_house_style]),
        hv.opts.Curve(hooks=[_house_style]),
        hv.opts.Scatter(hooks=[_house_style]),
        hv.opts.Histogram(hooks=[_house_style]),
        hv.opts.HeatMap(hooks=[_house_style]),
        hv.opts.Points(hooks=[_house_style]),
        hv.opts.Overlay(legend_position="right", hooks=[_house_style]),
    )
    _done = True


def dimension(name: str, key: str, lang: str) -> hv.Dimension:
    """A chart dimension named in the user's language (axis and tooltip), from the catalogue."""
    from workbench.catalogue import text

    return hv.Dimension(name, label=text(key).of(lang))


def colours(keys: dict[str, str], lang: str) -> dict[str, str]:
    """Series label (in the user's language) -> its colour, the same for a series on every chart and page:
    `keys` maps a catalogue key to a colour."""
    from workbench.catalogue import text

    return {text(key).of(lang): colour for key, colour in keys.items()}
