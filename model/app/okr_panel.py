"""The OKRs tab: one input per key result of the template; each quarter's score (the core's
:func:`core.okr.quarter_performance`) sets that quarter's performance.

Built when the tab is first opened: its ~130 widgets would otherwise slow every first page down
for a panel most calls never open.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w
import pandas as pd

from prepay_modeller.app.text import piece
from prepay_modeller.core import okr
from prepay_modeller.core.errors import PrepayError
from prepay_modeller.core.terms import Catalog


class OkrPanel:
    """The key results; ``set_performance(quarter, value)`` receives each quarter's score."""

    def __init__(
        self,
        template: pd.DataFrame,
        catalog: Catalog,
        set_performance: Callable[[int, float], None],
        on_error: Callable[[Exception], None],
    ):
        self.plan = okr.okr_plan(template)
        self._catalog = catalog
        self._set_performance = set_performance
        self._on_error = on_error
        self._setting = False
        self.inputs: dict[int, w.Widget] = {}
        self.scores: dict[int, w.HTML] = {}
        self.quarter_labels: dict[int, w.HTML] = {}
        self.widget = w.VBox([w.HTML(piece("hint", "okrs-loading"))])

    def build(self) -> None:
        """Draw the key results (once)."""
        if self.inputs:
            return
        children = [w.HTML(piece("hint", "okrs"))]
        for quarter, part in self.plan.groupby("quarter", sort=True):
            label = w.HTML("")
            label.add_class("okr-quarter")
            self.quarter_labels[int(quarter)] = label
            children.append(label)
            for n, (index, row) in enumerate(part.iterrows(), start=1):
                children.append(self._key_result(int(quarter), n, index, row))
        self.show_scores()
        self.widget.children = children

    def _key_result(self, quarter: int, n: int, index, row) -> w.Widget:
        if row["kind"] == "milestone":
            # No readout: typed there, "50" would be read as 5000 % and stop at 100 %; the
            # score beside it says the fraction done.
            control = w.FloatSlider(
                value=float(row["actual"]),
                min=0,
                max=1,
                step=0.05,
                readout=False,
                continuous_update=False,
                layout=w.Layout(width="150px"),
            )
            target = "fraction done"
        else:
            control = w.FloatText(
                value=float(row["actual"]),
                continuous_update=False,
                layout=w.Layout(width="110px"),
            )
            better = "≤" if row["direction"] == "lower" else "≥"
            target = f"target {better} {row['target']:,g} {row['unit']}"
        control.add_class(f"okr-q{quarter}-kr{n}")
        control.observe(lambda c, i=index: self.changed(i, c["new"]), names="value")
        score = w.HTML("", layout=w.Layout(width="56px"))
        score.add_class("okr-score")
        self.inputs[index] = control
        self.scores[index] = score
        text = w.HTML(piece("okr_kr", str(row["key_result"]), f"{row['weight']:.0%}", target))
        return w.VBox([text, w.HBox([control, score])])

    def set_everywhere(self, performance: float) -> None:
        """Every key result's actual where its quarter scores ``performance`` (a preset), as the
        core says (:func:`core.okr.actuals_at`: a CAC key result stated against the previous
        quarter takes its target from that quarter's actual)."""
        quarters = {int(q): performance for q in self.plan["quarter"].unique()}
        actuals = okr.actuals_at(self.plan, quarters)["actual"]
        for index, actual in actuals.items():
            self.plan.at[index, "actual"] = actual
            control = self.inputs.get(index)
            if control is not None:
                self._setting = True  # the plan already holds it: no feed per input
                try:
                    control.value = actual
                finally:
                    self._setting = False
        self.show_scores()

    def changed(self, index, value) -> None:
        """An actual was typed: its quarter's score becomes the quarter's performance."""
        if self._setting:
            return
        self.plan.at[index, "actual"] = value
        try:
            perf = self.show_scores()
        except PrepayError as exc:
            self._on_error(exc)
            return
        quarter = int(self.plan.at[index, "quarter"])
        self._set_performance(quarter, float(perf[quarter]))

    def show_scores(self) -> pd.Series:
        scored = okr.score_key_results(self.plan)
        perf = okr.quarter_performance(scored)
        for index, score in scored["score"].items():
            if index in self.scores:
                self.scores[index].value = piece("okr_score", f"{score:.0%}")
        for quarter, label in self.quarter_labels.items():
            stage = self._catalog.split(quarter - 1).stage
            label.value = piece("okr_quarter", quarter, stage, f"{float(perf[quarter]):.1%}")
        return perf
