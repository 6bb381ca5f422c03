"""Saved scenarios: save and load named scenarios, in the store (the database every seller of a
team shares, :mod:`store.scenarios`) or as YAML files in a folder (``--dir``,
``$PREPAY_SCENARIOS_DIR``, and the files of ``data/scenarios/``, read beside the store's). YAML
stays the format of a scenario's fields, of imports and exports. Comparing them and exporting one
to Excel are the presentation layer's (:mod:`presentation.documents`,
:mod:`presentation.exports`).

A scenario file holds the inputs of :func:`inputs.terms.make_terms` under their own names plus a
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
    prospect: Acme         # optional: who it is for, and to whom (the app's proposal)
    contact: Jane Doe
    language: fr           # optional: the client's language and currency (inputs.locales)
    currency: EUR

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

from prepay_modeller.core import fields as F
from prepay_modeller.core.errors import DataFileError, InputError, Problem
from prepay_modeller.core.fields import N_
from prepay_modeller.core.terms import Terms
from prepay_modeller.inputs import numbers, paths
from prepay_modeller.inputs.files import atomic_create, atomic_write
from prepay_modeller.inputs.locales import read_currency, read_language
from prepay_modeller.inputs.terms import make_terms

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
    "prospect",
    "contact",
    "language",
    "currency",
)
TERMS_FIELDS = ("option", "rate", "performance", "horizon", "start", "payment_terms")
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}")
NAME_ALLOWED = N_("letters, digits, '-', '_' and '.', starting with a letter or digit, up to 80")
SUFFIXES = (".yaml", ".yml")


def scenarios_dir() -> Path:
    """Where named scenario files live: ``$PREPAY_SCENARIOS_DIR`` when set, else
    ``data/scenarios`` (``./scenarios`` where the package is installed)."""
    folder = os.environ.get("PREPAY_SCENARIOS_DIR")
    return Path(folder) if folder else paths.SCENARIOS_DIR


def in_store(folder: Path | None = None) -> bool:
    """Whether scenarios are saved in the store (the default) rather than as files in a folder
    (``folder`` given, or ``$PREPAY_SCENARIOS_DIR`` set)."""
    return folder is None and not os.environ.get("PREPAY_SCENARIOS_DIR")


def _store(db: str | None = None, create: bool = False):
    """The store scenarios are saved in; None where it is the default file and does not exist yet
    (reading creates nothing: the first save does)."""
    from prepay_modeller.store import db as database

    target = database.target(db)
    path = target.sqlite_path
    if target.default and not create and path is not None and not path.is_file():
        return None
    return database.open_store(db)


@dataclass(frozen=True)
class SavedName:
    """A scenario saved in the store, by name (what :func:`find` returns for it)."""

    name: str
    db: str | None = None

    def __str__(self) -> str:
        return self.name


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
        value = self.fields.get("discount_rate")
        return None if value is None else numbers.discount_rate(value)

    @property
    def language(self) -> str:
        return read_language(self.fields.get("language"))

    @property
    def currency(self) -> str:
        return read_currency(self.fields.get("currency"))

    @property
    def has_range(self) -> bool:
        return self.fields.get("low") is not None

    def ranges(self) -> tuple:
        """The file's ``low, likely, high`` performance ranges, read (None where not given)."""
        return read_ranges(
            self.fields.get("low"), self.fields.get("likely"), self.fields.get("high")
        )


def _label(source: Path | str | None) -> str:
    return Path(source).name if source else "scenario"


def check_name(name: object) -> str:
    text = str(name).strip() if name is not None else ""
    if not NAME_PATTERN.fullmatch(text):
        shown = F.show(text) if text == str(name) and text else repr(text[: F.SHOWN_MAX])
        raise InputError("name", shown, NAME_ALLOWED, N_("is not a scenario name"))
    return text


