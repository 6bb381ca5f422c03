"""Figures as plain data: plotly's JSON (``{"data": [...], "layout": {...}}``) built directly.

plotly's ``go.Figure`` validates every property against its schema as it is set and again when
it is serialised: about 40 ms for the app's three charts, on every slider move, for figures the
project builds the same way each time. A :class:`Figure` is the same JSON without the schema:
a dict (sent as it is to the app's chart widget, or to ``plotly.io.to_html`` for a report) that
is also read with attributes (``fig.data[0].name``, ``fig.layout.font.family``), as plotly's
figures are, with the few updates the project's builders and callers use. A test draws every
builder's output with plotly's own validator, so nothing here can drift from plotly.js.
"""

from __future__ import annotations

import copy


class Attr(dict):
    """A dict whose keys read as attributes too; an unset attribute is None, as in plotly."""

    def __getattr__(self, name: str):
        if name.startswith("_"):  # Python's and IPython's own protocols: not figure properties
            raise AttributeError(name)
        return self.get(name)

    def __setattr__(self, name: str, value) -> None:
        self[name] = _attr(value)


def _attr(value):
    if isinstance(value, dict) and not isinstance(value, Attr):
        return Attr({k: _attr(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return [_attr(v) for v in value]
    return value


def _nest(path: list[str], value) -> dict:
    for key in reversed(path[1:]):
        value = {key: value}
    return {path[0]: value}


def merge(target: dict, patch: dict) -> dict:
    """Deep-merge ``patch`` into ``target`` (dicts merged, anything else replaced)."""
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = _attr(value)
    return target


class Figure(Attr):
    """A plotly figure as plain JSON: ``data`` (traces) and ``layout``."""

    def __init__(self, data=None, layout=None):
        super().__init__(data=_attr(list(data or [])), layout=_attr(dict(layout or {})))

    def add_trace(self, trace: dict) -> Figure:
        """Append a trace; a key ``a__b`` sets ``{"a": {"b": ...}}`` (``marker__color``)."""
        nested: dict = {}
        for key, value in trace.items():
            path = key.split("__")
            merge(nested, _nest(path, value))
        self["data"].append(_attr(nested))
        return self

    def update_layout(self, **patch) -> Figure:
        merge(self["layout"], patch)
        return self

    def update_xaxes(self, **patch) -> Figure:
        merge(self["layout"].setdefault("xaxis", Attr()), patch)
        return self

    def update_yaxes(self, **patch) -> Figure:
        merge(self["layout"].setdefault("yaxis", Attr()), patch)
        return self

    def update_traces(self, patch: dict, selector: dict | None = None) -> Figure:
        """``patch`` merged into every trace whose values include ``selector``'s."""
        for trace in self["data"]:
            if all(trace.get(k) == v for k, v in (selector or {}).items()):
                merge(trace, patch)
        return self

    def add_annotation(self, **annotation) -> Figure:
        self["layout"].setdefault("annotations", []).append(_attr(annotation))
        return self

    def add_shape(self, **shape) -> Figure:
        self["layout"].setdefault("shapes", []).append(_attr(shape))
        return self

    def _repr_mimebundle_(self, include=None, exclude=None):
        """In a notebook, the chart itself (plotly's own mime type, which JupyterLab draws)."""
        return {
            "application/vnd.plotly.v1+json": self.to_plotly_json(),
            "text/plain": f"<Figure: {len(self['data'])} traces>",
        }

    def to_plotly_json(self) -> dict:
        """The figure as plotly's JSON (a deep copy, safe to change)."""
        return copy.deepcopy({"data": list(self["data"]), "layout": dict(self["layout"])})

    def to_html(self, **kwargs) -> str:
        """The figure as HTML (``plotly.io.to_html``'s arguments), not validated again."""
        import plotly.io as pio

        return pio.to_html(self.to_plotly_json(), validate=False, **kwargs)
