"""ReferralRiskModel: shapes, learning on a toy task, loss, save/load, the real MiniLM."""

from __future__ import annotations

import json

import pytest
import torch

from referral_nlp.modeling.chunking import NoteChunker, WindowCollator
from referral_nlp.modeling.model import (
    ModelConfig,
    ReferralRiskModel,
    multitask_bce_loss,
    pos_weight_from_labels,
    segment_softmax,
)


def _batch(tokenizer, texts, structured=None, labels=None, max_length=64, stride=16):
    windows = NoteChunker(tokenizer, max_length=max_length, stride=stride)(texts).per_note()
    items = []
    for i, w in enumerate(windows):
        item = {"input_ids": w}
        if structured is not None:
            item["structured"] = structured[i]
        if labels is not None:
            item["labels"] = labels[i]
        items.append(item)
    return WindowCollator(tokenizer.pad_token_id)(items)


def test_forward_shapes_and_window_weights(tiny_model, tokenizer, structured_encoder, records):
    texts = [r["text"] for r in records[:3]]
    texts[1] = " ".join(["concern"] * 300)  # several windows
    batch = _batch(tokenizer, texts, structured_encoder.transform(records[:3]))
    assert batch["input_ids"].shape[0] > 3
    logits, weights = tiny_model(
        batch["input_ids"],
        batch["attention_mask"],
        batch["note_index"],
        batch["structured"],
        batch["n_notes"],
        return_window_weights=True,
    )
    assert logits.shape == (3, 2)
    assert not any(p.requires_grad for p in tiny_model.encoder.pooler.parameters())
    sums = torch.zeros(3).index_add(0, batch["note_index"], weights)
    torch.testing.assert_close(sums, torch.ones(3))
    # splitting the encoder pass changes nothing
    again = tiny_model(
        batch["input_ids"],
        batch["attention_mask"],
        batch["note_index"],
        batch["structured"],
        batch["n_notes"],
        max_windows_per_pass=2,
    )
    torch.testing.assert_close(logits, again)
    with pytest.raises(ValueError, match="structured"):
        tiny_model(batch["input_ids"], batch["attention_mask"], batch["note_index"], None, 3)


