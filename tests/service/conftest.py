"""Fixtures for the service tests: a tiny artefact with a card, an engine, the service in process.

One in-process service per test session: BentoML's metrics middleware registers its
Prometheus series once per process, so a second app in the same process fails.

Async tests run on asyncio through anyio's pytest plugin (``pytestmark = pytest.mark.anyio``).
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "modeling"))

from eval_cases import build_artifact, make_toy_records

from referral_nlp.serving.keys import KeyStore

CARD_MARKDOWN = "# Model card\n\nA tiny test model. No personal data.\n"
CARD_HTML = "<!doctype html><title>card</title><h1>Model card</h1>"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def service_model(tmp_path_factory, tokenizer, tiny_encoder_config) -> Path:
    """A tiny artefact with calibration, operating points and a card in its manifest."""
    from referral_nlp.artifacts import read_manifest, write_manifest

    directory = tmp_path_factory.mktemp("service-model") / "model"
    build_artifact(directory, tokenizer, tiny_encoder_config, make_toy_records(60))
    (directory / "model_card.md").write_text(CARD_MARKDOWN, encoding="utf-8")
    (directory / "model_card.html").write_text(CARD_HTML, encoding="utf-8")
    manifest = read_manifest(directory)
    write_manifest(directory, manifest.get("metadata"))
    return directory


@pytest.fixture(scope="session")
def engine(service_model, redactor) -> Any:
    from referral_nlp.serving.engine import ReviewEngine

    return ReviewEngine(service_model, redactor=redactor).load()


class InProcessService:
    """The service's ASGI app with its lifespan entered, driven by one event loop on the main
    thread (``run_until_complete`` per request). Starlette's TestClient and anyio's test runner
    both hang on BentoML's app under pytest; a plain loop does not."""

    def __init__(self, app) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        self._lifespan = app.router.lifespan_context(app)
        self.loop.run_until_complete(self._lifespan.__aenter__())
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://test", timeout=120
        )

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        return self.loop.run_until_complete(self.client.request(method, url, **kwargs))

    def get(self, url: str, **kwargs) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.run_until_complete(self._lifespan.__aexit__(None, None, None))
        self.loop.close()


@pytest.fixture(scope="session")
def api(service_model, tmp_path_factory):
    """The service in process (its lifespan run), keys for each role, the audit database."""
    tmp = tmp_path_factory.mktemp("api")
    keys_file, audit_db = tmp / "keys.json", tmp / "audit.sqlite3"
    store = KeyStore(keys_file)
    keys = {role: store.add(role)[1] for role in ("reviewer", "governance", "admin")}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REFERRAL_NLP_MODEL_DIR", str(service_model))
        mp.setenv("REFERRAL_NLP_KEYS_FILE", str(keys_file))
        mp.setenv("REFERRAL_NLP_AUDIT_DB", str(audit_db))
        mp.setenv("REFERRAL_NLP_DEVICE", "cpu")
        mp.setenv("REFERRAL_NLP_MAX_BATCH", "4")
        mp.setenv("REFERRAL_NLP_REQUEST_TIMEOUT", "60")
        sys.modules.pop("referral_nlp.serving.bentoml_service", None)
        module = importlib.import_module("referral_nlp.serving.bentoml_service")
        service = InProcessService(module.ReferralNLP.to_asgi())
        try:
            yield service, keys, audit_db
        finally:
            service.close()
    sys.modules.pop("referral_nlp.serving.bentoml_service", None)
