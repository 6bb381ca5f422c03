"""The article's defaults as the core takes them: the :class:`Catalog` of options and splits,
and the OKR template, read from ``data/`` (or ``$PREPAY_DATA_DIR``) and validated on first use.

A process that serves many short-lived kernels (``prepay app``) validates the files once and
hands its kernels a *snapshot* of what it read (:func:`write_snapshot`, named by
``$PREPAY_DEFAULTS_SNAPSHOT``): a kernel then reads the snapshot instead of reading and
validating the files again, which spares each page's kernel the time and the memory of pandas.
A snapshot is used only while every file it was made from is unchanged (same size and time);
otherwise the files are read and validated as usual.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from prepay_modeller.core.errors import DataFileError, InputError
from prepay_modeller.core.money import to_decimal
from prepay_modeller.core.terms import Catalog, Option, Split
from prepay_modeller.inputs import paths

if TYPE_CHECKING:  # pandas and the tables are imported where they are used: finding a
    import pandas as pd  # snapshot (prepay app's start) imports neither

SNAPSHOT_ENV = "PREPAY_DEFAULTS_SNAPSHOT"
FILES = paths.DEFAULTS_FILES


def catalog() -> Catalog:
    """The options of ``options.csv`` and the splits of ``splits.csv``, validated."""
    snap = _snapshot()
    if snap is not None:
        return snap[0]
    return _catalog_at(str(paths.data_file("options.csv")), str(paths.data_file("splits.csv")))


@lru_cache(maxsize=8)
def _catalog_at(options_path: str, splits_path: str) -> Catalog:
    from prepay_modeller.inputs import tables

    options = tuple(
        Option(
            name=row.option,
            months=int(row.months),
            discount=to_decimal(row.discount),
            opt_out_days=int(row.opt_out_days),
            label=row.label,
        )
        for row in tables.load_options(options_path).itertuples(index=False)
    )
    splits = tuple(
        Split(stage=r.stage, fixed=to_decimal(r.fixed), variable_max=to_decimal(r.variable_max))
        for r in tables.load_splits(splits_path).itertuples(index=False)
    )
    try:
        return Catalog(options=options, splits=splits)
    except InputError as exc:
        raise exc.located("options.csv") from None


def option(name: str) -> Option:
    return catalog().option(name)


def okr_template() -> pd.DataFrame:
    """The OKR template (``quarter, objective, key_result, weight, kind, direction, target,
    unit``), a copy."""
    snap = _snapshot()
    if snap is not None:
        return snap[1].copy()
    from prepay_modeller.inputs import tables

    return tables.load_okr_template()


def write_snapshot(target: Path) -> Path:
    """Validate the defaults (every problem raised as usual) and write what was read to
    ``target`` (JSON, atomically), for kernels to read instead."""
    from prepay_modeller.inputs.files import write_atomic

    stamps = paths.defaults_stamps()
    cat, okr = catalog(), okr_template()
    document = {
        "files": stamps,
        "catalog": cat.model_dump(mode="json"),
        "okr": json.loads(okr.to_json(orient="split", index=False)),
    }
    write_atomic(target, json.dumps(document).encode("utf-8"))
    return target


@lru_cache(maxsize=4)
def _snapshot_at(location: str, stamps: str) -> tuple[Catalog, pd.DataFrame] | None:
    import pandas as pd

    try:
        document = json.loads(Path(location).read_text(encoding="utf-8"))
        if json.dumps(document["files"], sort_keys=True) != stamps:
            return None  # the files changed since the snapshot was made
        okr = document["okr"]
        return (
            Catalog.model_validate(document["catalog"]),
            pd.DataFrame(okr["data"], columns=okr["columns"]),
        )
    except (OSError, ValueError, KeyError):
        return None


def _snapshot() -> tuple[Catalog, pd.DataFrame] | None:
    """The snapshot named by ``$PREPAY_DEFAULTS_SNAPSHOT``, where its files are unchanged (the
    files' sizes and times are read each time; the snapshot once)."""
    location = os.environ.get(SNAPSHOT_ENV)
    if not location:
        return None
    try:
        stamps = json.dumps(paths.defaults_stamps(), sort_keys=True)
    except OSError:
        return None
    return _snapshot_at(location, stamps)


__all__ = ["DataFileError", "catalog", "okr_template", "option"]


def snapshot_for_kernels() -> Path:
    """A snapshot of the validated defaults for a server's kernels, kept in the user's cache
    and made again only when a file changed (finding it does not import pandas)."""
    import hashlib

    key = hashlib.sha256(json.dumps(paths.defaults_stamps(), sort_keys=True).encode()).hexdigest()
    target = paths.cache_dir() / f"defaults-{key[:16]}.json"
    if not target.is_file():
        write_snapshot(target)
    return target
