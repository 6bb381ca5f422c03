"""Scenarios as files: save and load named scenarios (YAML in ``data/scenarios/``), compare two
to four side by side, and export one to Excel.

A scenario file holds the inputs of :func:`core.terms.make_terms` under their own names plus a
name and an optional description, discount rate and performance range::

    name: acme-prepay-12
    description: Acme, 12-month prepay, a slow start
    option: prepay-12
    rate: 50000
    performance: [0.8, 1.0, 1.2, 1.3]
    start: 2027-01-01
    horizon: 12            # optional, default the option's term
    payment_terms: 30      # optional
    discount_rate: 0.08    # optional, for NPV
    low: 0.6               # optional range for the Monte Carlo (with likely and high)

Every file is checked as a whole on reading: a missing required field or an unknown one is
reported naming the file and the field, and values are validated by ``make_terms`` with the
file's name in front of the message (``acme.yaml, rate: -5 is not above 0 ...``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd

from prepay_modeller.core.errors import DataFileError, InputError, PrepayError
from prepay_modeller.core.terms import Terms, make_terms
from prepay_modeller.inputs import paths
from prepay_modeller.inputs.files import atomic_write

REQUIRED = ("name", "option", "rate", "performance", "start")
OPTIONAL = (
    "description",
    "horizon",
    "payment_terms",
    "fixed",
    "variable_max",
    "discount_rate",
    "low",
    "likely",
    "high",
)
TERMS_FIELDS = ("option", "rate", "performance", "horizon", "start", "payment_terms")
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}")
NAME_ALLOWED = "letters, digits, '-', '_' and '.', starting with a letter or digit, up to 80"
SUFFIXES = (".yaml", ".yml")


def scenarios_dir() -> Path:
    """Where named scenarios live: ``$PREPAY_SCENARIOS_DIR`` when set, else ``data/scenarios``."""
    folder = os.environ.get("PREPAY_SCENARIOS_DIR")
    return Path(folder) if folder else paths.SCENARIOS_DIR


@dataclass(frozen=True)
class Scenario:
    """A named, validated scenario: its file's fields and the terms they make."""

    name: str
    fields: dict
    terms: Terms
    description: str = ""
    source: Path | None = None
    extra: dict = field(default_factory=dict)

    @property
    def discount_rate(self) -> float | None:
        from prepay_modeller.core.timevalue import discount_rate

        value = self.fields.get("discount_rate")
        return None if value is None else discount_rate(value)

    @property
    def has_range(self) -> bool:
        return self.fields.get("low") is not None


def _label(source: Path | str | None) -> str:
    return Path(source).name if source else "scenario"


def check_name(name: object) -> str:
    text = str(name).strip() if name is not None else ""
    if not NAME_PATTERN.fullmatch(text):
        raise InputError(
            "name", repr(text) if text != str(name) or not text else text, NAME_ALLOWED
        )
    return text


def from_fields(fields: dict, source: Path | str | None = None) -> Scenario:
    """Validate a scenario's fields (as read from a file); errors name the file and the field."""
    label = _label(source)
    if not isinstance(fields, dict):
        raise DataFileError(
            label, [f"{label}: not a mapping of fields (allowed: 'field: value' lines)"]
        )
    problems = []
    allowed = REQUIRED + OPTIONAL
    for name in REQUIRED:
        if name not in fields or fields[name] is None or fields[name] == "":
            problems.append(
                f"{label}: field {name} is missing (required fields: {', '.join(REQUIRED)})"
            )
    for name in fields:
        if name not in allowed:
            problems.append(
                f"{label}: field {name} is unknown (allowed fields: {', '.join(allowed)})"
            )
    if problems:
        raise DataFileError(label, problems)
    try:
        name = check_name(fields["name"])
        kwargs = {k: fields[k] for k in TERMS_FIELDS if fields.get(k) is not None}
        for k in ("fixed", "variable_max"):
            if fields.get(k) is not None:
                kwargs[k] = fields[k]
        terms = make_terms(**kwargs)
        scenario = Scenario(
            name=name,
            fields=dict(fields),
            terms=terms,
            description=str(fields.get("description") or ""),
            source=Path(source) if source else None,
        )
        _ = scenario.discount_rate  # validated now, not when first used
        if scenario.has_range:
            from prepay_modeller.core.uncertainty import check_ranges

            check_ranges(terms, fields["low"], fields.get("likely"), fields.get("high"))
    except InputError as exc:
        raise DataFileError(label, [f"{label}, {exc}"]) from None
    return scenario


def load(path: Path | str) -> Scenario:
    """Read and validate one scenario file (YAML; JSON is YAML too)."""
    import yaml

    path = Path(path)
    label = path.name
    if not path.is_file():
        raise DataFileError(path, [f"{label}: file not found ({path})"])
    try:
        fields = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DataFileError(path, [f"{label}: not a readable YAML file ({first})"]) from None
    return from_fields(fields if fields is not None else {}, path)


