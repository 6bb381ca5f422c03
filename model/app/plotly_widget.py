"""The app's charts: plotly figures drawn in the browser by one shared copy of plotly.js *basic*.

plotly's own ``FigureWidget`` carries its whole JavaScript bundle (plotly.js with every trace
type, ~5 MB) in each widget's state; a page waited for it to cross the websocket and for the
browser to compile it before any chart showed: about 2 s of the app's first page on a 2-core
machine. The charts of :mod:`presentation.charts` use only bars and scatter traces, which
plotly.js's
official *basic* distribution (``plotly.js-basic-dist-min`` from npm, the same plotly.js version
as the installed plotly package; MIT licence beside it in ``model/static/``) draws at a quarter
of the size.

One hidden :class:`PlotlyLoader` per page carries that bundle once; each :class:`Chart` holds a
figure as plotly JSON and draws it with ``Plotly.react``, which updates the chart in place (only
what changed is redrawn). In Python a ``Chart`` answers ``.data`` and ``.layout`` from the last
``go.Figure`` it was given, so tests read it like a figure.
"""

from __future__ import annotations

import base64
import datetime as dt
from decimal import Decimal
from functools import cache

import anywidget
import numpy as np
import plotly.graph_objects as go
import traitlets

from prepay_modeller.inputs import paths

BUNDLE = paths.PACKAGE_DIR / "app" / "static" / "plotly-basic.min.js"

_SHARED = """
const shared = (globalThis.__prepayPlotly ??= (() => {
  let resolve;
  const promise = new Promise((r) => { resolve = r; });
  return { promise, resolve, loading: false };
})());
"""

# plotly's distribution is a UMD script: given a ``module`` object it exports Plotly there.
_LOADER = (
    _SHARED
    + """
export default {
  async initialize({ model }) {
    if (shared.loading) return;
    shared.loading = true;
    const code = "const module = { exports: {} };\\n" + model.get("bundle")
      + "\\nexport default module.exports;";
    const url = URL.createObjectURL(new Blob([code], { type: "text/javascript" }));
    try {
      shared.resolve((await import(url)).default);
    } finally {
      URL.revokeObjectURL(url);
    }
  },
  render() {},
};
"""
)

_CHART = (
    _SHARED
    + """
// No mode bar: on a shared screen plotly's toolbar covered the chart's title on hover.
const CONFIG = { displaylogo: false, displayModeBar: false, responsive: true };

export default {
  async render({ model, el }) {
    const Plotly = await shared.promise;
    const draw = () => {
      const figure = model.get("figure");
      return Plotly.react(el, figure.data ?? [], figure.layout ?? {}, CONFIG);
    };
    // The first draw waits until the chart has a width: a chart in a hidden tab is drawn when
    // the tab is first shown, at its real size (plotly would take 700 px for a detached one).
    let drawing = null;
    const width = () => parseFloat(getComputedStyle(el).width) || 0; // what plotly's autosize reads
    const resize = new ResizeObserver(() => {
      if (width() <= 0) return;
      if (!drawing) {
        drawing = draw();
        return;
      }
      drawing = drawing.then(() => {
        if (el._fullLayout && Math.abs(el._fullLayout.width - width()) >= 1) {
          return Plotly.Plots.resize(el);
        }
      });
    });
    // A redraw takes tens of ms: it waits until the page has painted what came with it (the
    // headline figures first), and changes that arrive meanwhile make one redraw, the latest.
    let pending = false;
    const later = () => {
      if (!drawing || pending) return; // not drawn yet: the first draw takes the latest figure
      pending = true;
      requestAnimationFrame(() => setTimeout(() => {
        pending = false;
        drawing = drawing.then(draw);
      }, 0));
    };
    model.on("change:figure", later);
    resize.observe(el);
    return () => {
      resize.disconnect();
      model.off("change:figure", later);
      Plotly.purge(el);
    };
  },
};
"""
)


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
    """One plotly figure, redrawn in place whenever :meth:`show` gets a new one."""

    _esm = _CHART
    figure = traitlets.Dict().tag(sync=True)

    def __init__(self, figure: go.Figure, **kwargs):
        super().__init__(**kwargs)
        self.show(figure)

    def show(self, figure: go.Figure) -> None:
        self._figure = figure
        self.figure = plain(figure.to_plotly_json())

    @property
    def data(self):
        return self._figure.data

    @property
    def layout(self):
        return self._figure.layout
