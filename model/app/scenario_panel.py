"""Save, load and compare scenarios in the app: those of ``prepay scenarios``, in the store the
team shares (or a folder of files; one format, the same validation: :mod:`inputs.scenarios`),
two to four side by side
(:func:`presentation.documents.scenarios_table`).
"""

from __future__ import annotations

import ipywidgets as w

from prepay_modeller.app.link import Setting, saved_scenario, setting_of_scenario
from prepay_modeller.app.text import piece, said, signed_percent
from prepay_modeller.core.errors import InputError, PrepayError, Problem
from prepay_modeller.inputs import scenarios
from prepay_modeller.inputs.locales import DEFAULT_CURRENCY, REGIONS
from prepay_modeller.presentation import i18n
from prepay_modeller.presentation.documents import scenarios_table
from prepay_modeller.presentation.i18n import N_

ON_SCREEN = N_("(on screen)")
COMPARE_MAX = 4


def saved_names() -> list[str]:
    """The names of the saved scenarios: the store's (shared by the team) and the scenarios
    folder's files."""
    try:
        return scenarios.names()
    except PrepayError:  # a database that cannot be read: the files are still listed
        return scenarios.names(scenarios.scenarios_dir())


class ScenarioPanel:
    """The sidebar's scenario section; ``app`` gives the setting and applies a loaded one."""

    def __init__(self, app):
        self.app = app
        self._loaded: dict[str, int | None] = {}  # name -> the version loaded (the store's)
        wide = w.Layout(width="100%")
        self.name = w.Text(placeholder="name, e.g. acme-prepay-6", layout=w.Layout(flex="1 1 auto"))
        self.name.add_class("scenario-name")
        self.save_button = w.Button(description="Save", icon="save", layout=w.Layout(width="90px"))
        self.save_button.add_class("save-scenario")
        self.save_button.on_click(lambda _b: self.save())
        self.overwrite = w.Checkbox(value=False, description="Replace a saved one", indent=False)
        self.overwrite.add_class("scenario-overwrite")
        self.choice = w.Dropdown(options=[], layout=w.Layout(flex="1 1 auto"))
        self.choice.add_class("scenario-choice")
        self.load_button = w.Button(
            description="Load", icon="folder-open", layout=w.Layout(width="90px")
        )
        self.load_button.add_class("load-scenario")
        self.load_button.on_click(lambda _b: self.load())
        self.chosen = w.SelectMultiple(options=[], rows=5, layout=wide)
        self.chosen.add_class("compare-scenarios")
        self.compare_button = w.Button(
            description="Compare side by side", icon="columns", layout=wide
        )
        self.compare_button.add_class("compare-button")
        self.compare_button.on_click(lambda _b: self.compare())
        self.message = w.HTML("")
        self.message.add_class("scenario-message")
        self.table = w.HTML("")
        self.table.add_class("scenario-comparison")
        self.widget = w.VBox(
            [
                w.HTML(piece("hint", "scenarios")),
                w.HBox([self.name, self.save_button]),
                self.overwrite,
                w.HBox([self.choice, self.load_button]),
                self.chosen,
                self.compare_button,
                self.message,
            ]
        )
        self.refresh()

    def refresh(self) -> None:
        """The saved scenarios as the folder holds them now (read when a page opens, after
        every save, and when the page is shown again: another page may have saved one)."""
        names = saved_names()
        if list(self.choice.options) == names and len(self.chosen.options) == len(names) + 1:
            self._relabel_on_screen()
            return
        current = self.choice.value
        self.choice.options = names
        self.choice.value = current if current in names else (names[0] if names else None)
        kept = [v for v in self.chosen.value if v in names or v == ON_SCREEN]
        on_screen = self.app.speech.gettext(ON_SCREEN)
        self.chosen.options = [(on_screen, ON_SCREEN), *((n, n) for n in names)]
        self.chosen.value = tuple(kept)

    def _relabel_on_screen(self) -> None:
        on_screen = self.app.speech.gettext(ON_SCREEN)
        options = list(self.chosen.options)
        if options and options[0] != (on_screen, ON_SCREEN):
            kept = self.chosen.value
            self.chosen.options = [(on_screen, ON_SCREEN), *options[1:]]
            self.chosen.value = kept

    def _say(self, kind: str, english: str, detail: str = "", **values) -> None:
        """A status line in the client's language (``english`` is a catalog message)."""
        text = self.app.speech.gettext(english).format(**values)
        self.message.value = piece("status", kind, text, detail)

    def _failed(self, english: str, exc: Exception, **values) -> None:
        """A failure in the client's language: ``english`` with the problems said in it."""
        self._say("failed", english, error=said(exc, self.app.speech), **values)

    def save(self) -> None:
        """Save the scenario on screen under the name typed."""
        setting = self.app.setting()
        try:
            refused = self.app.refusal()
            if refused is not None:
                raise InputError(problems=[refused])
            if setting is None:
                raise PrepayError(problems=self.app._problems)
            fields = scenarios.fields_of(
                setting.terms,
                self.name.value.strip(),
                discount_rate=setting.discount_rate,
                prospect=setting.prospect or None,
                contact=setting.contact or None,
                # A language and currency other than the defaults are part of the scenario.
                language=None if setting.language == REGIONS["en"] else setting.language,
                currency=None if setting.currency == DEFAULT_CURRENCY else setting.currency,
            )
            # Replacing the one loaded here is refused if another seller saved it since.
            loaded = self._loaded.get(fields["name"]) if self.overwrite.value else None
            scenarios.save(fields, overwrite=self.overwrite.value, expected_version=loaded)
        except PrepayError as exc:
            self._failed(N_("Not saved: {error}"), exc)
            return
        self._loaded[fields["name"]] = scenarios.saved(fields["name"]).extra.get("version")
        self.refresh()
        self.choice.value = fields["name"]
        self._say("done", N_("Saved {name}"), name=fields["name"])  # no server path

    def load(self) -> None:
        """Show the scenario chosen in the list."""
        name = self.choice.value
        if not name:
            self._say("failed", N_("No saved scenario yet: save one first."))
            return
        try:
            scenario = saved_scenario(name)
            setting = setting_of_scenario(scenario)
        except PrepayError as exc:
            self._failed(N_("Cannot load {name}: {error}"), exc, name=name)
            return
        self._loaded[name] = scenario.extra.get("version")  # the version this seller sees
        self.app.apply(setting)
        self._say("done", N_("Loaded {name}"), name=name)

    def compare(self) -> None:
        """Two to four scenarios side by side, below the explorer's views."""
        names = list(self.chosen.value)
        try:
            if not 2 <= len(names) <= COMPARE_MAX:
                raise InputError(problems=[Problem(
                    detail=N_("Choose two to four scenarios to compare ({count} chosen)."),
                    params=(("count", len(names)),))])  # fmt: skip
            chosen = [self._scenario(n) for n in names]
        except PrepayError as exc:
            self._failed("{error}", exc)
            return
        rates = [s.discount_rate for s in chosen]
        self.table.value = side_by_side(scenarios_table(chosen, rates), chosen, self.app.speech)
        self.app.show_comparison()
        shown = [self.app.speech.gettext(n) for n in names]
        self._say("done", N_("Compared {names}"), names=self.app.speech.comma.join(shown))

    def _scenario(self, name: str) -> scenarios.Scenario:
        if name != ON_SCREEN:
            return saved_scenario(name)
        setting: Setting | None = self.app.setting()
        if setting is None:
            raise PrepayError(problems=self.app._problems)
        fields = {
            "discount_rate": setting.discount_rate,
            "language": setting.language,
            "currency": setting.currency,
        }
        return scenarios.Scenario(name=ON_SCREEN, fields=fields, terms=setting.terms)


