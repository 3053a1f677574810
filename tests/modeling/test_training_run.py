"""End to end on a tiny random BERT: train, save, load with RiskPredictor, resume, fine-tune."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from training_helpers import save_tiny_base_model, write_corpus

from referral_nlp.artifacts import PREDICTIONS_MODEL_NAME, artefact_version, verify_manifest
from referral_nlp.modeling.predict import RiskPredictor
from referral_nlp.modeling.training import ConfigError, TrainingConfig, train
from referral_nlp.modeling.training.batches import LengthGroupedBatchSampler
from referral_nlp.modeling.training.checkpoints import CHECKPOINTS_DIR
from referral_nlp.modeling.training.loop import flops_per_token, peak_flops, prior_correct


@pytest.fixture(scope="module")
def tiny_base(tmp_path_factory: pytest.TempPathFactory, tokenizer: Any, tiny_encoder_config: Any):
    return save_tiny_base_model(
        tmp_path_factory.mktemp("tiny-bert"), tokenizer, tiny_encoder_config
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("corpus")
    write_corpus(directory)
    return directory


def _config(tiny_base: Path, corpus: Path, out: Path, **values: Any) -> TrainingConfig:
    base = {
        "data_dir": str(corpus),
        "output_dir": str(out),
        "base_model": str(tiny_base),
        "max_tokens": 32,
        "batch_size": 8,
        "eval_batch_size": 16,
        "head_hidden": 16,
        "context_heads": 2,
        "max_steps": 2,
        "log_every": 1,
        "progress": False,
        # The recipe's floors (200 records, 20 positives) are for real corpora; this one is tiny.
        "min_train_records": 2,
        "min_positives": 1,
        "redaction_cache_dir": str(out.parent / "cache"),
        "embedding_cache_dir": str(out.parent / "vectors"),
        "encoder_backend": "torch",
    }
    return TrainingConfig.from_dict({**base, **values})


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory, tiny_base: Path, corpus: Path) -> Any:
    out = tmp_path_factory.mktemp("run") / "out"
    # Real redaction (the corpus is tiny); frozen encoder, n-gram blend, checkpoints on.
    config = _config(tiny_base, corpus, out, save_every=1, grad_accum=2)
    return train(config)


def test_two_steps_produce_a_loadable_verified_artefact(trained: Any, corpus: Path) -> None:
    assert trained.global_step == 2
    model_dir = trained.model_dir
    manifest = verify_manifest(model_dir)
    files = set(manifest["files"])
    assert {"model.safetensors", "calibration.json", "operating_points.json"} <= files
    assert {"training_run.json", "blend.json", "ngram_component.json"} <= files
    assert not any(name.endswith((".pt", ".bin", ".pkl")) for name in files)
    # The default blend reads both labels' logits, and the run's recipe records it in full.
    blend = json.loads((model_dir / "blend.json").read_text())
    assert blend["version"] == 2
    assert set(blend["labels"]["re_referral_12m"]["inputs"]["ngram"]) == {
        "re_referral_12m",
        "escalation_12m",
    }
    run = json.loads((model_dir / "training_run.json").read_text())
    assert run["recipe"]["blend"] == blend
    predictor = RiskPredictor(model_dir)
    records = [json.loads(line) for line in (corpus / "test.jsonl").read_text().splitlines()]
    results = predictor.predict(records[:3])
    assert [r["id"] for r in results] == [r["id"] for r in records[:3]]
    assert all(0.0 <= r["re_referral_12m"]["probability"] <= 1.0 for r in results)
    assert all(r["re_referral_12m"]["calibrated"] for r in results)
    assert all(r["n_sentences"] >= 1 for r in results)


def test_predictor_reproduces_the_training_run_predictions(trained: Any, corpus: Path) -> None:
    """The shipped artefact scores test notes as training did (same blend, same calibration)."""
    rows = [
        json.loads(line)
        for line in (trained.predictions_dir / "test.jsonl").read_text().splitlines()
    ]
    records = [json.loads(line) for line in (corpus / "test.jsonl").read_text().splitlines()]
    by_id = {r["id"]: r for r in rows}
    results = RiskPredictor(trained.model_dir).predict(records)
    ours = np.array([r["re_referral_12m"]["probability"] for r in results])
    theirs = np.array([by_id[r["id"]]["re_referral_12m_probability"] for r in results])
    assert np.abs(ours - theirs).max() < 1e-4


def test_training_run_record_and_predictions_hold_no_text(trained: Any, corpus: Path) -> None:
    run = json.loads((trained.model_dir / "training_run.json").read_text())
    assert run["version"] == 2 and run["training"]["global_step"] == 2
    assert run["recipe"]["encoder"].startswith("frozen") and run["recipe"]["ngram_component"]
    assert set(run["data"]["fingerprints"]) == {"train", "validation", "test"}
    assert run["data"]["sentence_vectors"]["distinct_sentences"] > 0
    assert run["data"]["redaction"][0]["source"] in {"redacted", "cache"}
    assert set(run["metrics"]["test"]["auroc"]) == {"re_referral_12m", "escalation_12m"}
    assert {"hybrid", "transformer", "ngram"} == set(run["metrics"]["test"]["auroc_by_part"])
    points = json.loads((trained.model_dir / "operating_points.json").read_text())
    assert points["labels"]["re_referral_12m"]["points"]["precision_65"]["kind"] == "precision"
    rows = [
        json.loads(line)
        for line in (trained.predictions_dir / "test.jsonl").read_text().splitlines()
    ]
    assert len(rows) == 12 and "text" not in rows[0]
    wrote = json.loads((trained.predictions_dir / PREDICTIONS_MODEL_NAME).read_text())
    assert wrote == {"model_version": artefact_version(trained.model_dir)}
    assert {"id", "re_referral_12m", "re_referral_12m_probability"} <= set(rows[0])
    blob = (trained.model_dir / "training_run.json").read_text() + json.dumps(rows)
    assert "Sarah" not in blob and "bruising" not in blob
    log = (trained.output_dir / "train_log.jsonl").read_text().splitlines()
    assert any('"eval"' in line for line in log)


def test_sentence_vectors_are_cached_and_reused(
    trained: Any, tiny_base: Path, corpus: Path
) -> None:
    cache = trained.output_dir.parent / "vectors"
    assert list(cache.glob("*/key.json"))
    out = trained.output_dir.parent / "again"
    result = train(_config(tiny_base, corpus, out, max_steps=1))
    summary = result.run["data"]["sentence_vectors"]
    assert summary["computed"] == 0 and summary["from_cache"] == summary["distinct_sentences"]


def test_resume_continues_the_step_count(trained: Any, tiny_base: Path, corpus: Path) -> None:
    checkpoints = sorted((trained.output_dir / CHECKPOINTS_DIR).glob("step-*"))
    assert [p.name for p in checkpoints] == ["step-000001", "step-000002"]
    state = json.loads((checkpoints[0] / "trainer_state.json").read_text())
    assert state["global_step"] == 1
    config = _config(
        tiny_base, corpus, trained.output_dir, grad_accum=2, max_steps=3,
        resume_from=str(checkpoints[0]),
    )  # fmt: skip
    result = train(config)
    assert result.global_step == 3
    run = json.loads((result.model_dir / "training_run.json").read_text())
    steps = [
        json.loads(line).get("step") for line in (result.output_dir / "train_log.jsonl").open()
    ]
    assert run["training"]["global_step"] == 3 and 3 in steps


def test_best_weights_beside_a_checkpoint_are_those_of_the_best_step_it_records(
    tiny_base: Path, corpus: Path, tmp_path: Path
) -> None:
    # cpu-quick validates once an epoch and checkpoints then (save_every 0, eval_every 0): the
    # best/ written at the first checkpoint used to stay, so a run resumed after a later best
    # shipped the first epoch's weights while recording the later step.
    config = _config(
        tiny_base, corpus, tmp_path / "out", max_steps=None, epochs=3, save_every=0,
        eval_every=0, early_stopping_patience=0, lr=5e-3,
    )  # fmt: skip
    result = train(config)
    root = result.output_dir / CHECKPOINTS_DIR
    latest = sorted(root.glob("step-*"))[-1]
    recorded = json.loads((latest / "trainer_state.json").read_text())["best_step"]
    assert recorded > 3  # a best after the first epoch's checkpoint, or this proves nothing
    assert json.loads((root / "best" / "best.json").read_text())["step"] == recorded


def test_a_stale_best_beside_a_checkpoint_is_not_loaded_as_the_best(tmp_path: Path, caplog) -> None:
    from referral_nlp.modeling.training import checkpoints

    root = tmp_path / CHECKPOINTS_DIR
    (root / "step-000009").mkdir(parents=True)
    checkpoints.save_best(tmp_path, {"w": torch.ones(2)}, step=3, metric=0.6)
    assert checkpoints.best_state(root / "step-000009", best_step=3)["w"].tolist() == [1.0, 1.0]
    assert checkpoints.best_state(root / "step-000009", best_step=7) is None
    assert "not those of step 7" in caplog.text


def test_resume_refuses_other_model_settings(trained: Any, tiny_base: Path, corpus: Path) -> None:
    checkpoint = sorted((trained.output_dir / CHECKPOINTS_DIR).glob("step-*"))[0]
    config = _config(
        tiny_base, corpus, trained.output_dir, max_tokens=48, resume_from=str(checkpoint)
    )
    with pytest.raises(ConfigError, match="resume_from: expected a checkpoint of the same model"):
        train(config)


def test_existing_artefact_is_not_overwritten_silently(
    trained: Any, tiny_base: Path, corpus: Path
) -> None:
    config = _config(tiny_base, corpus, trained.output_dir)
    with pytest.raises(ConfigError, match=r"output_dir: .*overwrite_output_dir"):
        train(config)


def test_fine_tuned_text_only_run_already_redacted(
    tmp_path: Path, tiny_base: Path, corpus: Path, caplog: Any
) -> None:
    """The GPU recipe's path on CPU: the encoder trains through the head, length-grouped."""
    config = _config(
        tiny_base, corpus, tmp_path / "out", structured_fields=[], freeze_layers=1,
        encoder_lr=1e-4, group_by_length=True, already_redacted=True, redaction_cache_dir=None,
        calibration="none", ngram=False, max_steps=1,
    )  # fmt: skip
    before = {
        name: p.clone()
        for name, p in __import__("transformers")
        .AutoModel.from_pretrained(str(tiny_base))
        .named_parameters()
    }
    result = train(config)
    assert "trusted to be redacted" in caplog.text
    assert result.run["recipe"]["encoder"] == "fine-tuned"
    predictor = RiskPredictor(result.model_dir).load()
    assert predictor.structured_encoder is None and not predictor.calibrators
    after = dict(predictor.model.encoder.named_parameters())
    changed = [n for n in before if not torch.equal(before[n], after[n].detach().cpu())]
    assert changed and all("layer.0." not in n and "embeddings" not in n for n in changed)


