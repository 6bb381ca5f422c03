"""pandera schemas of the tables the project reads (imported lazily: pandera is slow to import)."""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from prepay_modeller.inputs.fastimport import pandera_for_pandas_only

pandera_for_pandas_only()


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

    quarter: Series[int] = pa.Field(ge=1, unique=True)
    stage: Series[str]
    fixed: Series[float] = pa.Field(in_range={"min_value": 0, "max_value": 1})
    variable_max: Series[float] = pa.Field(ge=0)

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

    quarter: Series[int] = pa.Field(ge=1)
    objective: Series[str]
    key_result: Series[str]
    weight: Series[float] = pa.Field(in_range={"min_value": 0, "max_value": 1})
    kind: Series[str] = pa.Field(isin=["milestone", "numeric"])
    direction: Series[str] = pa.Field(isin=["higher", "lower"])
    target: Series[float] = pa.Field(gt=0)
    unit: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True


# A report's Monte Carlo: at most this many draws (a batch must stay fast), and numpy's seed range.
MAX_REPORT_DRAWS = 200_000
MAX_SEED = 2**32 - 1


class Prospects(pa.DataFrameModel):
    """One row per prospect of a batch of proposal reports (``data/prospects.csv``).

    Only ``prospect`` and ``option`` are required; a missing column or an empty cell takes the
    report's default. The option's name and the fit of horizon, option and performance are
    checked per row against the model (:func:`inputs.data.load_prospects`).
    """

    prospect: Series[str] = pa.Field(str_length={"min_value": 1, "max_value": 1000})
    contact: Series[str] | None = pa.Field(nullable=True, str_length={"max_value": 1000})
    rate: Series[float] | None = pa.Field(nullable=True, gt=0, le=1e9)
    option: Series[str]
    performance_q1: Series[float] | None = pa.Field(nullable=True, ge=0, le=100)
    performance_q2: Series[float] | None = pa.Field(nullable=True, ge=0, le=100)
    performance_q3: Series[float] | None = pa.Field(nullable=True, ge=0, le=100)
    performance_q4: Series[float] | None = pa.Field(nullable=True, ge=0, le=100)
    horizon: Series[pd.Int64Dtype] | None = pa.Field(nullable=True, ge=3, le=120)
    start: Series[pa.DateTime] | None = pa.Field(nullable=True)
    payment_terms: Series[pd.Int64Dtype] | None = pa.Field(nullable=True, ge=0, le=365)
    # What prepaying is worth: the client's yearly cost of capital and the Monte Carlo's settings
    # (prepay_modeller.reports.proposal.PARAMETERS has the defaults and checks the same ranges).
    discount_rate: Series[float] | None = pa.Field(nullable=True, gt=-1, le=100)
    uncertainty_spread: Series[float] | None = pa.Field(nullable=True, ge=0, le=1)
    uncertainty_draws: Series[pd.Int64Dtype] | None = pa.Field(
        nullable=True, ge=1, le=MAX_REPORT_DRAWS
    )
    uncertainty_seed: Series[pd.Int64Dtype] | None = pa.Field(nullable=True, ge=0, le=MAX_SEED)

    class Config:
        strict = True
        coerce = True
