"""The prospect and the proposal: the prospect's and the contact's names, and two buttons that
render the batch's report template for exactly the scenario on screen (splits and discount rate
included) and download it as PDF or HTML.

The scenario becomes the template's parameters in one place
(:func:`inputs.parameters.report_parameters`); the render runs on a background thread
(:class:`app.proposal_job.ProposalRenderer`) while the buttons count the seconds.
"""

from __future__ import annotations

import re
import time
import unicodedata

import ipywidgets as w

from prepay_modeller.app.download import DownloadButton
from prepay_modeller.app.link import setting_of_scenario
from prepay_modeller.app.proposal_job import ProposalRenderer
from prepay_modeller.app.text import piece, said
from prepay_modeller.core.errors import PrepayError
from prepay_modeller.inputs.parameters import PROSPECT_COLUMNS
from prepay_modeller.presentation.exports import CSV_MIME, csv_rows
from prepay_modeller.presentation.i18n import N_

MIME = {"pdf": "application/pdf", "html": "text/html"}
PROPOSAL_HELP = {
    "pdf": N_("The proposal for the scenario on screen, as PDF"),
    "html": N_("The proposal for the scenario on screen, as HTML"),
}
ROW_HELP = N_("This scenario as a row of the prospects CSV, for prepay reports")
RENDER_FAILED = N_(
    "the proposal could not be made this time; try again, or make it with prepay reports"
)
OPENED = N_("Opened the proposal {reference} ({name}): its scenario is on screen.")
MAX_UPLOAD = 20_000_000


def open_proposal(name: str, data: bytes):
    """The :class:`inputs.proposal_file.ProposalFile` of an uploaded PDF (read from a private
    temporary copy)."""
    import tempfile
    from pathlib import Path

    from prepay_modeller.inputs.proposal_file import read_proposal

    if len(data) > MAX_UPLOAD:
        raise PrepayError(f"{name}: is too large (allowed: a proposal PDF up to 20 MB)")
    with tempfile.TemporaryDirectory(prefix="prepay-open-") as folder:
        path = Path(folder) / "proposal.pdf"
        path.write_bytes(data)
        try:
            return read_proposal(path)
        except PrepayError as exc:
            raise PrepayError(str(exc).replace("proposal.pdf", name)) from None


def slug(prospect: str) -> str:
    """A prospect's name for a file name: ASCII, at most 48 characters (may be empty)."""
    ascii_name = unicodedata.normalize("NFKD", prospect).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:48].strip("-")


def file_stem(prospect: str, option: str) -> str:
    """``proposal-acme-analytics-prepay-6``."""
    return f"proposal-{slug(prospect) or 'prospect'}-{option}"


def prospect_row(params: dict) -> bytes:
    """The scenario as a row of the prospects CSV (``prepay reports`` renders the same
    proposal from it): the columns of the report's parameters, text safe for a spreadsheet."""
    row = [params.get(c) for c in PROSPECT_COLUMNS]
    return csv_rows([PROSPECT_COLUMNS, row]).encode("utf-8")


def request_proposal(app, renderer: ProposalRenderer, fmt: str, button, status) -> None:
    """Render (or reuse) the proposal of the scenario on ``app``'s screen and deliver it as
    ``fmt`` through ``button``, saying how it goes in ``status``."""
    params = app.report_parameters()  # raises on a bad scenario or no prospect
    q = app.comparison.chosen
    words = app.speech  # the client's language and currency
    said = dict(
        prospect=params["prospect"],
        option=words.gettext(q.terms.option.display),
        total=words.money(q.totals["total"]),
        months=q.terms.horizon,
        speech=words,
    )
    started = time.monotonic()

    def done(files, error):
        if files is None:  # the render's own words (a cell's error) are in the log
            button.fail()
            failed = words.gettext(RENDER_FAILED)
            status.value = piece("proposal_status", "failed", error=failed, **said)
            return
        name = f"{file_stem(params['prospect'], params['option'])}.{fmt}"
        button.deliver(name, MIME[fmt], files[fmt])
        seconds = round(time.monotonic() - started)
        status.value = piece("proposal_status", "done", seconds=seconds, **said)

    if renderer.request(params, done) != "ready":
        status.value = piece("proposal_status", "busy", **said)