def side_by_side(frame, chosen: list[scenarios.Scenario], speech=i18n.ENGLISH) -> str:
    """The scenarios table transposed for people: one column per scenario, in ``speech``'s
    language, each column's money in its own scenario's currency."""
    _ = speech.gettext
    label = {o.name: _(o.display) for s in chosen for o in s.terms.catalog.options}
    english = speech.language == "en"
    words = [i18n.speech(speech.locale, s.currency) for s in chosen]

    def money(column: str) -> list[str]:
        if english and all(s.currency == DEFAULT_CURRENCY for s in chosen):
            return [i18n.ENGLISH.money(v) for v in frame[column]]
        return [w.money(v) for w, v in zip(words, frame[column], strict=True)]

    def share(value) -> str:
        if value != value:  # NaN: no such figure
            return "—"
        return speech.percent(value) or "—"

    rows = [
        (_("Option"), [label.get(o, o) for o in frame["option"]]),
        (_("Monthly rate"), money("rate")),
        (_("Months"), [str(v) for v in frame["horizon"]]),
        (_("Start"), [f"{v:%d %b %Y}" if english else speech.date(v) for v in frame["start"]]),
        (
            _("Performance"),
            [speech.comma.join(speech.percent(p, 6) for p in s.terms.performance) for s in chosen],
        ),
        (_("First prepayment"), money("prepayment")),
        (_("Total"), money("total")),
        (_("Pay-as-you-go"), money("payg_total")),
        (_("Saves vs pay-as-you-go"), money("savings_vs_payg")),
        (_("Saves (share)"), [signed_percent(v, speech) for v in frame["savings_share"]]),
        (
            _("Break-even"),
            [share(v) if v is not None else "—" for v in frame["break_even_performance"]],
        ),
        (_("Opt-out cost"), money("opt_out_cost")),
    ]
    if "npv" in frame:
        rows += [
            (
                _("Discount rate"),
                [share(v) if v is not None else "—" for v in frame["discount_rate"]],
            ),
            (_("Net present value (− is a cost)"), money("npv")),
            (_("Saves vs pay-as-you-go today"), money("npv_savings_vs_payg")),
            (
                _("Return of prepaying (IRR)"),
                [share(v) if v is not None else "—" for v in frame["irr_vs_payg"]],
            ),
        ]
    names = [_(n) if n == ON_SCREEN else n for n in frame["name"]]
    return piece("side_by_side", names, rows)
