"""The client proposal, rendered: its sections worded from figures computed before
(:class:`Figures`; :mod:`reports.proposal` builds them). See :mod:`.document`."""

from prepay_modeller.presentation.proposal.document import (
    SECTIONS,
    Proposal,
    page_head,
    stylesheet,
)
from prepay_modeller.presentation.proposal.figures import Figures

__all__ = ["SECTIONS", "Figures", "Proposal", "page_head", "stylesheet"]
