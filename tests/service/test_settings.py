"""Service settings from the environment: defaults, checks and the CPU arithmetic choice."""

from __future__ import annotations

import pytest

from referral_nlp.serving.settings import ServiceSettings


@pytest.fixture
def cpu(monkeypatch):
    for name in ("REFERRAL_NLP_QUANTIZE", "REFERRAL_NLP_WORKERS", "REFERRAL_NLP_TORCH_THREADS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REFERRAL_NLP_DEVICE", "cpu")
    return monkeypatch


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", "auto"), ("auto", "auto"), ("INT8", "int8"), ("none", None), ("off", None)],
)
def test_quantize_choice_on_a_cpu(cpu, value, expected):
    cpu.setenv("REFERRAL_NLP_QUANTIZE", value)
    assert ServiceSettings.from_env().quantize == expected


def test_unknown_quantize_value_says_what_is_accepted(cpu):
    cpu.setenv("REFERRAL_NLP_QUANTIZE", "fp16")
    with pytest.raises(ValueError, match="expected auto, int8 or none, got 'fp16'"):
        ServiceSettings.from_env()


def test_gpu_serves_the_saved_weights(cpu):
    cpu.setenv("REFERRAL_NLP_DEVICE", "cuda")
    assert ServiceSettings.from_env().quantize is None  # auto means float32 on a GPU
    cpu.setenv("REFERRAL_NLP_QUANTIZE", "int8")
    with pytest.raises(ValueError, match="for CPU serving"):
        ServiceSettings.from_env()


def test_workers_times_threads_may_not_exceed_the_cores(cpu):
    from referral_nlp.serving.settings import available_cores

    cpu.setenv("REFERRAL_NLP_WORKERS", str(available_cores() + 1))
    with pytest.raises(ValueError, match="exceeds the"):
        ServiceSettings.from_env()


@pytest.mark.parametrize(
    ("workers", "keep_alive", "expected"),
    [("2", "", True), ("1", "", False), ("2", "1", False), ("2", "0", True)],
)
def test_connections_close_after_work_when_several_workers_share_the_socket(
    cpu, monkeypatch, workers, keep_alive, expected
):
    monkeypatch.setattr("referral_nlp.serving.settings.available_cores", lambda: 4)
    cpu.setenv("REFERRAL_NLP_WORKERS", workers)
    cpu.setenv("REFERRAL_NLP_KEEP_ALIVE", keep_alive)
    assert ServiceSettings.from_env().close_after_work is expected


def test_keep_alive_must_be_a_flag(cpu):
    cpu.setenv("REFERRAL_NLP_KEEP_ALIVE", "sometimes")
    with pytest.raises(ValueError, match="REFERRAL_NLP_KEEP_ALIVE: expected 1 or 0"):
        ServiceSettings.from_env()


LIMITS = (
    "MAX_BODY_BYTES",
    "BODY_TIMEOUT",
    "REQUEST_TIMEOUT",
    "MAX_IN_FLIGHT",
    "MAX_IN_FLIGHT_PER_KEY",
    "MAX_BATCH_CASES",
    "EXPLAIN_BUDGET",
    "SIGNING_KEY",
)


def test_resource_limits_have_defaults_and_are_checked(cpu):
    for name in LIMITS:  # the in-process service's fixture sets some for the session
        cpu.delenv(f"REFERRAL_NLP_{name}", raising=False)
    settings = ServiceSettings.from_env()
    assert (settings.max_body_bytes, settings.body_timeout, settings.request_timeout) == (
        1_000_000,
        10.0,
        120,
    )
    assert (settings.max_in_flight, settings.max_in_flight_per_key) == (32, 8)
    assert (settings.max_batch_cases, settings.explain_budget) == (64, 5.0)
    assert settings.signing_key is None
    cpu.setenv("REFERRAL_NLP_MAX_BATCH_CASES", "65")
    with pytest.raises(ValueError, match="REFERRAL_NLP_MAX_BATCH_CASES: expected from 1 to 64"):
        ServiceSettings.from_env()
    cpu.delenv("REFERRAL_NLP_MAX_BATCH_CASES")
    cpu.setenv("REFERRAL_NLP_BODY_TIMEOUT", "0")
    with pytest.raises(ValueError, match="REFERRAL_NLP_BODY_TIMEOUT"):
        ServiceSettings.from_env()
    cpu.delenv("REFERRAL_NLP_BODY_TIMEOUT")
    cpu.setenv("REFERRAL_NLP_SIGNING_KEY", "too-short")
    with pytest.raises(ValueError, match="at least 32 characters") as raised:
        ServiceSettings.from_env()
    assert "too-short" not in str(raised.value)
    cpu.setenv("REFERRAL_NLP_SIGNING_KEY", "k" * 40)
    assert "k" * 40 not in repr(ServiceSettings.from_env())
