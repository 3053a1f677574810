"""A small synthetic corpus shared by the generator's tests (generated once per session)."""

from __future__ import annotations

import pytest

from referral_nlp.data.synthetic import SynthConfig, SyntheticCorpus, generate_corpus


@pytest.fixture(scope="session")
def small_corpus() -> SyntheticCorpus:
    return generate_corpus(SynthConfig(n=1500, seed=11))


@pytest.fixture(scope="session")
def medium_corpus() -> SyntheticCorpus:
    """Enough records for rates and AUROCs to be stable to a few points (600 in test)."""
    return generate_corpus(SynthConfig(n=3000, seed=6))