def from_fields(fields: dict, source=None, label: str | None = None, extra=None) -> Scenario:
    """Validate a scenario's fields (as read from a file ``source``, or the store); errors name
    the file (or ``label``) and the field; ``extra`` is kept with it (the store's version)."""
    label = label or _label(source)
    if not isinstance(fields, dict):
        raise DataFileError(
            label,
            [
                Problem(
                    source=label, detail="not a mapping of fields (allowed: 'field: value' lines)"
                )
            ],
        )
    problems = []
    allowed = REQUIRED + OPTIONAL
    for name in REQUIRED:
        if name not in fields or fields[name] is None or fields[name] == "":
            problems.append(
                Problem(
                    source=label,
                    detail=f"field {name} is missing (required fields: {', '.join(REQUIRED)})",
                )
            )
    for name in fields:
        if name not in allowed:
            problems.append(
                Problem(
                    source=label,
                    detail=f"field {name} is unknown (allowed fields: {', '.join(allowed)})",
                )
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
            extra=dict(extra or {}),
        )
        _ = scenario.discount_rate, scenario.language, scenario.currency  # validated now
        scenario.ranges()  # every range value given is read now, with or without low
        if scenario.has_range:
            from prepay_modeller.core.uncertainty import check_ranges

            low, likely, high = scenario.ranges()
            check_ranges(terms, low, likely, high if high is not None else low)
    except InputError as exc:
        raise exc.located(label) from None
    return scenario


def load(path: Path | str | SavedName) -> Scenario:
    """Read and validate one scenario: saved in the store (a :class:`SavedName`, as :func:`find`
    gives), or a file (YAML; JSON is YAML too), read safely: at most
    :data:`MAX_FILE_BYTES`, no aliases or anchors (a "billion laughs" file), nesting at most
    :data:`MAX_DEPTH` deep, dates read as text and checked as dates (``2027-02-30`` is named,
    not a crash); every refusal names the file and the field."""
    from prepay_modeller.inputs.safeyaml import MAX_FILE_BYTES, Refused, read_yaml

    if isinstance(path, SavedName):
        return load_saved(path.name, path.db)
    path = Path(path)
    label = path.name
    if not path.is_file():
        raise DataFileError(path, [Problem(source=label, detail=f"file not found ({path})")])
    try:
        fields = read_yaml(path)
    except Refused as exc:
        raise DataFileError(
            path, [Problem(field=exc.field, source=label, detail=exc.detail)]
        ) from None
    except OSError as exc:
        detail = f"cannot be read ({exc.strerror or exc}; allowed: up to {MAX_FILE_BYTES:,} bytes)"
        raise DataFileError(path, [Problem(source=label, detail=detail)]) from None
    return from_fields(fields if fields is not None else {}, path)


def load_saved(name: str, db: str | None = None) -> Scenario:
    """The scenario saved in the store under ``name``."""
    store = _store(db)
    saved = None
    if store is not None:
        from prepay_modeller.store import scenarios as stored

        saved = stored.get(store, check_name(name))
    if saved is None:
        raise InputError("scenario", str(name), "a saved scenario's name", "is not saved")
    return from_fields(
        saved.fields,
        label=saved.name,
        extra={
            "version": saved.version,
            "saved_by": saved.updated_by,
            "saved_at": saved.updated_at,
        },
    )


def find(name_or_path: str | Path, db: str | None = None) -> Path | SavedName:
    """A scenario by path (a file), or by name: saved in the store, else a file of the
    scenarios folder."""
    candidate = Path(name_or_path)
    if candidate.suffix in SUFFIXES or candidate.exists() or os.sep in str(name_or_path):
        return candidate
    saved = _saved_names(db) if in_store() else []
    if str(name_or_path) in saved:
        return SavedName(str(name_or_path), db)
    for suffix in SUFFIXES:
        path = scenarios_dir() / f"{name_or_path}{suffix}"
        if path.is_file():
            return path
    known = ", ".join(sorted({*saved, *(p.stem for p in _files())})) or "(none)"
    raise InputError("scenario", str(name_or_path), f"a file, or one of {known}", "is not found")


def saved(name: str, db: str | None = None) -> Scenario:
    """A saved scenario by its name only, never a path (a link names no file): the store's,
    else a file of the scenarios folder."""
    name = check_name(name)
    if in_store() and name in _saved_names(db):
        return load_saved(name, db)
    for suffix in SUFFIXES:
        path = scenarios_dir() / f"{name}{suffix}"
        if path.is_file():
            return load(path)
    raise InputError("scenario", name, "the name of a saved scenario", "is not found")


