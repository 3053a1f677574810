"""Checkpoint state as safetensors + JSON: the same optimiser, schedule and RNG come back."""

from __future__ import annotations

import json

import pytest
import torch

from referral_nlp.modeling.state_io import load_state, save_state


def test_optimizer_scheduler_and_rng_round_trip_without_pickle(tmp_path):
    from transformers import get_linear_schedule_with_warmup

    model = torch.nn.Linear(4, 2)
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.01)
    scheduler = get_linear_schedule_with_warmup(optimizer, 2, 10)
    for _ in range(3):
        model(torch.randn(5, 4)).sum().backward()
        optimizer.step()
        scheduler.step()
    rng = {"torch": torch.get_rng_state()}
    for name, state in (
        ("optimizer", optimizer.state_dict()),
        ("scheduler", scheduler.state_dict()),
        ("rng-0", rng),
    ):
        save_state(state, tmp_path / name)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "optimizer.json",
        "optimizer.safetensors",
        "rng-0.json",
        "rng-0.safetensors",
        "scheduler.json",  # plain numbers: no tensor file
    ]
    fresh = torch.optim.AdamW(torch.nn.Linear(4, 2).parameters(), lr=0.5)
    fresh.load_state_dict(load_state(tmp_path / "optimizer"))
    expected, got = optimizer.state_dict(), fresh.state_dict()
    assert got["param_groups"] == expected["param_groups"]
    assert set(got["state"]) == {0, 1}  # int keys survive JSON
    for index, values in expected["state"].items():
        for key, value in values.items():
            torch.testing.assert_close(got["state"][index][key], value)
    assert load_state(tmp_path / "scheduler") == scheduler.state_dict()
    torch.testing.assert_close(load_state(tmp_path / "rng-0")["torch"], rng["torch"])


def test_objects_that_would_need_pickle_are_refused(tmp_path):
    with pytest.raises(TypeError, match="got object"):
        save_state({"x": object()}, tmp_path / "bad")


def test_a_foreign_file_is_refused(tmp_path):
    (tmp_path / "s.json").write_text(json.dumps({"state": 1}))
    with pytest.raises(ValueError, match="expected a referral-nlp-state file"):
        load_state(tmp_path / "s")
