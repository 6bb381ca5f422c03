"""A proposal PDF's own record of what made it: its scenario file and its reference.

Every proposal PDF carries two attachments (written by :func:`presentation.pdf.embed_record`):

- ``scenario.yaml``: the scenario, as a scenario file of ``prepay scenarios`` (the same fields,
  read by the same code, :func:`inputs.scenarios.from_fields`): open it with
  ``prepay quote --scenario`` or the app's "Open a proposal";
- ``proposal.json``: ``reference`` (``PP-7K3F-Q2XM``, the one printed on the cover),
  ``parameters`` (every parameter of the report template it was rendered with: the issue date,
  how long it stands, the Monte Carlo's settings...), ``link`` (the signed client link it
  prints, or empty) and ``made_by`` (``prepay-modeller 0.1.0``).

:func:`read_proposal` is the one way to read them back (``prepay verify``, the app, and an
engagement created from a signed proposal).
"""

from __future__ import annotations

import json
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from prepay_modeller.core.errors import DataFileError, Problem
from prepay_modeller.inputs import links, scenarios

SCENARIO_FILE = "scenario.yaml"
RECORD_FILE = "proposal.json"
MAX_PDF_BYTES = 50_000_000
MAX_RECORD_BYTES = 200_000


@dataclass(frozen=True)
class ProposalFile:
    """What a proposal PDF says made it."""

    scenario: scenarios.Scenario
    reference: str
    parameters: dict = field(default_factory=dict)
    link: str = ""
    made_by: str = ""
    source: Path | None = None

    @property
    def computed_reference(self) -> str:
        """The reference its scenario gives (equal to :attr:`reference` unless edited)."""
        return links.reference(scenario_pairs(self.scenario))


def scenario_pairs(scenario: scenarios.Scenario) -> list[tuple[str, str]]:
    """A scenario's parameters as a link carries them (what its reference is derived from)."""
    from prepay_modeller.core.timevalue import DEFAULT_DISCOUNT_RATE

    f = scenario.fields
    rate = scenario.discount_rate
    return links.scenario_pairs(
        scenario.terms,
        " ".join(str(f.get("prospect") or "").split()),
        " ".join(str(f.get("contact") or "").split()),
        scenario.language,
        scenario.currency,
        DEFAULT_DISCOUNT_RATE if rate is None else rate,
    )


def _refused(path: Path, detail: str) -> DataFileError:
    return DataFileError(path, [Problem(source=path.name, detail=detail)])


def attachments(path: str | Path) -> dict[str, bytes]:
    """The files attached to the PDF at ``path`` (name → bytes)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    path = Path(path)
    if not path.is_file():
        raise _refused(path, f"file not found ({path})")
    if path.stat().st_size > MAX_PDF_BYTES:
        raise _refused(path, f"is too large (allowed: a PDF up to {MAX_PDF_BYTES:,} bytes)")
    with open(path, "rb") as f:
        if f.read(5) != b"%PDF-":
            raise _refused(path, "is not a PDF (allowed: a proposal PDF made by prepay)")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not the user's
    try:
        reader = PdfReader(path)
        return {name: data[0] for name, data in reader.attachments.items() if data}
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as exc:
        raise _refused(path, f"is not a readable PDF ({type(exc).__name__})") from None


def read_proposal(path: str | Path) -> ProposalFile:
    """The scenario and reference a proposal PDF carries; a :class:`DataFileError` naming the
    file where it is not a proposal of ours or its scenario does not read."""
    from prepay_modeller.inputs.safeyaml import Refused, read_yaml

    path = Path(path)
    files = attachments(path)
    missing = [n for n in (SCENARIO_FILE, RECORD_FILE) if n not in files]
    if missing:
        raise _refused(
            path,
            f"carries no {' or '.join(missing)} (allowed: a proposal PDF made by prepay, "
            "which embeds its scenario)",
        )
    record = files[RECORD_FILE]
    try:
        if len(record) > MAX_RECORD_BYTES:
            raise ValueError("too large")
        meta = json.loads(record.decode("utf-8"))
        if not isinstance(meta, dict) or not isinstance(meta.get("parameters", {}), dict):
            raise ValueError("not an object")
    except (ValueError, UnicodeDecodeError):
        raise _refused(path, f"its {RECORD_FILE} is not readable") from None
    with tempfile.TemporaryDirectory(prefix="prepay-proposal-") as folder:
        copy = Path(folder) / SCENARIO_FILE
        copy.write_bytes(files[SCENARIO_FILE])
        try:
            fields = read_yaml(copy)
        except Refused as exc:
            raise _refused(path, f"its {SCENARIO_FILE}: {exc.detail}") from None
    scenario = scenarios.from_fields(fields if fields is not None else {}, SCENARIO_FILE)
    return ProposalFile(
        scenario=scenario,
        reference=str(meta.get("reference") or ""),
        parameters=dict(meta.get("parameters") or {}),
        link=str(meta.get("link") or ""),
        made_by=str(meta.get("made_by") or ""),
        source=path,
    )