def _saved_names(db: str | None = None) -> list[str]:
    store = _store(db)
    if store is None:
        return []
    from prepay_modeller.store import scenarios as stored

    return stored.names(store)


def names(folder: Path | None = None, db: str | None = None) -> list[str]:
    """Every saved scenario's name: the store's and the scenarios folder's files (or only the
    files of ``folder``)."""
    files = {p.stem for p in _files(folder) if NAME_PATTERN.fullmatch(p.stem)}
    saved = _saved_names(db) if in_store(folder) else []
    return sorted(files | set(saved))


def _files(folder: Path | None = None) -> list[Path]:
    folder = folder or scenarios_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())


def load_all(folder: Path | None = None, db: str | None = None) -> list[Scenario]:
    """Every saved scenario by name: the store's, and the files of ``folder`` (default the
    scenarios folder) that no saved one shadows; every bad one is reported at once."""
    scenarios, problems = [], []
    saved: set[str] = set()
    if in_store(folder):
        store = _store(db)
        if store is not None:
            from prepay_modeller.store import scenarios as stored

            for row in stored.every(store):
                saved.add(row.name)
                try:
                    scenarios.append(load_saved(row.name, db))
                except (DataFileError, InputError) as exc:
                    problems.extend(exc.problems)
    for path in _files(folder):
        if path.stem in saved:
            continue
        try:
            scenarios.append(load(path))
        except DataFileError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataFileError(folder or scenarios_dir(), problems)
    return sorted(scenarios, key=lambda s: s.name)


LIST_COLUMNS = [
    "name",
    "option",
    "rate",
    "horizon",
    "start",
    "performance",
    "description",
    "file",
    "saved_by",
    "saved_at",
    "version",
]


def list_table(folder: Path | None = None, db: str | None = None) -> pd.DataFrame:
    """One row per saved scenario: ``name, option, rate, horizon, start, performance,
    description, file`` (a file's name; empty for one saved in the store) and, for one saved
    in the store, ``saved_by, saved_at, version``."""
    rows = []
    for s in load_all(folder, db):
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
                "saved_by": s.extra.get("saved_by"),
                "saved_at": s.extra.get("saved_at"),
                "version": s.extra.get("version"),
            }
        )
    return pd.DataFrame(rows, columns=LIST_COLUMNS)


# --- writing ---------------------------------------------------------------------------------