class ProposalPanel:
    """The sidebar's prospect section; ``app`` gives the report's parameters and the quote."""

    def __init__(self, app, renderer: ProposalRenderer | None = None, warm: bool = False):
        self.app = app
        self.renderer = renderer or ProposalRenderer()
        self._warm = warm
        text = {"description_width": "70px"}
        self.prospect = w.Text(
            placeholder="the prospect's company", description="Prospect", style=text,
            layout=w.Layout(width="100%"),
        )  # fmt: skip
        self.prospect.add_class("prospect-name")
        self.contact = w.Text(
            placeholder="addressed to (optional)", description="Contact", style=text,
            layout=w.Layout(width="100%"),
        )  # fmt: skip
        self.contact.add_class("prospect-contact")
        self.buttons = {
            fmt: DownloadButton(
                f"Proposal {fmt.upper()}",
                lambda fmt=fmt: self.ask(fmt),
                on_error=self._failed,
                help=PROPOSAL_HELP[fmt],
                slow=True,
            )
            for fmt in ("pdf", "html")
        }
        for fmt, button in self.buttons.items():
            button.add_class(f"download-proposal-{fmt}")
        self.row = DownloadButton(
            "Prospects CSV row",
            self.row_file,
            on_error=self._failed,
            help=ROW_HELP,
        )
        self.row.add_class("download-prospect-row")
        self.status = w.HTML("")
        self.status.add_class("proposal-status")
        self.opener = w.FileUpload(
            accept=".pdf", multiple=False, description="Open a proposal", icon="folder-open",
            layout=w.Layout(width="auto"),
        )  # fmt: skip
        self.opener.add_class("open-proposal")
        self.opener.observe(lambda c: self.open_pdf(c["new"]), names="value")
        self.widget = w.VBox(
            [
                self.prospect,
                self.contact,
                w.HBox(list(self.buttons.values())),
                w.HBox([self.row, self.opener]),
                self.status,
                w.HTML(piece("hint", "prospect")),
            ]
        )
        self.prospect.observe(self._named, names="value")

    def _named(self, change) -> None:
        if self._warm and change["new"].strip():
            self.renderer.warm()  # the name is typed: the proposal is likely next

    def ask(self, fmt: str) -> None:
        """A click: render (or reuse) the proposal, then download it as ``fmt``."""
        request_proposal(self.app, self.renderer, fmt, self.buttons[fmt], self.status)

    def open_pdf(self, uploaded) -> None:
        """Show the scenario a proposal PDF carries (its embedded scenario file)."""
        if not uploaded:
            return
        item = uploaded[0]
        name, data = str(item.get("name", "proposal.pdf")), bytes(item.get("content", b""))
        self.opener.value = ()  # the same file can be opened again
        words = self.app.speech
        try:
            opened = open_proposal(name, data)
        except PrepayError as exc:
            error = said(exc, words)
            self.status.value = piece("proposal_status", "failed", "", error=error, speech=words)
            return
        self.app.apply(setting_of_scenario(opened.scenario))
        text = words.gettext(OPENED).format(reference=opened.reference, name=name)
        self.status.value = piece("status", "done", text)

    def row_file(self) -> tuple[str, str, bytes]:
        """The prospects CSV row of the scenario on screen."""
        params = self.app.report_parameters()
        self.status.value = ""
        return (
            f"prospect-{slug(params['prospect']) or 'prospect'}.csv",
            CSV_MIME,
            prospect_row(params),
        )

    def _failed(self, exc: Exception) -> None:
        speech = self.app.speech
        error = said(exc, speech)
        self.status.value = piece("proposal_status", "failed", "", error=error, speech=speech)
