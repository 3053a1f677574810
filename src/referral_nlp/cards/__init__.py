"""Model cards generated from the artefact and its evaluation (``referral-nlp card``).

A card is never written by hand: :func:`write_card` reads the model artefact, its
``eval.json`` and plots, the corpus data card, the redaction scores and the deploying
organisation's file, validates the result (:func:`validate_card`: required fields present, no
placeholders left; ATRS fields only a council can fill are reported) and writes Markdown with
Hugging Face metadata and a standalone HTML page, to ``model_cards/`` and into the artefact.

Sections follow Mitchell et al. (2019), plus a data-ethics self-assessment
(:mod:`.ethics`) and the UK Algorithmic Transparency Recording Standard record (:mod:`.atrs`).
Cards quote no case text; see :mod:`.sources` for what is read and what is never copied.
"""

from referral_nlp.artifacts import CARD_HTML_NAME, CARD_MARKDOWN_NAME
from referral_nlp.cards.atrs import DEPLOYER_MARKER, ATRSField, ATRSRecord, atrs_field_specs
from referral_nlp.cards.build import content_from_dicts
from referral_nlp.cards.content import EthicsAssessment, EthicsPoint, ModelCardData
from referral_nlp.cards.ethics import assess
from referral_nlp.cards.render import SECTIONS, front_matter, render_html, render_markdown
from referral_nlp.cards.sources import content_from_sources, load_deployer
from referral_nlp.cards.validation import (
    CardValidationError,
    ValidationIssue,
    ValidationReport,
    find_placeholder,
    validate_card,
)
from referral_nlp.cards.writer import CardPaths, build_card, write_card

__all__ = [
    "CARD_HTML_NAME",
    "CARD_MARKDOWN_NAME",
    "DEPLOYER_MARKER",
    "SECTIONS",
    "ATRSField",
    "ATRSRecord",
    "CardPaths",
    "CardValidationError",
    "EthicsAssessment",
    "EthicsPoint",
    "ModelCardData",
    "ValidationIssue",
    "ValidationReport",
    "assess",
    "atrs_field_specs",
    "build_card",
    "content_from_dicts",
    "content_from_sources",
    "find_placeholder",
    "front_matter",
    "load_deployer",
    "render_html",
    "render_markdown",
    "validate_card",
    "write_card",
]
