"""plotly.js *basic*, vendored once for every page this project draws charts on.

plotly's official partial bundle (``plotly.js-basic-dist-min`` from npm, the same plotly.js
version as the installed plotly package; MIT licence beside it in ``presentation/static/``)
draws bar, scatter and pie traces at a quarter of the full bundle's size: the app loads it into
its page, and a proposal report embeds it once, so that the report works offline at about
1.2 MB instead of 4.7 MB. Every chart the proposal draws uses only those trace types
(:data:`BASIC_TRACES`; a test checks it).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

BUNDLE = Path(__file__).resolve().parent / "static" / "plotly-basic.min.js"
BASIC_TRACES = frozenset({"bar", "scatter", "pie"})


@cache
def plotly_basic() -> str:
    """The bundle's JavaScript (it sets ``window.Plotly``)."""
    return BUNDLE.read_text(encoding="utf-8")


def script(nonce: str = "") -> str:
    """A ``<script>`` element carrying the bundle (with ``nonce`` for a page's
    Content-Security-Policy)."""
    attribute = f' nonce="{nonce}"' if nonce else ""
    return f"<script{attribute}>{plotly_basic()}</script>"
