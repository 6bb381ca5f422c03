"""What a proposal's sections read: one prospect's figures, computed before they are worded.

:class:`Figures` is the interface the sections, tables and charts of :mod:`.document` render;
:class:`reports.proposal.Figures` builds it from the report's checked parameters (the terms, the
quote and comparison on the prospect's horizon, time value, uncertainty, the OKR plan, the
offer's dates). Nothing here computes a figure.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import pandas as pd

from prepay_modeller.core import offer, okr
from prepay_modeller.core.comparison import Comparison
from prepay_modeller.core.quote import Quote
from prepay_modeller.core.terms import Option, Terms
from prepay_modeller.inputs.brand import Brand, Contact
from prepay_modeller.presentation.i18n import Speech
from prepay_modeller.presentation.proposal.words import Words


class Figures(Protocol):
    """One prospect's figures and the words to say them in (see the module's docstring)."""

    params: dict  # the report's parameters, checked
    brand: Brand
    terms: Terms
    quote: Quote  # the option the row names, on its horizon
    comparison: Comparison  # every option on that same horizon (rule 9)
    speech: Speech  # the client's language and currency
    words: Words
    option: Option
    cheaper: tuple[Quote, object] | None  # an option that costs less, and by how much
    issued: dt.date
    valid_until: dt.date
    reference: str  # PP-7K3F-Q2XM
    client_qr: str  # the client link's QR code (inline SVG), or empty
    client_link_host: str
    contact: Contact
    npv: pd.DataFrame  # core.timevalue.npv_table
    montecarlo: pd.DataFrame  # core.uncertainty.summary
    okr_template: pd.DataFrame
    reachable: pd.DataFrame  # core.okr.reachable
    exposure: okr.Exposure  # the most it can cost (rule 10)
    beyond_plan: list[dict]
    renewal: offer.Renewal
    left_out: list[dict]  # options not compared on the horizon, with what each needs

    def quarters_used(self) -> list[dict]: ...

    def unused_quarters(self) -> list[int]: ...