def test_length_grouped_sampler_is_a_fixed_permutation_per_epoch() -> None:
    lengths = [5, 50, 7, 300, 12, 40, 41, 3, 9, 100]
    sampler = LengthGroupedBatchSampler(lengths, batch_size=3, seed=1, mega=2)
    first = list(sampler)
    assert sorted(i for b in first for i in b) == list(range(10))
    assert 3 in first[0]  # the longest note's batch comes first
    assert list(sampler) == first
    sampler.set_epoch(1)
    assert list(sampler) != first or len(first) == 1
    assert len(sampler) == 4


def test_flops_and_peak() -> None:
    model = torch.nn.Sequential(torch.nn.Linear(10, 10))
    assert flops_per_token(model) == 6 * 110
    model.requires_grad_(False)
    assert flops_per_token(model) == 2 * 110
    assert peak_flops(torch.device("cpu")) is None
    assert peak_flops(torch.device("cpu"), 100.0) == 100e12


def test_leftover_checkpoints_need_resume_or_overwrite(
    tmp_path: Path, tiny_base: Path, corpus: Path
) -> None:
    out = tmp_path / "out"
    (out / CHECKPOINTS_DIR / "step-000003").mkdir(parents=True)
    with pytest.raises(ConfigError, match=r"output_dir: .*--resume-from latest"):
        train(_config(tiny_base, corpus, out))
    with pytest.raises(ConfigError, match="resume_from: expected a checkpoint"):
        train(_config(tiny_base, corpus, out, resume_from="latest"))


