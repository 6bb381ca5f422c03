"""The app's charts: plotly figures drawn in the browser by one shared copy of plotly.js *basic*.

plotly's own ``FigureWidget`` carries its whole JavaScript bundle (plotly.js with every trace
type, ~5 MB) in each widget's state; a page waited for it to cross the websocket and for the
browser to compile it before any chart showed: about 2 s of the app's first page on a 2-core
machine. The charts of :mod:`presentation.charts` use only bars and scatter traces, which
plotly.js's official *basic* distribution (``plotly.js-basic-dist-min`` from npm, the same
plotly.js version as the installed plotly package; MIT licence beside it in
``model/presentation/static/``, shared with the proposal reports) draws at a quarter of the
size. The two small ES modules are ``static/plotly_loader.js`` and ``static/chart.js``.

One hidden :class:`PlotlyLoader` per page carries that bundle once; each :class:`Chart` holds a
figure as plotly JSON and draws it with ``Plotly.react``, which updates the chart in place (only
what changed is redrawn). Figures come as plain plotly JSON (:mod:`presentation.figure`); a
``go.Figure`` works too. In Python a ``Chart`` answers ``.data`` and ``.layout`` from the last
figure it was given, so tests read it like a figure. Nothing here imports plotly itself.
"""

from __future__ import annotations

import base64
import datetime as dt
from decimal import Decimal
from functools import cache

import anywidget
import numpy as np
import traitlets

from prepay_modeller.inputs import paths
from prepay_modeller.presentation.figure import Figure

STATIC = paths.PACKAGE_DIR / "app" / "static"
BUNDLE = paths.PACKAGE_DIR / "presentation" / "static" / "plotly-basic.min.js"


def _module(name: str) -> str:
    """An ES module of ``static/``, after the shared plotly.js promise both modules use."""
    shared = (STATIC / "shared_plotly.js").read_text(encoding="utf-8")
    return shared + (STATIC / name).read_text(encoding="utf-8")


_LOADER = _module("plotly_loader.js")
_CHART = _module("chart.js")


@cache
def plotly_bundle_text() -> str:
    """plotly.js basic, as shipped in ``model/static/``."""
    return BUNDLE.read_text(encoding="utf-8")


def plain(value):
    """Figure JSON as plain lists and numbers: plotly.py sends numpy arrays as base64 typed-array
    specs (``{"dtype": "f8", "bdata": ...}``), which the page's ``gd.data`` would keep encoded;
    they are decoded here, as are numpy scalars, Decimals and dates."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
            if "shape" in value:
                array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
            return array.tolist()
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class PlotlyLoader(anywidget.AnyWidget):
    """Carries plotly.js to the page once; shows nothing (display it beside the charts)."""

    _esm = _LOADER
    bundle = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(bundle=plotly_bundle_text(), **kwargs)


class Chart(anywidget.AnyWidget):
    """One plotly figure, redrawn in place whenever :meth:`show` gets a new one; with
    ``fill=True`` it takes its box's height (set by the stylesheet), not the figure's."""

    _esm = _CHART
    figure = traitlets.Dict().tag(sync=True)
    fill = traitlets.Bool(False).tag(sync=True)

    def __init__(self, figure=None, **kwargs):
        super().__init__(**kwargs)
        self.show(figure if figure is not None else Figure())

    def show(self, figure) -> None:
        """Draw ``figure`` (a :class:`presentation.figure.Figure`, plotly JSON, or a
        ``go.Figure``); an unchanged figure sends nothing."""
        self._figure = figure
        data = figure if isinstance(figure, dict) else figure.to_plotly_json()
        self.figure = plain(data)

    @property
    def data(self):
        return self._figure.data

    @property
    def layout(self):
        return self._figure.layout
