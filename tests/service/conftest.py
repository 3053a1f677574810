"""Fixtures for the service tests: a tiny scored artefact with a card, keys, an engine.

Async tests run on asyncio through anyio's pytest plugin (``pytestmark = pytest.mark.anyio``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "modeling"))

from eval_cases import build_artifact, make_toy_records  # noqa: E402

CARD_MARKDOWN = "# Model card\n\nA tiny test model. No personal data.\n"
CARD_HTML = "<!doctype html><title>card</title><h1>Model card</h1>"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def service_model(tmp_path_factory, tokenizer, tiny_encoder_config) -> Path:
    """A tiny artefact with calibration, operating points and a card in its manifest."""
    from referral_nlp.artifacts import read_manifest, write_manifest

    directory = tmp_path_factory.mktemp("service-model") / "model"
    build_artifact(directory, tokenizer, tiny_encoder_config, make_toy_records(60))
    (directory / "model_card.md").write_text(CARD_MARKDOWN, encoding="utf-8")
    (directory / "model_card.html").write_text(CARD_HTML, encoding="utf-8")
    manifest = read_manifest(directory)
    write_manifest(directory, manifest.get("metadata"))
    return directory


@pytest.fixture(scope="session")
def engine(service_model, redactor) -> Any:
    from referral_nlp.serving.engine import ReviewEngine

    return ReviewEngine(service_model, redactor=redactor).load()
