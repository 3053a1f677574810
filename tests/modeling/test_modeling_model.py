"""The sentence model: NoteHead and ReferralRiskModel shapes, padding, the two input paths,
the loss, save/load with the manifest, the model config's versions, the real MiniLM."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
import torch
from eval_cases import tiny_model_config

from referral_nlp.modeling.model import (
    MODEL_CONFIG_VERSION,
    ModelConfig,
    ReferralRiskModel,
    multitask_bce_loss,
    pos_weight_from_labels,
)
from referral_nlp.modeling.note_head import NoteHead
from referral_nlp.modeling.predict import sentence_index
from referral_nlp.modeling.sentence_encoder import SentenceEncoder
from referral_nlp.modeling.sentences import note_sentences

NOTES = [
    ["Police attended after a DA incident.", "Children were present.", "Third PPN this month."],
    ["No current concerns."],
    ["Mum engaged with the HV.", "Children were present."],  # a sentence shared with note 0
]


def _inputs(model: ReferralRiskModel, tokenizer: Any, notes: list[list[str]]) -> dict[str, Any]:
    """Token inputs of notes: each distinct sentence once, placed by sentence_index."""
    unique = list(dict.fromkeys(s for note in notes for s in note))
    encoder = SentenceEncoder(model.encoder, tokenizer, max_tokens=32, backend="torch")
    ids, mask = encoder.pad(encoder.tokenize(unique)) if unique else (None, None)
    index = sentence_index([[unique.index(s) for s in note] for note in notes])
    return {"input_ids": ids, "attention_mask": mask, "sentence_index": index, "encoder": encoder}


def _structured(model: ReferralRiskModel, n: int, seed: int = 0) -> torch.Tensor:
    generator = torch.Generator().manual_seed(seed)
    return torch.rand((n, model.config.structured_dim), generator=generator)


def _logits(model: ReferralRiskModel, inputs: dict[str, Any], structured: torch.Tensor, **kw):
    with torch.inference_mode():
        return model(
            inputs["input_ids"], inputs["attention_mask"], inputs["sentence_index"], structured,
            **kw,
        )  # fmt: skip


def test_forward_gives_one_logit_per_note_and_label(tiny_model, tokenizer):
    inputs = _inputs(tiny_model, tokenizer, NOTES)
    assert inputs["input_ids"].shape[0] == 5  # five distinct sentences for six mentions
    assert inputs["sentence_index"].tolist() == [[0, 1, 2], [3, -1, -1], [4, 1, -1]]
    logits = _logits(tiny_model, inputs, _structured(tiny_model, 3))
    assert logits.shape == (3, 2) and torch.isfinite(logits).all()
    assert not any(p.requires_grad for p in tiny_model.encoder.pooler.parameters())


def test_padding_and_batch_company_do_not_change_a_note(tiny_model, tokenizer):
    structured = _structured(tiny_model, 3)
    together = _logits(tiny_model, _inputs(tiny_model, tokenizer, NOTES), structured)
    for i, note in enumerate(NOTES):
        alone = _logits(tiny_model, _inputs(tiny_model, tokenizer, [note]), structured[i : i + 1])
        torch.testing.assert_close(alone[0], together[i], atol=1e-5, rtol=1e-5)
    # more sentence columns of padding change nothing either
    inputs = _inputs(tiny_model, tokenizer, NOTES)
    wide = torch.full((3, 7), -1, dtype=torch.long)
    wide[:, :3] = inputs["sentence_index"]
    padded = _logits(tiny_model, {**inputs, "sentence_index": wide}, structured)
    torch.testing.assert_close(padded, together, atol=1e-5, rtol=1e-5)


def test_sentence_order_matters_through_the_context_layer(tiny_model, tokenizer):
    structured = _structured(tiny_model, 1)
    forward = _logits(tiny_model, _inputs(tiny_model, tokenizer, [NOTES[0]]), structured)
    backward = _logits(tiny_model, _inputs(tiny_model, tokenizer, [NOTES[0][::-1]]), structured)
    assert not torch.allclose(forward, backward, atol=1e-6)


def test_cached_vectors_give_the_token_path_logits(tiny_model, tokenizer):
    inputs = _inputs(tiny_model, tokenizer, NOTES)
    structured = _structured(tiny_model, 3)
    from_tokens = _logits(tiny_model, inputs, structured)
    unique = list(dict.fromkeys(s for note in NOTES for s in note))
    vectors = torch.as_tensor(inputs["encoder"].encode(unique))
    with torch.inference_mode():
        from_vectors = tiny_model(
            sentence_index=inputs["sentence_index"], structured=structured, vectors=vectors
        )
        split_passes = tiny_model(
            inputs["input_ids"], inputs["attention_mask"], inputs["sentence_index"], structured,
            max_sentences_per_pass=2,
        )  # fmt: skip
    torch.testing.assert_close(from_vectors, from_tokens, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(split_passes, from_tokens, atol=1e-5, rtol=1e-5)


def test_a_note_without_sentences_scores_its_structured_fields_only(tiny_model, tokenizer):
    inputs = _inputs(tiny_model, tokenizer, [NOTES[1], []])
    structured = _structured(tiny_model, 2)
    logits = _logits(tiny_model, inputs, structured)
    with torch.inference_mode():
        linear = tiny_model.head.structured(structured)
    torch.testing.assert_close(logits[1], linear[1])
    assert not torch.allclose(logits[0], linear[0])


def test_logits_are_the_sum_of_sentence_contributions(tiny_model, tokenizer):
    inputs = _inputs(tiny_model, tokenizer, NOTES)
    structured = _structured(tiny_model, 3)
    with torch.inference_mode():
        vectors = tiny_model.sentence_vectors(inputs["input_ids"], inputs["attention_mask"])
        parts = tiny_model.head.sentence_contributions(vectors, inputs["sentence_index"])
        logits = tiny_model(sentence_index=inputs["sentence_index"], structured=structured,
                            vectors=vectors)  # fmt: skip
        linear = tiny_model.head.structured(structured)
    assert parts.shape == (3, 3, 2)
    assert (parts[inputs["sentence_index"] < 0] == 0).all()  # padding contributes nothing
    torch.testing.assert_close(parts.sum(dim=1) + linear, logits)


def test_inputs_are_checked(tiny_model, tokenizer):
    inputs = _inputs(tiny_model, tokenizer, NOTES)
    index = inputs["sentence_index"]
    with pytest.raises(ValueError, match="structured: the model expects"):
        tiny_model(inputs["input_ids"], inputs["attention_mask"], index, None)
    with pytest.raises(ValueError, match=r"structured: expected shape \(3, "):
        tiny_model(inputs["input_ids"], inputs["attention_mask"], index, _structured(tiny_model, 2))
    with pytest.raises(ValueError, match="sentence_index: required"):
        tiny_model(inputs["input_ids"], inputs["attention_mask"])
    with pytest.raises(ValueError, match="input_ids and attention_mask, or vectors"):
        tiny_model(sentence_index=index, structured=_structured(tiny_model, 3))


def test_note_head_without_context_or_structured_fields():
    torch.manual_seed(0)
    head = NoteHead(input_dim=8, hidden=4, n_labels=2, context_layers=0, context_heads=2).eval()
    assert head.context is None and head.structured is None and head.bias is not None
    vectors = torch.randn(3, 8)
    index = torch.tensor([[0, 1], [2, -1]])
    with torch.inference_mode():
        logits = head(vectors, index)
        contributions = head.sentence_contributions(vectors, index)
        # without context a sentence's contribution does not depend on its neighbours
        other_neighbour = head.sentence_contributions(vectors, torch.tensor([[2, 1]]))
    assert logits.shape == (2, 2)
    torch.testing.assert_close(contributions[0, 1], other_neighbour[0, 1])
    torch.testing.assert_close(logits, contributions.sum(dim=1) + head.bias)
    with pytest.raises(ValueError, match=r"hidden: must be a multiple of context_heads \(3\)"):
        NoteHead(input_dim=8, hidden=4, n_labels=2, context_heads=3)
    with_fields = NoteHead(input_dim=8, hidden=4, n_labels=2, structured_dim=3, context_heads=2)
    with pytest.raises(ValueError, match="structured: this head expects"):
        with_fields(vectors, index)


def test_a_few_steps_reduce_loss_on_a_separable_toy_task(tiny_model, tokenizer):
    torch.manual_seed(0)
    risky = ["Third PPN this month.", "Violence and injury, police called."]
    safe = ["Family engaged well.", "Grandparent supportive, no concerns."]
    notes = [risky, safe] * 2
    labels = torch.tensor([[1.0, 1.0], [0.0, 0.0]] * 2)
    inputs = _inputs(tiny_model, tokenizer, notes)
    structured = torch.zeros(len(notes), tiny_model.config.structured_dim)
    tiny_model.train()
    optimiser = torch.optim.AdamW(tiny_model.parameters(), lr=3e-3)
    losses = []
    for _ in range(12):
        logits = tiny_model(
            inputs["input_ids"], inputs["attention_mask"], inputs["sentence_index"], structured
        )
        loss = multitask_bce_loss(logits, labels)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        losses.append(loss.item())
    tiny_model.eval()
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
    with pytest.raises(ValueError, match="labels: shape"):
        multitask_bce_loss(logits, labels[:1])


def test_config_json_round_trip_and_checks(tmp_path):
    config = ModelConfig(base_model="/models/x", max_tokens=48, structured_dim=7, hidden=32,
                         context_layers=2, context_heads=4, max_sentences=64)  # fmt: skip
    config.save(tmp_path / "c.json")
    assert ModelConfig.load(tmp_path / "c.json") == config
    data = json.loads((tmp_path / "c.json").read_text())
    assert (data["format"], data["version"]) == ("referral-nlp-model-config", 2)
    data["surprise"] = 1
    with pytest.raises(ValueError, match="surprise"):
        ModelConfig.from_dict(data)
    for bad, match in (
        ({"max_tokens": 4}, "max_tokens: must be at least 8"),
        ({"hidden": 30, "context_heads": 4}, r"hidden: must be a multiple of context_heads \(4\)"),
        ({"max_sentences": 0}, "max_sentences"),
        ({"dropout": 1.0}, "dropout"),
        ({"text_fields": ("assessment_text",)}, "text_fields: must include 'text'"),
        ({"labels": ("a", "a")}, "labels"),
    ):
        with pytest.raises(ValueError, match=match):
            ModelConfig(**bad)


def test_a_window_model_config_is_refused_with_a_clear_message(tmp_path):
    old = {
        "format": "referral-nlp-model-config", "version": 1, "base_model": "default",
        "max_length": 256, "stride": 64, "pooling": "attention", "structured_dim": 40,
    }  # fmt: skip
    with pytest.raises(ValueError, match=r"version 1, this referral-nlp reads version 2") as info:
        ModelConfig.from_dict(old)
    assert "older referral-nlp" in str(info.value) and "Train it again" in str(info.value)
    legacy = dict(old)
    del legacy["version"]  # the window model's first files had no version: also version 1
    with pytest.raises(ValueError, match="version 1"):
        ModelConfig.from_dict(legacy)
    with pytest.raises(ValueError, match="a newer referral-nlp"):
        ModelConfig.from_dict({**ModelConfig().to_dict(), "version": MODEL_CONFIG_VERSION + 1})


def test_save_then_load_gives_identical_logits(saved_artifact, tokenizer, structured_encoder,
                                               records):  # fmt: skip
    from referral_nlp.artifacts import verify_manifest

    model = ReferralRiskModel.load_pretrained(saved_artifact)
    assert not model.training
    notes = [note_sentences(r) for r in records]
    inputs = _inputs(model, tokenizer, notes)
    structured = torch.as_tensor(structured_encoder.transform(records))
    first = _logits(model, inputs, structured)
    second = _logits(ReferralRiskModel.load_pretrained(saved_artifact), inputs, structured)
    torch.testing.assert_close(first, second, rtol=0, atol=0)
    names = {p.relative_to(saved_artifact).as_posix() for p in saved_artifact.rglob("*")}
    assert {
        "model.safetensors",
        "model_config.json",
        "encoder/config.json",
        "structured_encoder.json",
        "manifest.json",
    } <= names
    assert set(verify_manifest(saved_artifact)["files"]) == names - {"manifest.json", "encoder",
                                                                     "tokenizer"}  # fmt: skip
    assert not any(n.endswith((".bin", ".pt", ".pkl", ".pickle")) for n in names)


def test_load_refuses_a_v1_artefact_and_mismatched_weights(saved_artifact, tmp_path):
    import shutil

    from referral_nlp.artifacts import write_manifest

    old = tmp_path / "old"
    shutil.copytree(saved_artifact, old)
    config = json.loads((old / "model_config.json").read_text())
    (old / "model_config.json").write_text(json.dumps({**config, "version": 1}))
    write_manifest(old)  # a consistent manifest: the version check itself must refuse it
    with pytest.raises(ValueError, match="version 1, this referral-nlp reads version 2"):
        ReferralRiskModel.load_pretrained(old)

    wider = tmp_path / "wider"
    shutil.copytree(saved_artifact, wider)
    (wider / "model_config.json").write_text(json.dumps({**config, "hidden": 32}))
    write_manifest(wider)
    with pytest.raises((ValueError, RuntimeError)):
        ReferralRiskModel.load_pretrained(wider)


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
    with pytest.raises(ValueError, match="extra_json"):
        tiny_model.save_pretrained(tmp_path / "x", extra_json={"../evil.json": {}})
    assert not (tmp_path / "x").exists()


def test_max_tokens_beyond_the_encoder_is_refused(tiny_encoder_config):
    small = type(tiny_encoder_config)(**{**tiny_encoder_config.to_dict(),
                                         "max_position_embeddings": 16})  # fmt: skip
    with pytest.raises(ValueError, match="max_tokens: 32 exceeds the encoder's"):
        ReferralRiskModel.from_config(tiny_model_config(0), small)


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
    notes = [note_sentences(r) for r in records[:2]]
    inputs = _inputs(model, tokenizer, notes)
    logits = _logits(model, inputs, torch.as_tensor(structured_encoder.transform(records[:2])))
    assert logits.shape == (2, 2) and torch.isfinite(logits).all()
    # a pretrained sentence encoder: a sentence is closer to its paraphrase than to another
    vectors = torch.as_tensor(inputs["encoder"].encode(
        ["Mum was not engaging.", "Mother did not engage.", "School attendance is good."]
    ))  # fmt: skip
    cos = torch.nn.functional.cosine_similarity
    assert cos(vectors[0], vectors[1], dim=0) > cos(vectors[0], vectors[2], dim=0)
    assert math.isfinite(float(vectors.norm()))


def test_rows_sorted_and_passes_cut_to_their_own_width_give_the_same_logits(
    tiny_model, tokenizer, monkeypatch
):
    # The training collator sorts a batch's sentences by length and each encoder pass cuts
    # its padding (most of a step's tokens otherwise): the logits must not move.
    import referral_nlp.modeling.model as model_module
    from referral_nlp.modeling.training.batches import TokenCollator

    notes = [
        ["A much longer sentence about the police attending a domestic incident at night.", "Ok."],
        ["Short.", "Children were present when the police attended the incident last week."],
        ["Ok.", "No current concerns were raised by the school or the health visitor."],
    ]
    unique = list(dict.fromkeys(s for note in notes for s in note))
    encoder = SentenceEncoder(tiny_model.encoder, tokenizer, max_tokens=32, backend="torch")
    token_ids = encoder.tokenize(unique)
    items = [
        {"sentence_rows": [unique.index(s) for s in note], "labels": [0, 1], "index": i,
         "n_tokens": 1, "structured": None}
        for i, note in enumerate(notes)
    ]  # fmt: skip
    batch = TokenCollator(token_ids, tokenizer.pad_token_id)(items)
    lengths = batch["attention_mask"].sum(dim=1).tolist()
    assert lengths == sorted(lengths) and lengths != [len(token_ids[r]) for r in range(5)]
    for n, note in enumerate(notes):  # every note still points at its own sentences' tokens
        for s, sentence in enumerate(note):
            row = int(batch["sentence_index"][n, s])
            tokens = batch["input_ids"][row, : lengths[row]].tolist()
            assert tokens == token_ids[unique.index(sentence)]

    structured = _structured(tiny_model, 3)
    reference = _logits(tiny_model, _inputs(tiny_model, tokenizer, notes), structured)
    monkeypatch.setattr(model_module, "ROWS_PER_PASS", 2)  # several passes, each cut
    widths = []
    forward = tiny_model.encoder.forward

    def spy(*args, **kwargs):
        widths.append(kwargs["input_ids"].shape[1])
        return forward(*args, **kwargs)

    monkeypatch.setattr(tiny_model.encoder, "forward", spy)
    sorted_logits = _logits(tiny_model, batch, structured)
    torch.testing.assert_close(sorted_logits, reference, atol=1e-5, rtol=1e-5)
    assert len(widths) == 3 and widths[0] < widths[-1] == batch["input_ids"].shape[1]
