"""A proposal PDF's record of what made it (read back by :mod:`inputs.proposal_file`): its
scenario file and ``proposal.json`` (the reference, every parameter, the client link), embedded
as PDF attachments (pypdf), and the QR code of its client link.
"""

from __future__ import annotations

import datetime as dt
import io
import json

from prepay_modeller.inputs import links
from prepay_modeller.inputs.proposal_file import RECORD_FILE, SCENARIO_FILE

MADE_BY = "prepay-modeller"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{MADE_BY} {version('prepay-modeller')}"
    except PackageNotFoundError:
        return MADE_BY


def _terms(params: dict):
    from prepay_modeller.inputs.parameters import terms_arguments
    from prepay_modeller.inputs.terms import prospect_terms

    return prospect_terms(**terms_arguments(params))


def _names(params: dict) -> tuple[str, str, str, str]:
    from prepay_modeller.inputs.locales import read_currency, read_language

    prospect = " ".join(str(params.get("prospect") or "").split())
    contact = " ".join(str(params.get("contact") or "").split())
    return (
        prospect,
        contact,
        read_language(params.get("language")),
        read_currency(params.get("currency")),
    )


def reference_of(params: dict, terms=None) -> str:
    """The reference of the proposal a report's parameters make (``PP-7K3F-Q2XM``)."""
    prospect, contact, language, currency = _names(params)
    pairs = links.scenario_pairs(
        terms or _terms(params), prospect, contact, language, currency,
        float(params.get("discount_rate", links.DEFAULT_DISCOUNT_RATE)),
    )  # fmt: skip
    return links.reference(pairs)


def client_link(params: dict, public_url: str, secret: bytes, may=("performance",), expires=None):
    """The signed client link of the proposal ``params`` make (:func:`inputs.links.make_link`)
    and its reference."""
    terms = _terms(params)
    prospect, contact, language, currency = _names(params)
    pairs = links.scenario_pairs(
        terms, prospect, contact, language, currency,
        float(params.get("discount_rate", links.DEFAULT_DISCOUNT_RATE)),
    )  # fmt: skip
    return links.make_link(public_url, pairs, secret, may, expires), links.reference(pairs)


def scenario_fields(params: dict, terms=None) -> dict:
    """The scenario file of a proposal: what ``prepay scenarios save`` would write for it."""
    from prepay_modeller.inputs import scenarios
    from prepay_modeller.inputs.locales import DEFAULT_CURRENCY, DEFAULT_LANGUAGE, REGIONS

    terms = terms or _terms(params)
    prospect, contact, language, currency = _names(params)
    reference = reference_of(params, terms)
    return scenarios.fields_of(
        terms,
        f"proposal-{reference.lower()}",
        f"The proposal {reference} for {prospect}",
        discount_rate=float(params.get("discount_rate", links.DEFAULT_DISCOUNT_RATE)),
        prospect=prospect or None,
        contact=contact or None,
        language=None if language == REGIONS[DEFAULT_LANGUAGE] else language,
        currency=None if currency == DEFAULT_CURRENCY else currency,
    )


def record(params: dict) -> dict[str, bytes]:
    """The attachments of a proposal rendered with ``params``."""
    import yaml

    from prepay_modeller.inputs.parameters import TECHNICAL

    terms = _terms(params)
    kept = {k: v for k, v in params.items() if k not in TECHNICAL}
    kept["report_date"] = kept.get("report_date") or dt.date.today().isoformat()
    fields = scenario_fields(params, terms)
    text = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, default_flow_style=None)
    meta = {
        "reference": reference_of(params, terms),
        "parameters": kept,
        "link": str(params.get("client_link") or ""),
        "made_by": _version(),
    }
    return {
        SCENARIO_FILE: text.encode("utf-8"),
        RECORD_FILE: json.dumps(meta, indent=2, ensure_ascii=False, default=str).encode("utf-8"),
    }


def embed_record(pdf: bytes, params: dict) -> bytes:
    """``pdf`` with its scenario file and record attached."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    for name, data in record(params).items():
        writer.add_attachment(name, data)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def link_host(link: str) -> str:
    """The address a reader sees for a client link: its host (the whole link is the target)."""
    from urllib.parse import urlsplit

    return urlsplit(link).netloc


def qr_svg(link: str, color: str = "#1d2433") -> str:
    """The QR code of ``link`` as inline SVG (segno: no image library, no network)."""
    import segno

    return segno.make(link, error="m").svg_inline(scale=2, dark=color, light="#ffffff", border=2)
