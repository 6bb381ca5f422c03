"""Plotly figure widgets that share one copy of plotly's browser bundle.

plotly's ``FigureWidget`` is an anywidget whose ~5 MB JavaScript bundle travels inside every
widget's state and is evaluated once per figure: three charts meant 15 MB over the websocket
and three plotly.js start-ups before the first page could show. Here one hidden
:class:`PlotlyBundle` carries the bundle once; each :class:`SharedFigureWidget` has a few lines of
JavaScript that wait for it and then behave exactly as plotly's own widget (same Python class
underneath, same ``batch_update``).
"""

from __future__ import annotations

import anywidget
import plotly.graph_objects as go
import traitlets

_SHARED = """
const shared = (globalThis.__prepayPlotly ??= (() => {
  let resolve;
  const promise = new Promise((r) => { resolve = r; });
  return { promise, resolve, loading: false };
})());
"""

_LOADER = (
    _SHARED
    + """
export default {
  async initialize({ model }) {
    if (shared.loading) return;
    shared.loading = true;
    const url = URL.createObjectURL(new Blob([model.get("bundle")], { type: "text/javascript" }));
    try {
      const mod = await import(url);
      shared.resolve(mod.default);
    } finally {
      URL.revokeObjectURL(url);
    }
  },
  render() {},
};
"""
)

_FIGURE = (
    _SHARED
    + """
export default async () => (await shared.promise)();
"""
)


def plotly_bundle_text() -> str:
    """plotly's own widget bundle (the JavaScript its ``FigureWidget`` ships)."""
    return str(go.FigureWidget._esm)


class PlotlyBundle(anywidget.AnyWidget):
    """Carries plotly's widget bundle to the page once; shows nothing (display it beside them)."""

    _esm = _LOADER
    bundle = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(bundle=plotly_bundle_text(), **kwargs)


class SharedFigureWidget(go.FigureWidget):
    """plotly's ``FigureWidget`` whose browser code comes from the page's :class:`PlotlyBundle`."""

    _esm = _FIGURE
