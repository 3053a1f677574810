"""Shared fixtures. The suite is offline: pytest-socket (see pyproject) refuses any
non-loopback connection, so a recogniser that reaches for the network fails its test."""

from __future__ import annotations

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
