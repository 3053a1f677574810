"""Shared fixtures. The suite is offline: pytest-socket (see pyproject) refuses any
non-loopback connection, so a recogniser that reaches for the network fails its test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", help="run tests marked slow")
    parser.addoption("--rungpu", action="store_true", help="run tests marked gpu")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "slow" in item.keywords and not config.getoption("--runslow"):
            item.add_marker(pytest.mark.skip(reason="slow: run with --runslow"))
        if "gpu" in item.keywords and not config.getoption("--rungpu"):
            item.add_marker(pytest.mark.skip(reason="gpu: run with --rungpu"))


@pytest.fixture(scope="session")
def redactor():
    """One Redactor for the session: loading spaCy takes a second or two."""
    from referral_nlp.redaction import Redactor

    return Redactor()


@pytest.fixture(scope="session")
def minilm_dir() -> Path:
    from referral_nlp.modeling.base_model import resolve_base_model

    return Path(resolve_base_model(None))


@pytest.fixture(scope="session")
def tokenizer(minilm_dir: Path) -> Any:
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(minilm_dir))


@pytest.fixture(scope="session")
def tiny_encoder_config(tokenizer: Any) -> Any:
    from transformers import BertConfig

    return BertConfig(
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        vocab_size=len(tokenizer),
        max_position_embeddings=512,
    )