def test_prior_correction_moves_logits_by_log_pos_weight(tiny_model: Any) -> None:
    import math

    torch.manual_seed(0)
    vectors = torch.randn(3, tiny_model.encoder.config.hidden_size)
    index = torch.tensor([[0, 1], [2, -1]])
    structured = torch.zeros((2, tiny_model.config.structured_dim))
    with torch.no_grad():
        before = tiny_model(sentence_index=index, structured=structured, vectors=vectors)
        shifts = prior_correct(tiny_model, torch.tensor([4.0, 1.0]))
        after = tiny_model(sentence_index=index, structured=structured, vectors=vectors)
    assert shifts.tolist() == pytest.approx([math.log(4.0), 0.0])
    assert (before - after)[:, 0].tolist() == pytest.approx([math.log(4.0)] * 2, abs=1e-5)
    assert (before - after)[:, 1].abs().max() < 1e-6
    assert prior_correct(tiny_model, None).tolist() == [0.0, 0.0]


@pytest.mark.parametrize("profile", ["gpu", "multi-gpu"], ids=["one device", "several"])
def test_a_gpu_profile_without_a_gpu_is_refused_naming_what_works(
    tiny_base: Path, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, profile: str
) -> None:
    # It fine-tuned on the CPU for hours, with no checkpoint before step 200.
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    config = _config(tiny_base, corpus, tmp_path / "out", profile=profile)
    with pytest.raises(ConfigError, match=f"profile: {profile} expected a CUDA GPU.*cpu-quick"):
        train(config)
    assert not (tmp_path / "out").exists()


def test_a_run_that_did_every_planned_step_did_not_stop_early(
    tiny_base: Path, corpus: Path, tmp_path: Path
) -> None:
    # Patience ran out at the last validation (nothing learnt at this rate): the card had said
    # "stopped early: yes" for a run that finished its plan.
    config = _config(
        tiny_base, corpus, tmp_path / "out", max_steps=None, epochs=2, save_every=0,
        eval_every=0, early_stopping_patience=1, lr=1e-9,
    )  # fmt: skip
    result = train(config)
    run = json.loads((result.model_dir / "training_run.json").read_text())
    assert run["training"]["global_step"] == run["training"]["total_steps_planned"]
    assert result.stopped_early is False