def test_cpu_inference_without_padding_matches_the_padded_batch(
    tiny_model, tokenizer, structured_encoder, records, monkeypatch
):
    texts = [r["text"] for r in records[:3]]
    texts[1] = " ".join(["concern"] * 150)  # full windows and a short last one
    batch = _batch(tokenizer, texts, structured_encoder.transform(records[:3]))
    lengths = batch["attention_mask"].sum(dim=1)
    assert len(set(lengths.tolist())) > 1  # windows of several lengths
    ids, mask = batch["input_ids"], batch["attention_mask"]
    with torch.inference_mode():
        unpadded = tiny_model.encode_windows(ids, mask)
        padded = tiny_model._encode_padded(ids, mask, None)
        # a left-padded batch is not cut: it goes through the padded path unchanged
        flipped = tiny_model.encode_windows(ids.flip(1), mask.flip(1))
        flipped_padded = tiny_model._encode_padded(ids.flip(1), mask.flip(1), None)
    torch.testing.assert_close(unpadded, padded, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(flipped, flipped_padded)
    calls = []
    monkeypatch.setattr(tiny_model, "_encode_unpadded", lambda *a: calls.append(a))
    tiny_model.train()  # training keeps the rectangular batch
    try:
        assert tiny_model.encode_windows(ids, mask).shape == padded.shape
    finally:
        tiny_model.eval()
    assert calls == []


def test_mean_pooling_and_no_structured(tiny_encoder_config, tokenizer):
    config = ModelConfig(max_length=64, stride=16, pooling="mean", structured_dim=0, dropout=0.0)
    model = ReferralRiskModel.from_config(config, tiny_encoder_config).eval()
    batch = _batch(tokenizer, ["a note", "another note here"])
    assert model(**{k: batch[k] for k in ("input_ids", "attention_mask", "note_index")}).shape == (
        2,
        2,
    )


def test_a_few_steps_reduce_loss_on_a_separable_toy_task(tiny_model, tokenizer):
    torch.manual_seed(0)
    risky = "third ppn this month violence injury police called"
    safe = "family engaged well grandparent supportive no concerns"
    texts = [risky, safe] * 2
    labels = [[1.0, 1.0], [0.0, 0.0]] * 2
    dim = tiny_model.config.structured_dim
    structured = torch.zeros(len(texts), dim).numpy()
    batch = _batch(tokenizer, texts, structured, labels)
    tiny_model.train()
    optimiser = torch.optim.AdamW(tiny_model.parameters(), lr=3e-3)
    losses = []
    for _ in range(12):
        logits = tiny_model(
            batch["input_ids"],
            batch["attention_mask"],
            batch["note_index"],
            batch["structured"],
            batch["n_notes"],
        )
        loss = multitask_bce_loss(logits, batch["labels"], batch["label_mask"])
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        losses.append(loss.item())
    assert losses[-1] < 0.6 * losses[0]


def test_loss_masks_unknown_labels_and_weights_positives():
    logits = torch.tensor([[2.0, -1.0], [0.5, 3.0]])
    labels = torch.tensor([[1.0, 0.0], [0.0, 0.0]])
    mask = torch.tensor([[1.0, 1.0], [1.0, 0.0]])
    full = multitask_bce_loss(logits, labels, mask)
    changed = labels.clone()
    changed[1, 1] = 1.0  # masked out: must not matter
    assert multitask_bce_loss(logits, changed, mask) == full
    weighted = multitask_bce_loss(logits, labels, mask, pos_weight=[5.0, 1.0])
    assert weighted > full
    pw = pos_weight_from_labels(torch.tensor([[1.0, 0.0], [0.0, 0.0], [0.0, 1.0], [0.0, 0.0]]))
    torch.testing.assert_close(pw, torch.tensor([3.0, 3.0]))


def test_segment_softmax_is_per_note():
    weights = segment_softmax(torch.tensor([1.0, 2.0, 5.0]), torch.tensor([0, 0, 1]), 2)
    assert weights[2] == 1.0 and torch.isclose(weights[:2].sum(), torch.tensor(1.0))


def test_config_json_round_trip(tmp_path):
    config = ModelConfig(base_model="/models/x", max_windows=12, pooling="mean", structured_dim=7)
    config.save(tmp_path / "c.json")
    assert ModelConfig.load(tmp_path / "c.json") == config
    data = json.loads((tmp_path / "c.json").read_text())
    data["surprise"] = 1
    with pytest.raises(ValueError, match="surprise"):
        ModelConfig.from_dict(data)
    with pytest.raises(ValueError, match="pooling"):
        ModelConfig(pooling="max")


def test_save_then_load_gives_identical_logits(
    saved_artifact, tokenizer, structured_encoder, records
):
    model = ReferralRiskModel.load_pretrained(saved_artifact)
    assert not model.training
    batch = _batch(tokenizer, [r["text"] for r in records], structured_encoder.transform(records))
    args = (
        batch["input_ids"],
        batch["attention_mask"],
        batch["note_index"],
        batch["structured"],
        batch["n_notes"],
    )
    with torch.inference_mode():
        first = model(*args)
        second = ReferralRiskModel.load_pretrained(saved_artifact)(*args)
    torch.testing.assert_close(first, second, rtol=0, atol=0)
    names = {p.relative_to(saved_artifact).as_posix() for p in saved_artifact.rglob("*")}
    assert {
        "model.safetensors",
        "model_config.json",
        "encoder/config.json",
        "structured_encoder.json",
        "manifest.json",
    } <= names
    assert not any(n.endswith((".bin", ".pt", ".pkl", ".pickle")) for n in names)


def test_save_refuses_to_clobber(tiny_model, tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(FileExistsError, match="not empty"):
        tiny_model.save_pretrained(tmp_path)
    with pytest.raises(FileExistsError, match="manifest"):
        tiny_model.save_pretrained(tmp_path, overwrite=True)
    target = tmp_path / "model"
    tiny_model.save_pretrained(target, structured_encoder=None)
    tiny_model.save_pretrained(target, overwrite=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model", "notes.txt"]


def test_real_minilm_loads_from_the_package(minilm_dir, tokenizer, structured_encoder, records):
    from safetensors import safe_open

    config = ModelConfig(base_model="default", structured_dim=structured_encoder.dim)
    model = ReferralRiskModel.from_base_model(config).eval()
    assert model.hidden_size == 384
    with safe_open(str(minilm_dir / "model.safetensors"), "pt") as fh:
        key = next(k for k in fh.keys() if k.endswith("word_embeddings.weight"))  # noqa: SIM118
        torch.testing.assert_close(
            model.encoder.embeddings.word_embeddings.weight, fh.get_tensor(key).float()
        )
    batch = _batch(
        tokenizer,
        [r["text"] for r in records[:2]],
        structured_encoder.transform(records[:2]),
        max_length=256,
        stride=64,
    )
    with torch.inference_mode():
        logits = model(
            batch["input_ids"],
            batch["attention_mask"],
            batch["note_index"],
            batch["structured"],
            batch["n_notes"],
        )
    assert logits.shape == (2, 2) and torch.isfinite(logits).all()
