"""pandera schemas of the data tables (imported lazily: pandera is slow to import). The prospects
table's schema is derived from the report's parameters (:func:`inputs.parameters.prospects_schema`).
"""

from typing import Optional

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from prepay_modeller.core.terms import MAX_HORIZON, MAX_VARIABLE_MAX

MAX_QUARTER = MAX_HORIZON // 3
MAX_TARGET = 1e15  # a key result's target: any finite count or amount anyone sets


class Options(pa.DataFrameModel):
    """The prepay options: ``months`` 1 is pay-as-you-go; prepaid terms are whole quarters."""

    option: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z0-9][a-z0-9-]*$")
    months: Series[int] = pa.Field(ge=1, le=60)
    discount: Series[float] = pa.Field(ge=0, lt=1)
    opt_out_days: Series[int] = pa.Field(ge=0, le=365)
    label: Series[str]

    @pa.check(
        "months", name="is neither 1 nor a multiple of 3|1 (pay-as-you-go) or a multiple of 3"
    )
    def _whole_quarters(cls, months: Series[int]) -> Series[bool]:
        return (months == 1) | (months % 3 == 0)

    class Config:
        strict = True
        coerce = True


class Splits(pa.DataFrameModel):
    """The quarterly split: fixed share and the variable share's maximum, per quarter."""

    quarter: Series[int] = pa.Field(ge=1, le=MAX_QUARTER, unique=True)
    stage: Series[str]
    fixed: Series[float] = pa.Field(in_range={"min_value": 0, "max_value": 1})
    variable_max: Series[float] = pa.Field(ge=0, le=float(MAX_VARIABLE_MAX))

    @pa.dataframe_check(
        name="@variable_max|is below the on-target variable share 1 − fixed|1 − fixed or more"
    )
    def _cap_covers_target(cls, df: pd.DataFrame) -> Series[bool]:
        return df["variable_max"] + 1e-12 >= 1 - df["fixed"]

    class Config:
        strict = True
        coerce = True


class OkrTemplate(pa.DataFrameModel):
    """Key results per quarter, with their weights, kinds and targets."""

    quarter: Series[int] = pa.Field(ge=1, le=MAX_QUARTER)
    objective: Series[str]
    key_result: Series[str]
    weight: Series[float] = pa.Field(in_range={"min_value": 0, "max_value": 1})
    kind: Series[str] = pa.Field(isin=["milestone", "numeric"])
    direction: Series[str] = pa.Field(isin=["higher", "lower"])
    target: Series[float] = pa.Field(gt=0, le=MAX_TARGET)
    unit: Series[str] = pa.Field(nullable=True)
    # A key result stated against the previous quarter ("CAC 10% under the previous quarter":
    # 0.9) takes its target from the previous quarter's actual; empty: the target stands alone.
    vs_previous: Optional[Series[float]] = pa.Field(nullable=True, gt=0, le=100)  # noqa: UP045

    class Config:
        strict = True
        coerce = True
