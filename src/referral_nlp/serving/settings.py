"""Service settings from the environment (``referral-nlp serve`` sets them from its flags).

| variable | default | meaning |
|---|---|---|
| ``REFERRAL_NLP_MODEL_DIR`` | ``.referral-nlp/models/default`` | artefact dir or BentoML tag |
| ``REFERRAL_NLP_KEYS_FILE`` | ``.referral-nlp/keys.json`` | API keys (hashes only) |
| ``REFERRAL_NLP_AUDIT_DB`` | ``.referral-nlp/audit.sqlite3`` | the audit log |
| ``REFERRAL_NLP_DATABASE_URL`` | unset | audit log and keys of every replica (PostgreSQL) |
| ``REFERRAL_NLP_DEVICE`` | ``cuda`` if available, else ``cpu`` | where the model runs |
| ``REFERRAL_NLP_WORKERS`` | cores // torch threads (CPU), 1 (GPU) | BentoML worker processes |
| ``REFERRAL_NLP_TORCH_THREADS`` | 1 (CPU) | torch threads per worker |
| ``REFERRAL_NLP_MAX_BATCH`` | 1 (CPU: batching does not pay), 16 (GPU) | micro-batch size |
| ``REFERRAL_NLP_MAX_WAIT_MS`` | 5 | longest a request waits for a batch |
| ``REFERRAL_NLP_MAX_BODY_BYTES`` | 1000000 | largest request body (413 beyond) |
| ``REFERRAL_NLP_BODY_TIMEOUT`` | 10 | seconds to receive a whole body (408 beyond) |
| ``REFERRAL_NLP_REQUEST_TIMEOUT`` | 120 | seconds to the start of a response (504; work stops) |
| ``REFERRAL_NLP_MAX_IN_FLIGHT`` | 32 | requests in flight per worker (503 and not ready beyond) |
| ``REFERRAL_NLP_MAX_IN_FLIGHT_PER_KEY`` | 8 | requests in flight per key per worker (429 beyond) |
| ``REFERRAL_NLP_MAX_BATCH_CASES`` | 64 | cases per batch request (at most 64) |
| ``REFERRAL_NLP_EXPLAIN_BUDGET`` | 5 | seconds of explanation per request (then scores only) |
| ``REFERRAL_NLP_EXPLAIN_MAX_SEGMENTS`` | 40 | sentences (or runs of them) hidden per explanation |
| ``REFERRAL_NLP_SIGNING_KEY`` | unset | serve only artefacts signed with this key (32+ chars) |
| ``REFERRAL_NLP_AUDIT_KEY`` | ``audit.key`` by the audit DB | audit digests' key (32+ chars) |
| ``REFERRAL_NLP_KEEP_ALIVE`` | 0 with 2+ workers | 1 keeps connections open after scoring |
| ``REFERRAL_NLP_QUANTIZE`` | ``auto`` | float32 models: int8 if checked; ``int8``; ``none`` |

Workers times threads never exceeds the cores this process may use, so workers do not fight
over cores (each worker holds its own model and redactor).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from referral_nlp.data.values import parse_bool
from referral_nlp.errors import UserError
from referral_nlp.serving.guard import (
    DEFAULT_BODY_TIMEOUT,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_REQUEST_TIMEOUT,
)
from referral_nlp.serving.limits import DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT_PER_KEY
from referral_nlp.serving.schemas import MAX_BATCH_CASES
from referral_nlp.storage.database import default_audit_file

#: Seconds of explanation one request may use: a 250-word note explains in about 0.1 s on a
#: CPU core, a 100,000-character one in about 20 s; past the budget the scores come back alone.
DEFAULT_EXPLAIN_BUDGET = 5.0
SIGNING_KEY_ENV = "REFERRAL_NLP_SIGNING_KEY"

__all__ = ["SIGNING_KEY_ENV", "ServiceSettings", "available_cores", "signing_key_from_env"]


def available_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _int(name: str, default: int, minimum: int = 1, maximum: int | None = None) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise UserError(f"{name}: expected a whole number, got {raw!r}.") from None
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"from {minimum} to {maximum}" if maximum is not None else f"at least {minimum}"
        raise UserError(f"{name}: expected {bounds}, got {value}.")
    return value


def _seconds(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise UserError(f"{name}: expected a number of seconds, got {raw!r}.") from None
    if not 0 < value < 86_400:
        raise UserError(f"{name}: expected more than 0 and less than 86400 seconds, got {raw}.")
    return value


@dataclass(frozen=True)
class ServiceSettings:
    model_dir: str | None
    keys_file: Path
    audit_db: Path
    device: str
    workers: int
    torch_threads: int | None
    max_batch: int
    max_wait_ms: float
    max_body_bytes: int
    request_timeout: float
    quantize: str | None
    #: The shared audit and key database (``REFERRAL_NLP_DATABASE_URL``); None: the files.
    database_url: str | None = None
    #: Close connections after redaction and scoring, so that each request goes to a free
    #: worker (see :mod:`referral_nlp.serving.guard`); on by default with several workers.
    close_after_work: bool = False
    body_timeout: float = DEFAULT_BODY_TIMEOUT
    max_in_flight: int = DEFAULT_MAX_IN_FLIGHT
    max_in_flight_per_key: int = DEFAULT_MAX_IN_FLIGHT_PER_KEY
    max_batch_cases: int = MAX_BATCH_CASES
    explain_budget: float = DEFAULT_EXPLAIN_BUDGET
    explain_max_segments: int = 40
    #: Never shown: see ``REFERRAL_NLP_SIGNING_KEY``.
    signing_key: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls) -> ServiceSettings:
        from referral_nlp.serving.keys import default_keys_file

        cwd = Path.cwd()
        device = os.environ.get("REFERRAL_NLP_DEVICE", "").strip() or _default_device()
        if device not in ("cpu", "cuda") and not device.startswith("cuda:"):
            raise UserError(f"REFERRAL_NLP_DEVICE: expected cpu or cuda, got {device!r}.")
        cores = available_cores()
        on_gpu = device.startswith("cuda")
        threads = _int("REFERRAL_NLP_TORCH_THREADS", 1 if not on_gpu else 2)
        workers = _int("REFERRAL_NLP_WORKERS", 1 if on_gpu else max(1, cores // threads))
        if not on_gpu and workers * threads > cores:
            raise UserError(
                f"REFERRAL_NLP_WORKERS x REFERRAL_NLP_TORCH_THREADS = {workers} x {threads} "
                f"exceeds the {cores} cores available; lower one of them."
            )
        model = os.environ.get("REFERRAL_NLP_MODEL_DIR", "").strip()
        wait = os.environ.get("REFERRAL_NLP_MAX_WAIT_MS", "").strip()
        return cls(
            model_dir=model or None,
            keys_file=default_keys_file(cwd),
            audit_db=default_audit_file(cwd),
            device=device,
            workers=workers,
            torch_threads=threads,
            max_batch=_int("REFERRAL_NLP_MAX_BATCH", 16 if on_gpu else 1),
            max_wait_ms=float(wait) if wait else 5.0,
            max_body_bytes=_int("REFERRAL_NLP_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES),
            request_timeout=_seconds("REFERRAL_NLP_REQUEST_TIMEOUT", DEFAULT_REQUEST_TIMEOUT),
            quantize=_quantize(on_gpu),
            close_after_work=workers > 1 and not _flag("REFERRAL_NLP_KEEP_ALIVE"),
            body_timeout=_seconds("REFERRAL_NLP_BODY_TIMEOUT", DEFAULT_BODY_TIMEOUT),
            max_in_flight=_int("REFERRAL_NLP_MAX_IN_FLIGHT", DEFAULT_MAX_IN_FLIGHT),
            max_in_flight_per_key=_int(
                "REFERRAL_NLP_MAX_IN_FLIGHT_PER_KEY", DEFAULT_MAX_IN_FLIGHT_PER_KEY
            ),
            max_batch_cases=_int(
                "REFERRAL_NLP_MAX_BATCH_CASES", MAX_BATCH_CASES, 1, MAX_BATCH_CASES
            ),
            explain_budget=_seconds("REFERRAL_NLP_EXPLAIN_BUDGET", DEFAULT_EXPLAIN_BUDGET),
            explain_max_segments=_int("REFERRAL_NLP_EXPLAIN_MAX_SEGMENTS", 40),
            signing_key=signing_key_from_env(),
            database_url=os.environ.get("REFERRAL_NLP_DATABASE_URL", "").strip() or None,
        )


def signing_key_from_env() -> str | None:
    """The deployer's signing key, or None; too short a key is refused (never echoed)."""
    key = os.environ.get(SIGNING_KEY_ENV, "").strip()
    if key and len(key) < 32:
        raise UserError(
            f"{SIGNING_KEY_ENV}: expected at least 32 characters, got {len(key)}; generate "
            "one with `python -c 'import secrets; print(secrets.token_urlsafe(32))'`."
        )
    return key or None


def _flag(name: str) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    flag = parse_bool(raw) if raw else False
    if flag is None:
        raise UserError(f"{name}: expected 1 or 0 (or yes/no, true/false), got {raw!r}.")
    return flag


def _quantize(on_gpu: bool) -> str | None:
    value = os.environ.get("REFERRAL_NLP_QUANTIZE", "").strip().lower() or "auto"
    if value in ("none", "off", "float32"):
        return None
    if value not in ("auto", "int8"):
        raise UserError(f"REFERRAL_NLP_QUANTIZE: expected auto, int8 or none, got {value!r}.")
    if value == "auto":
        return None if on_gpu else "auto"
    if on_gpu:
        raise UserError("REFERRAL_NLP_QUANTIZE=int8 is for CPU serving; unset it on a GPU.")
    return value


def _default_device() -> str:
    try:
        import torch

        return "cuda" if torch.cuda.is_available() else "cpu"
    except ImportError:  # pragma: no cover - torch is a dependency
        return "cpu"
