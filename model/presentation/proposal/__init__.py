"""The client proposal: its parameters, figures and sections (see :mod:`.document`)."""

from prepay_modeller.inputs.brand import Brand, load_brand
from prepay_modeller.inputs.parameters import PARAMETER_NAMES, PARAMETERS
from prepay_modeller.presentation.proposal.document import (
    SECTIONS,
    Proposal,
    build,
    page_head,
    parameters,
    stylesheet,
    warm,
)

__all__ = [
    "PARAMETERS",
    "PARAMETER_NAMES",
    "SECTIONS",
    "Brand",
    "Proposal",
    "build",
    "load_brand",
    "page_head",
    "parameters",
    "stylesheet",
    "warm",
]