def find(name_or_path: str | Path) -> Path:
    """A scenario file by path, or by name in the scenarios folder."""
    candidate = Path(name_or_path)
    if candidate.suffix in SUFFIXES or candidate.exists() or os.sep in str(name_or_path):
        return candidate
    for suffix in SUFFIXES:
        path = scenarios_dir() / f"{name_or_path}{suffix}"
        if path.is_file():
            return path
    known = ", ".join(p.stem for p in _files()) or "(none)"
    raise InputError("scenario", str(name_or_path), f"a file, or one of {known}", "is not found")


def _files(folder: Path | None = None) -> list[Path]:
    folder = folder or scenarios_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())


def load_all(folder: Path | None = None) -> list[Scenario]:
    """Every scenario in ``folder`` (default the scenarios folder), by file name; every bad file
    is reported at once."""
    scenarios, problems = [], []
    for path in _files(folder):
        try:
            scenarios.append(load(path))
        except DataFileError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataFileError(folder or scenarios_dir(), problems)
    return scenarios


def list_table(folder: Path | None = None) -> pd.DataFrame:
    """One row per saved scenario: ``name, option, rate, horizon, start, performance,
    description, file``."""
    rows = []
    for s in load_all(folder):
        rows.append(
            {
                "name": s.name,
                "option": s.terms.option.name,
                "rate": s.terms.rate.quantize(Decimal("0.01")),
                "horizon": s.terms.horizon,
                "start": s.terms.start,
                "performance": ",".join(f"{float(p):g}" for p in s.terms.performance),
                "description": s.description,
                "file": s.source.name if s.source else "",
            }
        )
    columns = ["name", "option", "rate", "horizon", "start", "performance", "description", "file"]
    return pd.DataFrame(rows, columns=columns)


# --- writing ---------------------------------------------------------------------------------


