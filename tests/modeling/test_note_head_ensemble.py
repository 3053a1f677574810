"""An ensemble of note heads: the mean of its members, exact sentence contributions, one
loss per member in training, the prior correction on every member, save and load."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from eval_cases import tiny_model_config

from referral_nlp.modeling.model import ModelConfig, ReferralRiskModel
from referral_nlp.modeling.note_head import NoteHead, NoteHeadEnsemble, note_head
from referral_nlp.modeling.training.loop import prior_correct

HEAD = {"input_dim": 8, "hidden": 4, "n_labels": 2, "structured_dim": 3, "context_heads": 2}


def _inputs(seed: int = 0) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(seed)
    vectors = torch.randn(4, 8, generator=generator)
    index = torch.tensor([[0, 1, 2], [3, -1, -1], [2, 0, -1]])
    structured = torch.rand(3, 3, generator=generator)
    return vectors, index, structured


def _ensemble_model(encoder_config, structured_encoder, members: int, *, seed: int = 0):
    """A tiny model with ``members`` heads and inputs in its vector width."""
    torch.manual_seed(seed)
    config = tiny_model_config(structured_encoder.dim, head_members=members)
    model = ReferralRiskModel.from_config(config, encoder_config).eval()
    inputs = {
        "sentence_index": _inputs()[1],
        "vectors": torch.randn(4, model.hidden_size),
        "structured": torch.rand(3, structured_encoder.dim),
    }
    return model, inputs


def test_note_head_builds_one_head_or_an_ensemble():
    assert type(note_head(1, **HEAD)) is NoteHead
    ensemble = note_head(3, **HEAD)
    assert isinstance(ensemble, NoteHeadEnsemble) and len(ensemble.members) == 3
    with pytest.raises(ValueError, match="n_members: expected at least 1 head, got 0"):
        note_head(0, **HEAD)
    with pytest.raises(ValueError, match="at least 2 heads, got 1"):
        NoteHeadEnsemble(1, **HEAD)


def test_the_ensemble_is_the_mean_of_its_members_and_contributions_still_add_up():
    torch.manual_seed(0)
    ensemble = NoteHeadEnsemble(3, **HEAD).eval()
    vectors, index, structured = _inputs()
    with torch.inference_mode():
        each = torch.stack([m(vectors, index, structured) for m in ensemble.members])
        logits = ensemble(vectors, index, structured)
        members = ensemble(vectors, index, structured, members=True)
        parts = ensemble.sentence_contributions(vectors, index)
        linear = torch.stack([m.structured(structured) for m in ensemble.members]).mean(0)
    assert members.shape == (3, 3, 2)
    torch.testing.assert_close(members, each)
    torch.testing.assert_close(logits, each.mean(dim=0))
    # differently initialised members disagree, so the mean is not any one of them
    assert not torch.allclose(each[0], each[1])
    torch.testing.assert_close(parts.sum(dim=1) + linear, logits)
    assert (parts[index < 0] == 0).all()


def test_a_single_head_gives_its_logits_as_an_ensemble_of_one():
    torch.manual_seed(0)
    head = NoteHead(**HEAD).eval()
    vectors, index, structured = _inputs()
    with torch.inference_mode():
        members = head(vectors, index, structured, members=True)
        logits = head(vectors, index, structured)
    assert members.shape == (1, 3, 2)
    torch.testing.assert_close(members[0], logits)


def test_prior_correction_moves_the_ensemble_mean_by_the_log_weight(
    tiny_encoder_config, structured_encoder
):
    model, inputs = _ensemble_model(tiny_encoder_config, structured_encoder, 3)
    with torch.inference_mode():
        before = model(**inputs)
    shifts = prior_correct(model, torch.tensor([4.0, 10.0]))
    with torch.inference_mode():
        after = model(**inputs)
    np.testing.assert_allclose(shifts, np.log([4.0, 10.0]))
    torch.testing.assert_close(before - after, torch.tensor(np.log([4.0, 10.0])).float()
                               .expand_as(before))  # fmt: skip


def test_each_member_learns_from_its_own_loss(tiny_encoder_config, structured_encoder):
    """A gradient step on the members' mean loss moves every member (none rides on another)."""
    from referral_nlp.modeling.model import multitask_bce_loss

    model, inputs = _ensemble_model(tiny_encoder_config, structured_encoder, 2)
    model.train()
    labels = torch.tensor([[1.0, 0.0], [0.0, 0.0], [1.0, 1.0]])
    member_logits = model(**inputs, members=True)
    assert member_logits.shape == (2, 3, 2)
    loss = torch.stack([multitask_bce_loss(lg, labels) for lg in member_logits]).mean()
    loss.backward()
    for member in model.head.members:
        grad = member.contribution[-1].weight.grad
        assert grad is not None and grad.abs().sum() > 0


def test_an_ensemble_artefact_saves_and_loads_with_identical_logits(
    tmp_path, tiny_encoder_config, tokenizer, structured_encoder
):
    model, inputs = _ensemble_model(tiny_encoder_config, structured_encoder, 3, seed=2)
    directory = tmp_path / "model"
    model.save_pretrained(directory, tokenizer=tokenizer, structured_encoder=structured_encoder)
    loaded = ReferralRiskModel.load_pretrained(directory)
    assert loaded.config.head_members == 3 and len(loaded.head.members) == 3
    with torch.inference_mode():
        first = model(**inputs)
        second = loaded(**inputs)
    torch.testing.assert_close(first, second, rtol=0, atol=0)


def test_head_members_is_checked_and_defaults_to_one_for_older_configs():
    data = ModelConfig().to_dict()
    data.pop("head_members")
    assert ModelConfig.from_dict(data).head_members == 1
    with pytest.raises(ValueError, match="head_members: must be at least 1, got 0"):
        ModelConfig(head_members=0)
