"""The article's defaults as the core takes them: the :class:`Catalog` of options and splits,
and the OKR template, read from ``data/`` (or ``$PREPAY_DATA_DIR``) and validated on first use.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from prepay_modeller.core.errors import DataFileError, InputError
from prepay_modeller.core.money import to_decimal
from prepay_modeller.core.terms import Catalog, Option, Split
from prepay_modeller.inputs import paths, tables


def catalog() -> Catalog:
    """The options of ``options.csv`` and the splits of ``splits.csv``, validated."""
    return _catalog_at(str(paths.data_file("options.csv")), str(paths.data_file("splits.csv")))


@lru_cache(maxsize=8)
def _catalog_at(options_path: str, splits_path: str) -> Catalog:
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
    return tables.load_okr_template()


__all__ = ["DataFileError", "catalog", "okr_template", "option"]