def _plain(value):
    """YAML-friendly plain values: Decimals as numbers, tuples as lists."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def fields_of(terms: Terms, name: str, description: str = "", **extra) -> dict:
    """The fields of a scenario file for ``terms`` (splits only where they differ from the
    article's defaults)."""
    from prepay_modeller.core.terms import default_splits

    perf = [_plain(p) for p in terms.performance]
    fields = {
        "name": check_name(name),
        "description": description,
        "option": terms.option.name,
        "rate": _plain(terms.rate),
        "performance": perf[0] if len(set(perf)) == 1 else perf,
        "horizon": terms.horizon,
        "start": terms.start,
        "payment_terms": terms.payment_terms,
    }
    base = default_splits()
    defaults = [base[min(q, len(base) - 1)] for q in range(terms.quarters)]
    if [s.fixed for s in terms.splits] != [s.fixed for s in defaults]:
        fields["fixed"] = [_plain(s.fixed) for s in terms.splits]
    if [s.variable_max for s in terms.splits] != [s.variable_max for s in defaults]:
        fields["variable_max"] = [_plain(s.variable_max) for s in terms.splits]
    for key, value in extra.items():
        if value is not None:
            fields[key] = _plain(value)
    if not description:
        del fields["description"]
    return fields


def save(
    fields: dict, folder: Path | None = None, overwrite: bool = False, path: Path | None = None
) -> Path:
    """Validate ``fields`` and write them as ``<folder>/<name>.yaml``; return the path.

    An existing file is kept unless ``overwrite``.
    """
    import yaml

    target = Path(path) if path else (folder or scenarios_dir()) / f"{fields.get('name')}.yaml"
    from_fields(fields, target)  # refuse to save what could not be loaded back
    if target.exists() and not overwrite:
        raise InputError(
            "name",
            str(fields.get("name")),
            "a name not yet saved, or --overwrite",
            f"is already saved ({target})",
        )
    text = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, default_flow_style=None)
    atomic_write(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return target


# --- comparing -------------------------------------------------------------------------------


def compare(scenarios: list[Scenario], discount_rate: object | None = None) -> pd.DataFrame:
    """Two to four scenarios side by side, one row each.

    Columns: ``name, option, rate, horizon, start, performance, prepayment, total, payg_total,
    savings_vs_payg, savings_share, break_even_performance, opt_out_cost``, and with a discount
    rate (given here, else each scenario's own) ``discount_rate, npv, npv_savings_vs_payg,
    irr_vs_payg``.
    """
    from prepay_modeller.core import payouts, timevalue

    if not 2 <= len(scenarios) <= 4:
        raise InputError(
            "scenarios", str(len(scenarios)), "2 to 4 scenarios", "is not a number we compare"
        )
    rows = []
    for s in scenarios:
        t = s.terms
        tot = payouts.totals(t)
        first = payouts.invoices(t).iloc[0]["amount"]
        row = {
            "name": s.name,
            "option": t.option.name,
            "rate": t.rate.quantize(Decimal("0.01")),
            "horizon": t.horizon,
            "start": t.start,
            "performance": ",".join(f"{float(p):g}" for p in t.performance),
            "prepayment": first if not t.option.is_payg else Decimal("0.00"),
            "total": tot["total"],
            "payg_total": tot["payg_total"],
            "savings_vs_payg": tot["savings_vs_payg"],
            "savings_share": float(tot["savings_vs_payg"] / tot["payg_total"]),
            "break_even_performance": payouts.break_even_performance(t),
            "opt_out_cost": payouts.opt_out_cost(t),
        }
        rate = discount_rate if discount_rate is not None else s.discount_rate
        if rate is not None:
            rate = timevalue.discount_rate(rate)
            npv = timevalue.npv(t, rate)
            payg_npv = timevalue.npv(t.with_option("payg"), rate)
            row.update(
                discount_rate=rate,
                npv=npv,
                npv_savings_vs_payg=npv - payg_npv,
                irr_vs_payg=timevalue.irr_vs_payg(t),
            )
        rows.append(row)
    return pd.DataFrame(rows)


# --- Excel -------------------------------------------------------------------------------------

MONEY_FORMAT = "#,##0.00"


def export_excel(scenario: Scenario, path: Path | str, discount_rate: object | None = None) -> Path:
    """Write ``scenario`` as an Excel workbook (openpyxl): sheets ``Assumptions``, ``Schedule``,
    ``Invoices``, ``Comparison`` (every option on the horizon; with NPV and IRR where a discount
    rate is given or saved). Money cells are numbers formatted to the cent, dates are dates.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from prepay_modeller.core import payouts, timevalue

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError("out", str(path), "a file name ending in .xlsx", "is not an .xlsx file")
    t = scenario.terms
    rate = discount_rate if discount_rate is not None else scenario.discount_rate
    rate = None if rate is None else timevalue.discount_rate(rate)

    assumptions = [
        ("name", scenario.name),
        ("description", scenario.description),
        ("option", t.option.name),
        ("option label", t.option.label),
        ("rate (per month)", t.rate),
        ("horizon (months)", t.horizon),
        ("start", t.start),
        ("payment terms (days)", t.payment_terms),
        ("discount rate", rate if rate is not None else ""),
    ]
    for q, (split, perf) in enumerate(zip(t.splits, t.performance, strict=True), start=1):
        assumptions.append((f"Q{q} performance", float(perf)))
        assumptions.append((f"Q{q} fixed share", float(split.fixed)))
        assumptions.append((f"Q{q} variable max", float(split.variable_max)))

    comparison = payouts.compare_options(t)
    if rate is not None:
        npv = timevalue.npv_table(t, rate).set_index("option")
        comparison["npv"] = [npv.loc[o, "npv"] for o in comparison["option"]]
        comparison["npv_savings_vs_payg"] = [
            npv.loc[o, "npv_savings_vs_payg"] for o in comparison["option"]
        ]
        comparison["irr_vs_payg"] = [npv.loc[o, "irr_vs_payg"] for o in comparison["option"]]

    sheets = {
        "Schedule": payouts.quarterly_schedule(t),
        "Invoices": payouts.invoices(t),
        "Comparison": comparison,
    }

    def write(tmp: Path) -> None:
        wb = Workbook()
        ws = wb.active
        ws.title = "Assumptions"
        ws.append(["field", "value"])
        for key, value in assumptions:
            ws.append([key, _cell(value)])
            if isinstance(value, Decimal):
                ws.cell(ws.max_row, 2).number_format = MONEY_FORMAT
        for title, frame in sheets.items():
            sheet = wb.create_sheet(title)
            sheet.append(list(frame.columns))
            for row in frame.itertuples(index=False):
                sheet.append([_cell(v) for v in row])
                for col, value in enumerate(row, start=1):
                    if isinstance(value, Decimal):
                        sheet.cell(sheet.max_row, col).number_format = MONEY_FORMAT
                    elif isinstance(value, dt.date):
                        sheet.cell(sheet.max_row, col).number_format = "yyyy-mm-dd"
        for sheet in wb.worksheets:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for column in sheet.columns:
                width = max(len(str(c.value)) if c.value is not None else 0 for c in column)
                sheet.column_dimensions[column[0].column_letter].width = min(width + 2, 60)
        wb.save(tmp)

    try:
        atomic_write(path, write)
    except OSError as exc:
        raise PrepayError(f"out: cannot write {path} ({exc.strerror or exc})") from None
    return path


def _cell(value):
    """A value openpyxl writes as a typed cell: Decimal money as a float of the exact cents."""
    if isinstance(value, Decimal):
        return float(value)
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