def _plain(value):
    """YAML-friendly plain values, exactly: a Decimal as a number where the number reads back
    as the same Decimal (``0.8``), else as its decimal text (``'0.3333333333333333333333333333'``:
    a float would lose digits); tuples as lists."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        number = float(value)
        return number if Decimal(repr(number)) == value else str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def fields_of(terms: Terms, name: str, description: str = "", **extra) -> dict:
    """The fields of a scenario file for ``terms`` (splits only where they differ from the
    article's defaults)."""
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
    base = [terms.catalog.split(q) for q in range(terms.quarters)]
    if [s.fixed for s in terms.splits] != [s.fixed for s in base]:
        fields["fixed"] = [_plain(s.fixed) for s in terms.splits]
    if [s.variable_max for s in terms.splits] != [s.variable_max for s in base]:
        fields["variable_max"] = [_plain(s.variable_max) for s in terms.splits]
    for key, value in extra.items():
        if value is not None:
            fields[key] = _plain(value)
    if not description:
        del fields["description"]
    return fields


def _jsonable(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return _plain(value)
    return value


def save(
    fields: dict,
    folder: Path | None = None,
    overwrite: bool = False,
    path: Path | None = None,
    user: str | None = None,
    db: str | None = None,
    expected_version: int | None = None,
) -> Path | str:
    """Validate ``fields`` and save them: in the store (returns the database, as shown), or as
    ``<folder>/<name>.yaml`` (``folder`` or ``path`` given, or ``$PREPAY_SCENARIOS_DIR`` set;
    returns the path).

    A scenario already saved under the name is kept unless ``overwrite``; in the store, with
    ``expected_version`` (the version loaded), also unless nobody saved it since.
    """
    if path is None and in_store(folder):
        from prepay_modeller.store import audit
        from prepay_modeller.store import scenarios as stored

        from_fields(fields, label=str(fields.get("name")))  # refuse what could not be loaded back
        store = _store(db, create=True)
        record = {k: _jsonable(v) for k, v in fields.items()}
        stored.save(store, record, audit.user(user), overwrite, expected_version)
        return store.shown
    return save_file(fields, folder, overwrite, path)


def save_file(
    fields: dict, folder: Path | None = None, overwrite: bool = False, path: Path | None = None
) -> Path:
    """Validate ``fields`` and write them as ``<folder>/<name>.yaml``; return the path.

    An existing file is kept unless ``overwrite``.
    """
    import yaml

    target = Path(path) if path else (folder or scenarios_dir()) / f"{fields.get('name')}.yaml"
    from_fields(fields, target)  # refuse to save what could not be loaded back
    exists = InputError(
        "name",
        str(fields.get("name")),
        N_("a name not yet saved, or replace the saved one"),
        N_("is already saved"),
        code="exists",
    )
    if target.parent.exists() and not target.parent.is_dir():
        raise InputError("dir", str(target.parent), "a folder you can write in", "is not a folder")
    if target.exists() and not overwrite:
        raise exists
    text = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, default_flow_style=None)
    try:
        # A new name is created exclusively: of several saves at once, one wins, whole.
        write = atomic_write if overwrite else atomic_create
        write(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    except FileExistsError:
        raise exists from None
    except OSError as exc:
        raise InputError(
            "dir", "(the scenarios folder)", N_("a folder the app can write in"),
            N_("cannot be written ({reason})"), code="unwritable",
            params=(("reason", exc.strerror or str(exc)),),
        ) from None  # fmt: skip
    return target


def read_ranges(low, likely, high, reading: numbers.Reading = numbers.PLAIN) -> tuple:
    """Performance ranges as typed (``0.6``, ``"60%"``, ``"0.6,0.8"``, lists; in the app's
    boxes, in the client's locale: ``"0,6 ; 0,8"`` in French), read for the core."""

    def read(field, value):
        return None if value is None else numbers.per_quarter_values(field, value, reading)

    return read(F.LOW, low), read(F.LIKELY, likely), read(F.HIGH, high)


# --- moving scenarios between files and the store ---------------------------------------------


def import_files(
    sources: list[Path | str],
    user: str | None = None,
    overwrite: bool = False,
    db: str | None = None,
) -> list[str]:
    """Save the scenario files ``sources`` (files, or folders of them) in the store, all or none:
    every file is read and checked first, and every problem named at once."""
    from prepay_modeller.store import audit
    from prepay_modeller.store import scenarios as stored

    files: list[Path] = []
    for source in sources:
        source = Path(source)
        files += _files(source) if source.is_dir() else [source]
    if not files:
        raise InputError(
            "files", "(none)", "scenario files (.yaml), or folders holding them", "are missing"
        )
    loaded, problems = [], []
    for path in files:
        try:
            loaded.append(load(path))
        except DataFileError as exc:
            problems.extend(exc.problems)
    names_seen = [s.name for s in loaded]
    twice = sorted({n for n in names_seen if names_seen.count(n) > 1})
    problems += [Problem("name", n, "each name once", "is in two files") for n in twice]
    if problems:
        raise DataFileError("scenarios", problems)
    store = _store(db, create=True)
    records = [{k: _jsonable(v) for k, v in s.fields.items()} for s in loaded]
    stored.save_many(store, records, audit.user(user), overwrite)
    return names_seen


def export_files(
    chosen: list[str], out: Path | str, overwrite: bool = False, db: str | None = None
) -> list[Path]:
    """Write the saved scenarios ``chosen`` (every saved one where empty) as YAML files in the
    folder ``out``; a file already there is kept unless ``overwrite``."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError("out", str(out), "a folder", "is not a folder")
    if not out.exists():
        try:
            out.mkdir(parents=True)
        except OSError as exc:
            raise InputError(
                "out", str(out), "a folder you can write in", f"cannot be made ({exc.strerror})"
            ) from None
    wanted = chosen or _saved_names(db)
    scenarios = [load_saved(name, db) for name in wanted]
    return [save_file(s.fields, out, overwrite) for s in scenarios]
