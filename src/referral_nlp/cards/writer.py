"""Make, check and write a model card; store it inside the artefact (``referral-nlp card``).

:func:`write_card` is the whole job:

1. remove card files left in the artefact by an interrupted earlier run (present but not in
   the manifest), then **verify the artefact's manifest**: a card is never written for, and
   never re-blesses, an artefact whose files changed after training;
2. build the content (:func:`~referral_nlp.cards.sources.content_from_sources`) and
   **validate** it; on any error raise
   :class:`~referral_nlp.cards.validation.CardValidationError` listing every issue, and write
   nothing;
3. render Markdown and HTML, write both to ``out_dir`` and into the artefact directory
   (atomically), and re-write the artefact's ``manifest.json`` with the same metadata, so
   ``verify_manifest`` (and every loader) still passes and the card's own checksums are in it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from referral_nlp.artifacts import (
    CARD_HTML_NAME,
    CARD_MARKDOWN_NAME,
    read_manifest,
    verify_manifest,
    write_manifest,
)
from referral_nlp.cards.build import DEFAULT_EVAL_MODEL
from referral_nlp.cards.content import ModelCardData
from referral_nlp.cards.render import render_html, render_markdown
from referral_nlp.cards.sources import content_from_sources
from referral_nlp.cards.validation import CardValidationError, ValidationReport, validate_card
from referral_nlp.errors import UserError
from referral_nlp.io import atomic_writer

logger = logging.getLogger(__name__)

__all__ = ["CARD_HTML_NAME", "CARD_MARKDOWN_NAME", "CardPaths", "build_card", "write_card"]

_CARD_NAMES = (CARD_MARKDOWN_NAME, CARD_HTML_NAME)


@dataclass(frozen=True)
class CardPaths:
    """Where :func:`write_card` put the card, and what validation reported."""

    markdown: Path
    html: Path
    artefact_markdown: Path
    artefact_html: Path
    report: ValidationReport


def build_card(
    model_dir: str | Path,
    eval_dir: str | Path,
    *,
    data_card: str | Path | None = None,
    redaction_json: str | Path | None = None,
    deployer: str | Path | Mapping[str, Any] | None = None,
    strict: bool = False,
    eval_model: str = DEFAULT_EVAL_MODEL,
) -> tuple[ModelCardData, ValidationReport]:
    """The card's content and its validation report; raises CardValidationError if it fails."""
    data = content_from_sources(
        model_dir,
        eval_dir,
        data_card=data_card,
        redaction_json=redaction_json,
        deployer=deployer,
        eval_model=eval_model,
    )
    report = validate_card(data, strict=strict)
    if not report.ok:
        raise CardValidationError(report)
    return data, report


def _drop_stale_cards(model_dir: Path) -> None:
    """Delete card files that an interrupted run left in the artefact but not in its manifest."""
    listed = read_manifest(model_dir).get("files", {})
    for name in _CARD_NAMES:
        path = model_dir / name
        if name not in listed and path.is_file() and not path.is_symlink():
            logger.info("Removing %s left by an interrupted card run.", name)
            path.unlink()


def write_card(
    model_dir: str | Path,
    eval_dir: str | Path,
    out_dir: str | Path,
    *,
    data_card: str | Path | None = None,
    redaction_json: str | Path | None = None,
    deployer: str | Path | Mapping[str, Any] | None = None,
    strict: bool = False,
    eval_model: str = DEFAULT_EVAL_MODEL,
) -> CardPaths:
    """Write ``model_card.md`` and ``model_card.html`` to ``out_dir`` and into the artefact.

    See the module docstring for the steps. ``strict`` makes ATRS fields that only the
    deploying organisation can fill block the card (for a council's published card).
    """
    model_dir = Path(model_dir)
    out_dir = Path(out_dir)
    if not model_dir.is_dir():
        raise UserError(f"{model_dir}: no such model artefact directory.")
    _drop_stale_cards(model_dir)
    manifest = verify_manifest(model_dir)
    data, report = build_card(
        model_dir,
        eval_dir,
        data_card=data_card,
        redaction_json=redaction_json,
        deployer=deployer,
        strict=strict,
        eval_model=eval_model,
    )
    markdown = render_markdown(data)
    page = render_html(data)
    written = {}
    for directory in (out_dir, model_dir):
        for name, text in ((CARD_MARKDOWN_NAME, markdown), (CARD_HTML_NAME, page)):
            with atomic_writer(directory / name) as fh:
                fh.write(text)
            written[(directory, name)] = directory / name
    write_manifest(model_dir, metadata=manifest.get("metadata"))
    verify_manifest(model_dir)
    logger.info(
        "Wrote the model card of %s to %s and into the artefact.", data.model.version, out_dir
    )
    return CardPaths(
        markdown=written[(out_dir, CARD_MARKDOWN_NAME)],
        html=written[(out_dir, CARD_HTML_NAME)],
        artefact_markdown=written[(model_dir, CARD_MARKDOWN_NAME)],
        artefact_html=written[(model_dir, CARD_HTML_NAME)],
        report=report,
    )
