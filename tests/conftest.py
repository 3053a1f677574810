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


# ---- PostgreSQL (the shared audit and key database) ----------------------------------------
#: A server URL whose role may create databases (``bash scripts/postgres-for-tests.sh``).
POSTGRES_URL_ENV = "REFERRAL_NLP_TEST_DATABASE_URL"
#: Set by .ci/run: a test that needs PostgreSQL fails instead of skipping without it.
POSTGRES_REQUIRED_ENV = "REFERRAL_NLP_REQUIRE_POSTGRES"


@pytest.fixture
def postgres_url():
    """A fresh, empty PostgreSQL database for one test (dropped after it), as a URL string.

    Skipped where no server is configured, except in CI (``CI=true`` or
    ``REFERRAL_NLP_REQUIRE_POSTGRES=1``), where a missing server fails the test.
    """
    import os
    import uuid

    admin_url = os.environ.get(POSTGRES_URL_ENV, "").strip()
    if not admin_url:
        message = (
            f"no PostgreSQL server: set {POSTGRES_URL_ENV} "
            "(`bash scripts/postgres-for-tests.sh` starts one and prints it)"
        )
        if os.environ.get(POSTGRES_REQUIRED_ENV) == "1" or os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must run the PostgreSQL tests")
        pytest.skip(message)
    import sqlalchemy as sa

    from referral_nlp.storage.database import resolve_database_url

    admin = resolve_database_url(admin_url)
    name = f"rnlp_test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
