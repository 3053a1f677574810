"""Parity at size: 2,000 generated notes, redacted and scored by the local engine and by Ray
with two workers, give the same records (0 differing). Slow: .ci/run runs it with --runslow."""

from __future__ import annotations

import json

import pytest

from referral_nlp.batch.output import read_output
from referral_nlp.cli import main

pytestmark = [pytest.mark.slow, pytest.mark.ray]

N_NOTES = 2000
CASE_FIELDS = ("id", "text", "child_age", "referral_source", "previous_referrals", "disability")


@pytest.fixture(scope="module")
def generated_cases(tmp_path_factory):
    from referral_nlp.data.synthetic import SynthConfig, generate_corpus

    records = generate_corpus(SynthConfig(n=N_NOTES, seed=17), progress=False).records[:N_NOTES]
    assert len(records) == N_NOTES
    path = tmp_path_factory.mktemp("parity") / "cases.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps({k: r[k] for k in CASE_FIELDS if k in r}) + "\n")
    return path


def differing(a: list[dict], b: list[dict]) -> int:
    left, right = ({str(r["id"]): r for r in side} for side in (a, b))
    return sum(1 for key in set(left) | set(right) if left.get(key) != right.get(key))


@pytest.mark.parametrize("job", ["redact", "predict"])
def test_two_thousand_notes_match_the_local_engine(
    job, generated_cases, batch_model, ray_cluster, tmp_path
):
    model = ["--model", str(batch_model)] if job == "predict" else []
    common = [job, "--input", str(generated_cases), "--no-progress", *model]
    assert main([*common, "--output", str(tmp_path / "local.jsonl")]) == 0
    assert (
        main([*common, "--output", str(tmp_path / "ray"), "--engine", "ray", "--num-workers", "2"])
        == 0
    )
    local, distributed = read_output(tmp_path / "local.jsonl"), read_output(tmp_path / "ray")
    assert len(local) == len(distributed) == N_NOTES
    assert differing(local, distributed) == 0
