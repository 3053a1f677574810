"""The benchmark scripts still run: tiny, CPU-only invocations (the real runs are long)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(
        f"bench_{name}", ROOT / "benchmarks" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_training_benchmark_smoke(tmp_path, capsys):
    bench = _load("training")
    assert bench.main(["--device", "cpu", "--smoke", "--json", str(tmp_path / "t.json")]) == 0
    out = capsys.readouterr().out
    assert "| tiny (smoke test) | ours: bf16, SDPA, fused |" in out
    assert "plain fp32, eager" in out


def test_padding_benchmark_builds_the_same_notes_with_less_padding(tmp_path):
    import json

    import torch

    bench = _load("training")
    words = "the family was seen at home and the school raised a concern about attendance".split()
    with (tmp_path / "train.jsonl").open("w") as f:
        for i in range(40):  # sentences of 2 to 14 words, so lengths differ within a batch
            sentences = [" ".join(words[: 2 + (i * 3 + k * 5) % 13]) + "." for k in range(4)]
            f.write(json.dumps({"id": f"R{i}", "text": " ".join(sentences)}) + "\n")
    one_pass, ours = bench.padded_batches(tmp_path, 2)
    assert len(one_pass) == len(ours) == 2
    for before, after in zip(one_pass, ours, strict=True):
        for batch in (before, after):  # each note reads the same sentences' tokens
            batch["rows"] = [
                [batch["input_ids"][r][batch["attention_mask"][r].bool()].tolist()
                 for r in note if r >= 0]
                for note in batch["sentence_index"].tolist()
            ]  # fmt: skip
        assert before["rows"] == after["rows"]
        lengths = after["attention_mask"].sum(dim=1)
        assert torch.equal(lengths, lengths.sort().values)


def test_serving_benchmark_notes_are_about_the_asked_length():
    bench = _load("serving")
    notes = bench.notes_of_about(120, 5)
    assert len(notes) == 5
    assert all(108 <= len(n.split()) <= 132 for n in notes)


@pytest.mark.parametrize(
    ("arithmetics", "expected"),
    [
        (["onnx-int8", "onnx-int8"], "onnx-int8"),
        (["float32", "int8"], "float32/int8"),
        ([], "unknown"),
    ],
)
def test_serving_benchmark_names_the_encoder_the_workers_chose(tmp_path, arithmetics, expected):
    """The workers' start-up lines name their encoder; a hyphenated name (the int8 default
    recipe's) once read as "unknown"."""
    log = tmp_path / "service.log"
    log.write_text(
        "".join(
            f"INFO engine ready: model abc123 ({a}), warmed in 1.2s (pid {100 + i})\n"
            for i, a in enumerate(arithmetics)
        )
    )
    assert _load("serving").served_precision(log) == expected


def test_fairness_benchmark_reads_a_report_and_prints_its_tables(capsys):
    import numpy as np
    import pytest

    from referral_nlp.evaluation.fairness import FairnessSettings, fairness_analysis

    bench = _load("fairness")
    baselines = ("structured_lr", "tfidf_lr", "frozen_embedding_lr")
    assert bench.parse_models("oracle,baselines") == ("oracle", *baselines)
    assert bench.parse_models("trained,model") == ("model", "transformer_part")
    with pytest.raises(Exception, match="unknown 'gpt'"):
        bench.parse_models("gpt")
    rng = np.random.default_rng(0)
    n = 1500
    q = rng.uniform(0.05, 0.6, n)
    black = rng.random(n) < 0.3
    y = ((rng.random(n) < q) | (black & (rng.random(n) < 0.3))).astype(int)  # recorded more
    result = fairness_analysis(
        {"re_referral_12m": y},
        {"re_referral_12m": q},
        {"ethnicity": np.where(black, "black", "white")},
        {"re_referral_12m": {"top_10pct": 0.5}},
        oracle={"re_referral_12m": q},
        settings=FairnessSettings(n_boot=100),
    )
    data = {"fairness": {"oracle": result.to_dict()},
            "data": {"test": {"n": n}, "labels": ["re_referral_12m"]}}  # fmt: skip
    row = bench.row_of(data, "oracle", ("ethnicity", "black"))
    assert row["biased_flagged"] and row["biased_says_recorded_above_risk"]
    assert row["biased_gap"][0] > row["biased_needs"] > 0.05
    bench.print_tables(
        [{"condition": "on", "seed": 0, "models": {"oracle": row}}], ["oracle"], "ethnicity=black"
    )
    bench.print_power([{"n": 6000, "condition": "on", "seed": 0, "row": row}], "ethnicity=black")
    out = capsys.readouterr().out
    assert "| on | 0 | oracle | 1 | re:ethnicity=black |" in out
    assert "| 6000 | on | 0 | 1500 |" in out


def test_pooling_benchmark_attention_reads_what_the_mean_cannot():
    """Two kinds of sentence with the same token mean: only the attention pooling tells them
    apart, so the probe can show a gain where the mean loses information."""
    from sklearn.metrics import roc_auc_score

    bench = _load("sentence_pooling")
    rng = np.random.default_rng(0)
    hidden = 8
    base, risk, safe = (rng.normal(size=hidden) for _ in range(3))
    states, labels = [], []
    for i in range(300):
        shift = (risk if i % 2 else safe) * 3
        noise = rng.normal(scale=0.1, size=(2, hidden))
        states.append((np.stack([base + shift, base - shift]) + noise).astype(np.float16))
        labels.append(i % 2)

    def split(rows):
        y = torch.tensor([[float(labels[i])] * 2 for i in rows])
        return [[i] for i in rows], torch.zeros(len(rows), 1), y

    data = {"train": split(range(200)), "validation": split(range(200, 300))}
    aurocs = {}
    for heads in (0, 2):
        model = bench.train(states, data, heads, seed=0, epochs=25)
        notes, x, y = data["validation"]
        scores = bench.logits(model, states, notes, x)
        aurocs[heads] = roc_auc_score(y[:, 0].numpy(), scores[:, 0])
    assert aurocs[2] > 0.95, aurocs
    assert aurocs[0] < 0.7, aurocs


@pytest.mark.parametrize("compare", ["arithmetic", "label-sharing", "head-members"])
def test_recipe_arms_flags_are_train_flags_that_change_one_setting(compare):
    # Each arm trains through the CLI: its flags must parse as `train` flags, and the two arms'
    # configs must differ in exactly the setting the comparison is named for.
    from referral_nlp.cli import build_parser
    from referral_nlp.modeling.training import TrainingConfig

    bench = _load("recipe_arms")
    configs = []
    for _, flags in bench.ARMS[compare]:
        args = build_parser().parse_args(
            ["train", "--profile", "cpu-quick", "--data-dir", "d", "--output-dir", "o", *flags]
        )
        configs.append(TrainingConfig.from_namespace(args).to_dict())
    changed = {key for key in configs[0] if configs[0][key] != configs[1][key]}
    expected = {
        "arithmetic": {"encoder_backend"},
        "label-sharing": {"share_label_weights"},
        "head-members": {"head_members"},
    }
    assert changed == expected[compare]
    assert (
        configs[0]
        == TrainingConfig.from_namespace(
            build_parser().parse_args(
                ["train", "--profile", "cpu-quick", "--data-dir", "d", "--output-dir", "o"]
            )
        ).to_dict()
    )  # the first arm is the shipped default
