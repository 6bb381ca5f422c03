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
from prepay_modeller.presentation.i18n import ENGLISH, Speech


class OkrPanel:
    """The key results; ``set_performance(quarter, value)`` receives each quarter's score."""

    def __init__(
        self,
        template: pd.DataFrame,
        catalog: Catalog,
        set_performance: Callable[[int, float], None],
        on_error: Callable[[Exception], None],
        speech: Callable[[], Speech] = lambda: ENGLISH,
    ):
        self.plan = okr.okr_plan(template)
        self._speech = speech  # the client's language, when the panel is drawn or relabelled
        self._catalog = catalog
        self._set_performance = set_performance
        self._on_error = on_error
        self._setting = False
        self.inputs: dict[int, w.Widget] = {}
        self.scores: dict[int, w.HTML] = {}
        self.quarter_labels: dict[int, w.HTML] = {}
        self.texts: dict[object, w.HTML] = {}
        self.widget = w.VBox([w.HTML(piece("hint", "okrs-loading", speech=speech()))])

    def build(self) -> None:
        """Draw the key results (once)."""
        if self.inputs:
            return
        self.hint = w.HTML(piece("hint", "okrs", speech=self._speech()))
        children = [self.hint]
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
        else:
            control = w.FloatText(
                value=float(row["actual"]),
                continuous_update=False,
                layout=w.Layout(width="110px"),
            )
        control.add_class(f"okr-q{quarter}-kr{n}")
        control.observe(lambda c, i=index: self.changed(i, c["new"]), names="value")
        score = w.HTML("", layout=w.Layout(width="56px"))
        score.add_class("okr-score")
        self.inputs[index] = control
        self.scores[index] = score
        self.texts[index] = w.HTML(_key_result_text(row, self._speech()))
        return w.VBox([self.texts[index], w.HBox([control, score])])

    def relabel(self, speech: Speech) -> None:
        """The panel's words in ``speech``'s language (when it is drawn already)."""
        if not self.inputs:
            self.widget.children[0].value = piece("hint", "okrs-loading", speech=speech)
            return
        self.hint.value = piece("hint", "okrs", speech=speech)
        for index, text in self.texts.items():
            text.value = _key_result_text(self.plan.loc[index], speech)
        self.show_scores()

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
        speech = self._speech()
        scored = okr.score_key_results(self.plan)
        perf = okr.quarter_performance(scored)
        for index, score in scored["score"].items():
            if index in self.scores:
                self.scores[index].value = piece("okr_score", _share(score, 0, speech))
        for quarter, label in self.quarter_labels.items():
            stage = speech.gettext(self._catalog.split(quarter - 1).stage)
            score = _share(perf[quarter], 1, speech)
            label.value = piece("okr_quarter", quarter, stage, score, speech=speech)
        return perf


def _share(value, decimals: int, speech: Speech) -> str:
    """A score with ``decimals`` decimals (``96.7%``), in the locale's form elsewhere."""
    if speech.language == "en":
        return f"{float(value):.{decimals}%}"
    return speech.percent(round(float(value), decimals + 2))


def _key_result_text(row, speech: Speech) -> str:
    """A key result, its weight and its target, in ``speech``'s language."""
    _ = speech.gettext
    if row["kind"] == "milestone":
        target = _("fraction done")
    else:
        better = "≤" if row["direction"] == "lower" else "≥"
        amount = speech.number(row["target"], 0 if float(row["target"]).is_integer() else 2)
        target = _("target {better} {amount} {unit}").format(
            better=better, amount=amount, unit=_(str(row["unit"]))
        )
    weight = speech.percent(row["weight"])
    return piece("okr_kr", _(str(row["key_result"])), weight, target)
