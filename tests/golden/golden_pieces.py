"""How the golden capture reaches the proposal and the app: the one file that follows their API.

When the code behind the proposal or the app moves, this adapter moves with it; the fixtures
(what a client sees) must not.
"""

from __future__ import annotations

import datetime as dt
import html
import re


def proposal_pieces(params: dict) -> list[tuple[str, str]]:
    """The proposal's sections in reading order, as ``(name, html)``."""
    from prepay_modeller.reports import proposal

    return proposal.build(plotlyjs="none", **params).sections()


def _text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def app_headlines(steps, start: dt.date) -> dict[str, dict[str, str]]:
    from prepay_modeller.app.explorer import ExplorerApp

    app = ExplorerApp(start=start, panels=[])
    out = {}
    for label, change in steps:
        with app.hold():
            if "option" in change:
                app.option.value = change["option"]
            if "horizon" in change:
                app.horizon.value = change["horizon"]
            if "rate" in change:
                app.rate.value = change["rate"]
        if "perf" in change:
            with app.hold():
                for q, value in enumerate(change["perf"], start=1):
                    app._row(q).performance.value = value
        if "preset" in change:
            app.apply_preset(change["preset"])
        assert app.error is None, app.error
        out[label] = {key: _text(card.value) for key, card in app.headline.items()}
    return out
