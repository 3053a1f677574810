"""A synthetic corpus written as SSD tables by the CLI, shared by the prepare tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from referral_nlp.cli import main
from referral_nlp.data.synthetic import SynthConfig, SyntheticCorpus, generate_corpus

N, SEED = 1200, 5


@dataclass
class SynthSSD:
    corpus: SyntheticCorpus  # the generator's own corpus (the truth)
    out: Path  # what `synth --format ssd` wrote

    @property
    def prepare_args(self) -> list[str]:
        return [
            "--ssd", str(self.out / "ssd"),
            "--text", str(self.out / "case_notes.csv"),
            "--text-mapping", str(self.out / "case_notes_mapping.yaml"),
        ]  # fmt: skip


@pytest.fixture(scope="session")
def synth_ssd(tmp_path_factory) -> SynthSSD:
    out = tmp_path_factory.mktemp("synth-ssd")
    args = ["synth", "--n", str(N), "--seed", str(SEED), "--out", str(out), "--format", "ssd"]
    assert main([*args, "--no-text-model", "--no-progress"]) == 0
    return SynthSSD(generate_corpus(SynthConfig(n=N, seed=SEED)), out)
