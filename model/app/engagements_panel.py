"""The "Engagements" tab: the signed engagements of the store with plan against actual, one
quarter's key results entered in a form, and the variable invoice it calls for shown before it
is issued; then recorded and issued, with the seller's name, as ``prepay engagement record``
and ``invoice`` do (:mod:`store.engagements`).

Built when the tab is first opened (it opens the database, which a page that never shows the tab
does not need). Every figure is the core's (:class:`core.engagement.Engagement`); the preview
asks the engagement what the typed results give, without writing anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import ipywidgets as w

from prepay_modeller.app.text import money_table, piece
from prepay_modeller.core.engagement import Engagement, Result
from prepay_modeller.core.errors import PrepayError, Problem
from prepay_modeller.inputs.engagements import read_milestone
from prepay_modeller.inputs.locales import DEFAULT_CURRENCY
from prepay_modeller.inputs.numbers import parse_number
from prepay_modeller.presentation.engagements import list_frame
from prepay_modeller.presentation.i18n import N_, Speech

TITLE = N_("Engagements")
LABEL_WIDTH, BOX_WIDTH = "520px", "120px"  # the form's columns: key result, actual, target
LIST_COLUMNS = {
    "client": N_("Client"),
    "option": N_("Option"),
    "start": N_("Start"),
    "recorded": N_("Recorded"),
    "planned_variable": N_("Variable part expected"),
    "actual_variable": N_("Variable part earned"),
    "difference": N_("Difference"),
    "invoiced": N_("Invoiced"),
}
MONEY_COLUMNS = ("planned_variable", "actual_variable", "difference", "invoiced")
WORDS = (
    ("engagement", "description", N_("Engagement")),
    ("quarter", "description", N_("Quarter")),
    ("user", "description", N_("Your name")),
    ("day", "description", N_("Invoice date")),
    ("reason", "description", N_("Reason")),
    ("reason", "placeholder", N_("why an issued invoice is corrected")),
    ("record_button", "description", N_("Record the results")),
    ("issue_button", "description", N_("Issue the invoice")),
    ("refresh_button", "description", N_("Refresh")),
)


def Words(speech: Speech):  # noqa: N802 - the proposal's words, imported when the tab is used
    """The proposal's formatter of amounts, dates and quarters (imported here, on first use: a
    page that never opens the tab does not load the proposal's modules)."""
    from prepay_modeller.presentation.proposal.words import Words as words

    return words(speech)


def _kind(kind: str) -> str:
    from prepay_modeller.presentation.statement import KINDS

    return KINDS[kind]


def _store():
    from prepay_modeller.store import db

    return db.open_store()


class KeyResultRow:
    """One key result's boxes: its actual (a milestone's fraction done) and its target."""

    def __init__(self, kr: dict, target, on_change):
        self.kr = kr
        self.label = w.HTML("", layout=w.Layout(width=LABEL_WIDTH))
        self.label.add_class("engagement-kr")
        self.actual = w.Text(layout=w.Layout(width=BOX_WIDTH), continuous_update=False)
        self.actual.add_class(f"engagement-actual-{kr['kr']}")
        self.target = w.Text(layout=w.Layout(width=BOX_WIDTH), continuous_update=False)
        self.target.add_class(f"engagement-target-{kr['kr']}")
        if kr["kind"] == "milestone":
            self.target.disabled = True
            self.target.placeholder = "100%"
        else:  # the target used when none is typed (rule 7: CAC from last quarter's actual)
            self.target.placeholder = f"{float(target):g}"
        for box_widget in (self.actual, self.target):
            box_widget.observe(lambda _c: on_change(), names="value")
        self.widget = w.HBox([self.label, self.actual, self.target])
        self.widget.add_class("engagement-kr-row")

    def result(self, problems: list[Problem]) -> Result | None:
        """The typed values as a :class:`Result` (None, with its problems, where they are not
        numbers)."""
        name = self.kr["key_result"]
        try:
            if self.kr["kind"] == "milestone":
                actual = read_milestone(self.actual.value)
            else:
                actual = parse_number("actual", self.actual.value, "a number")
            target = None
            if self.target.value.strip() and self.kr["kind"] != "milestone":
                target = parse_number("target", self.target.value, "a number above 0, or empty")
        except PrepayError as exc:
            problems += [replace(p, field=f"{name}, {p.field}") for p in exc.problems]
            return None
        return Result(name, actual, target)

    def fill(self, recorded: Result | None) -> None:
        milestone = self.kr["kind"] == "milestone"
        if recorded is None:
            self.actual.value, self.target.value = "", ""
            return
        actual = recorded.actual
        self.actual.value = f"{actual * 100:g}%" if milestone else f"{actual:g}"
        self.target.value = "" if recorded.target is None else f"{recorded.target:g}"


class EngagementsPanel:
    """The tab's widgets; ``app.speech`` is the language they speak."""

    def __init__(self, app, today=dt.date.today):
        self.app = app
        self._today = today
        self.built = False
        self._spoken: Speech | None = None
        self.engagement_id: int | None = None
        self.e: Engagement | None = None
        self.rows: list[KeyResultRow] = []
        self.hint = w.HTML("")
        self.list_table = w.HTML("")
        self.list_table.add_class("engagements-list")
        self.engagement = w.Dropdown(options=[], layout=w.Layout(width="360px"))
        self.engagement.add_class("engagement-choice")
        self.quarter = w.Dropdown(options=[], layout=w.Layout(width="200px"))
        self.quarter.add_class("engagement-quarter")
        self.user = w.Text(layout=w.Layout(width="260px"))
        self.user.add_class("engagement-user")
        self.day = w.DatePicker(value=today(), layout=w.Layout(width="260px"))
        self.day.add_class("engagement-day")
        self.reason = w.Text(layout=w.Layout(width="520px"))
        self.reason.add_class("engagement-reason")
        self.form = w.VBox([])
        self.form.add_class("engagement-form")
        self.preview = w.HTML("")
        self.preview.add_class("engagement-preview")
        self.message = w.HTML("")
        self.message.add_class("engagement-message")
        self.record_button = w.Button(icon="save", layout=w.Layout(width="200px"))
        self.record_button.add_class("engagement-record")
        self.issue_button = w.Button(icon="file-text", layout=w.Layout(width="200px"))
        self.issue_button.add_class("engagement-issue")
        self.refresh_button = w.Button(icon="refresh", layout=w.Layout(width="120px"))
        self.record_button.on_click(lambda _b: self.record())
        self.issue_button.on_click(lambda _b: self.issue())
        self.refresh_button.on_click(lambda _b: self.refresh())
        self.engagement.observe(lambda _c: self._chosen(), names="value")
        self.quarter.observe(lambda _c: self._draw_form(), names="value")
        for control in (self.day, self.reason):
            control.observe(lambda _c: self.show_preview(), names="value")
        self.widget = w.VBox([w.HTML(piece("hint", "okrs-loading"))])
        self.widget.add_class("engagements-panel")

    @property
    def speech(self) -> Speech:
        return self.app.speech

    def _(self, english: str) -> str:
        return self.speech.gettext(english)

    # --- drawing ---------------------------------------------------------------------------

    def opened(self) -> None:
        """Draw the tab the first time it is shown, and read the engagements again each time."""
        if not self.built:
            from prepay_modeller.store import audit

            self.user.value = audit.user()
            self.widget.children = [
                self.hint,
                w.HBox([self.refresh_button]),
                self.list_table,
                w.HBox([self.engagement, self.quarter]),
                self.form,
                self.preview,
                w.HBox([self.user, self.day]),
                self.reason,
                w.HBox([self.record_button, self.issue_button]),
                self.message,
            ]
            self.built = True
        self.relabel()
        self.refresh()

    def update(self, _terms=None) -> None:
        """After a change on the explorer: follow its language, where it changed."""
        if self.built and self.speech != self._spoken:
            self.relabel()
            self._draw_form()

    def relabel(self) -> None:
        self._spoken = self.speech
        for attribute, field, english in WORDS:
            setattr(getattr(self, attribute), field, self._(english))
        self._say_hint()
        for row in self.rows:
            row.label.value = self._kr_label(row.kr)

    def _say_hint(self) -> None:
        text = self._(
            N_(
                "Signed engagements, plan against actual over the quarters recorded. Choose "
                "one and a quarter, type its key results (a milestone as the share done), check "
                "the variable invoice below, then record the results and issue it."
            )
        )
        # The database's URL is not said: a page names no server path (prepay db shows it).
        self.hint.value = piece("status", "hint", text)

    def refresh(self) -> None:
        """Read the engagements again (another seller may have recorded or issued since)."""
        from prepay_modeller.store import engagements

        try:
            store = _store()
            found = engagements.every(store)
        except PrepayError as exc:
            self._status("failed", str(exc))
            return
        self._say_hint()
        if not found:
            self.list_table.value = piece(
                "status",
                "hint",
                self._(N_("No engagement yet: prepay engagement new records one.")),
            )
        else:
            frame = list_frame(found)
            frame["option"] = [self._(e.terms.option.display) for e in found]
            # Each engagement's money in its client's currency, in the page's language.
            spoken = [Speech(self.speech.locale, e.currency or DEFAULT_CURRENCY) for e in found]
            for column in MONEY_COLUMNS:
                frame[column] = [s.money(v) for s, v in zip(spoken, frame[column], strict=True)]
            columns = {k: self._(v) for k, v in LIST_COLUMNS.items()}
            formats = {c: str for c in MONEY_COLUMNS}
            self.list_table.value = money_table(frame, columns, formats, speech=self.speech)
        choices = [(f"{e.id}: {e.client}", e.id) for e in found]
        current = self.engagement.value
        self.engagement.options = choices
        if current in [c[1] for c in choices]:
            self.engagement.value = current
            self._chosen()
        elif choices:
            self.engagement.value = choices[0][1]

    def _chosen(self) -> None:
        from prepay_modeller.store import engagements

        engagement_id = self.engagement.value
        if engagement_id is None:
            return
        try:
            self.e = engagements.get(_store(), engagement_id)
        except PrepayError as exc:
            self._status("failed", str(exc))
            return
        f = Words(self.speech)
        quarters = [
            (f.stage(line.quarter, line.stage), line.quarter) for line in self.e.quote.lines
        ]
        keep = self.quarter.value if self.engagement_id == engagement_id else None
        self.engagement_id = engagement_id
        self.quarter.options = quarters
        first_open = next(
            (q for _label, q in quarters if not self.e.issued_for(q)), quarters[-1][1]
        )
        self.quarter.value = keep if keep in [q for _l, q in quarters] else first_open
        self._draw_form()

    def _kr_label(self, kr: dict) -> str:
        return piece("okr_kr", self._(kr["key_result"]), self.speech.percent(kr["weight"]),
                     self._(str(kr["unit"])))  # fmt: skip

    def _draw_form(self) -> None:
        if self.e is None or self.quarter.value is None:
            return
        q = self.quarter.value
        krs = self.e.key_results(q).to_dict("records")
        targets = self.e.default_targets(q)
        self.rows = [KeyResultRow(kr, targets[kr["key_result"]], self.show_preview) for kr in krs]
        recorded = self.e.actuals.get(q)
        given = {r.key_result: r for r in recorded.results} if recorded is not None else {}
        for row in self.rows:
            row.label.value = self._kr_label(row.kr)
            row.fill(given.get(row.kr["key_result"]))
        head = w.HBox(
            [w.HTML(f"<b>{self._(text)}</b>", layout=w.Layout(width=width))
             for text, width in (("Key result", LABEL_WIDTH), ("Actual", BOX_WIDTH),
                                 ("Target", BOX_WIDTH))]
        )  # fmt: skip
        head.add_class("engagement-kr-row")
        self.form.children = [head, *(row.widget for row in self.rows)]
        self.show_preview()

    # --- what the typed results give --------------------------------------------------------

    def show_preview(self) -> None:
        """The quarter's performance and variable part from the typed results, and the invoice
        they call for, before anything is recorded or issued (:func:`preview`)."""
        if self.e is None:
            return
        q = self.quarter.value
        typed, problems = typed_engagement(self.e, q, self.rows)
        if problems:
            self.preview.value = piece("status", "failed", "; ".join(p.message for p in problems))
            return
        on = self.day.value or self._today()
        kind, text, detail = preview(typed or self.e, q, on, self.reason.value, self.speech)
        self.preview.value = piece("status", kind, text, detail)

    # --- changes ---------------------------------------------------------------------------

    def record(self) -> None:
        """Record the typed results of the quarter (as ``prepay engagement record``)."""
        from prepay_modeller.store import audit, engagements

        problems: list[Problem] = []
        results = [row.result(problems) for row in self.rows]
        try:
            if problems:
                raise PrepayError(problems=problems)
            engagements.record(_store(), self.engagement_id, self.quarter.value,
                               audit.user(self.user.value), results=results)  # fmt: skip
        except PrepayError as exc:
            self._status("failed", self._(N_("Not recorded: {error}")).format(error=exc))
            return
        self._status("done", self._(N_("Recorded {quarter} for {client}.")).format(
            quarter=Words(self.speech).q(self.quarter.value), client=self.e.client))  # fmt: skip
        self.refresh()

    def issue(self) -> None:
        """Issue the invoice the recorded results call for (as ``prepay engagement invoice``)."""
        from prepay_modeller.store import audit, engagements

        try:
            invoice = engagements.issue(
                _store(), self.engagement_id, audit.user(self.user.value),
                self.day.value or self._today(), quarter=self.quarter.value,
                reason=self.reason.value,
            )  # fmt: skip
        except PrepayError as exc:
            self._status("failed", self._(N_("Not issued: {error}")).format(error=exc))
            return
        f = Words(self.speech)
        what = self._(_kind(invoice.kind)).format(term=invoice.term, quarter=f.q(invoice.quarter))
        self._status("done", self._(N_("Issued invoice {number}: {what}, {amount}.")).format(
            number=invoice.number, what=what, amount=f.money(invoice.amount)))  # fmt: skip
        self.reason.value = ""
        self.refresh()

    def _status(self, kind: str, text: str) -> None:
        self.message.value = piece("status", kind, text)


def typed_engagement(
    e: Engagement, quarter: int, rows: list[KeyResultRow]
) -> tuple[Engagement | None, list[Problem]]:
    """The engagement as it would stand with the typed results (nothing written): None where
    nothing is typed, or with the problems of what is."""
    problems: list[Problem] = []
    if not any(row.actual.value.strip() for row in rows):
        return None, problems
    results = [row.result(problems) for row in rows]
    if problems:
        return None, problems
    try:
        checked = e.check_actuals(quarter, results=results)
    except PrepayError as exc:
        return None, exc.problems
    return replace(e, actuals={**e.actuals, checked.quarter: checked}), []


def preview(e: Engagement, q: int, on: dt.date, reason: str, speech: Speech) -> tuple:
    """What quarter ``q``'s results give and the invoice they call for on day ``on`` (or the
    quarter's end), as ``(kind, sentence, detail)`` for the status piece."""
    _ = speech.gettext
    perf = e.actual_performance(q)
    if perf is None:
        return "hint", _(N_("Type the quarter's key results.")), ""
    f = Words(speech)
    line, row = e.line(q), e.quarter_rows()[q - 1]
    summary = _(
        N_("{quarter}: performance {actual} (expected {planned}); variable part {variable} "
           "(expected {expected}).")
    ).format(
        quarter=f.q(q), actual=f.pct(float(perf)), planned=f.pct(row["planned_performance"]),
        variable=f.money(row["variable"]), expected=f.money(row["planned_variable"]),
    )  # fmt: skip
    try:
        draft = e.draft_variable(q, max(on, line.end), reason or "…")
    except PrepayError as exc:
        return "hint", summary, "; ".join(p.message for p in exc.problems)
    what = _(_kind(draft.kind)).format(term=draft.term, quarter=f.q(q))
    sentence = N_("The invoice to issue: {what}, dated {issued}, due {due}: {amount}.")
    invoice = _(sentence).format(
        what=what, issued=f.day(draft.issued), due=f.day(draft.due), amount=f.money(draft.amount)
    )
    return "done", summary, invoice
