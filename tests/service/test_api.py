"""The BentoML service in process (ASGI): the HTTP contract, roles, audit, bad input, the page."""

from __future__ import annotations

import asyncio
import importlib
import json
import sqlite3
import sys

import httpx
import pytest

from referral_nlp.serving.keys import KeyStore

NOTE = (
    "Police attended after a DA incident at 12 Elm Road, Leeds LS9 8ZZ. Mum Sarah JONES had a "
    "cut lip. Kayden (DOB 04/07/2016) was present. Dad left before officers arrived."
)
PERSONAL = ("Sarah", "JONES", "Kayden", "04/07/2016", "Elm Road", "LS9 8ZZ")


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


@pytest.fixture(scope="module")
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


def auth(keys, role="reviewer"):
    return {"Authorization": f"Bearer {keys[role]}"}


def test_health_is_open(api):
    # /metrics needs the server's Prometheus set-up: tests/service/test_server.py checks it.
    client, _, _ = api
    assert client.get("/livez").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_redact_contract(api):
    client, keys, _ = api
    response = client.post("/v1/redact", json={"text": NOTE}, headers=auth(keys))
    assert response.status_code == 200, response.text
    body = response.json()
    assert all(v not in body["redacted_text"] for v in PERSONAL)
    for e in body["entities"]:
        assert {"start", "end", "entity_type", "score"} <= set(e)
        assert NOTE[e["start"] : e["end"]].strip()


def test_score_contract_and_audit_row(api):
    client, keys, audit_db = api
    case = {"text": NOTE, "child_age": 9, "referral_source": "police", "previous_cp_plan": False}
    response = client.post("/v1/score", json=case, headers=auth(keys))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["request_id"] == response.headers["x-request-id"]
    assert body["model_version"].startswith("sha256:")
    for label in ("re_referral", "escalation"):
        assert set(body[label]) == {"probability", "band", "band_description", "flagged"}
        assert 0 <= body[label]["probability"] <= 1
    assert body["explanation"]["method"].startswith("sentence occlusion")
    assert all(v not in response.text for v in PERSONAL)
    db = sqlite3.connect(audit_db)
    row = db.execute(
        "SELECT key_name, role, endpoint, model_version, re_referral_band, latency_ms "
        "FROM scores WHERE request_id = ?",
        (body["request_id"],),
    ).fetchone()
    assert row[:5] == (
        "reviewer-1",
        "reviewer",
        "/v1/score",
        body["model_version"],
        body["re_referral"]["band"],
    )
    assert row[5] > 0


def test_batch_scores_each_case_without_explanations_by_default(api):
    client, keys, _ = api
    cases = [{"text": NOTE}, {"text": "No concerns. NFA.", "explain": True}, {"text": NOTE}]
    response = client.post("/v1/score/batch", json={"cases": cases}, headers=auth(keys))
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert len(results) == 3
    assert results[0]["explanation"] is None and results[1]["explanation"] is not None
    assert results[0]["re_referral"] == results[2]["re_referral"]


def test_model_card_and_audit_by_role(api):
    client, keys, _ = api
    md = client.get("/v1/model-card", headers=auth(keys, "governance"))
    assert md.status_code == 200 and md.text.startswith("# Model card")
    html = client.get("/v1/model-card?format=html", headers=auth(keys, "reviewer"))
    assert html.status_code == 200 and "<h1>Model card</h1>" in html.text
    assert client.get("/v1/model-card?format=pdf", headers=auth(keys)).status_code == 400
    assert client.get("/v1/audit", headers=auth(keys, "reviewer")).status_code == 403
    assert (
        client.post("/v1/score", json={"text": NOTE}, headers=auth(keys, "governance")).status_code
        == 403
    )
    exported = client.get("/v1/audit?limit=5", headers=auth(keys, "governance"))
    assert exported.status_code == 200
    records = exported.json()["records"]
    assert records and all(v not in exported.text for v in PERSONAL)
    assert client.get("/v1/audit?since=yesterday", headers=auth(keys, "admin")).status_code == 400
    assert client.get("/v1/audit?limit=0", headers=auth(keys, "admin")).status_code == 400


BAD = [
    ({"text": ""}, "text"),
    ({"text": "   \n "}, "text"),
    ({"text": "x" * 100_001}, "text"),
    ({}, "text"),
    ({"text": 42}, "text"),
    ({"text": NOTE, "child_age": "seven"}, "child_age"),
    ({"text": NOTE, "child_age": 30}, "child_age"),
    ({"text": NOTE, "disability": "yes"}, "disability"),
    ({"text": NOTE, "ethnicity": "martian"}, "ethnicity"),
    ({"text": NOTE, "assessment_factors": ["domestic_abuse", "aliens"]}, "assessment_factors"),
    ({"text": NOTE, "assessment_factors": "domestic_abuse"}, "assessment_factors"),
    ({"text": NOTE, "surname": "JONES"}, "surname"),
    ({"text": NOTE, "referral_date": "2024-05-01", "closure_date": "2024-01-01"}, "closure_date"),
    ({"text": NOTE, "referral_date": "01/05/2024"}, "referral_date"),
]


@pytest.mark.parametrize(("case", "field"), BAD, ids=[f for _, f in BAD])
def test_bad_case_is_400_naming_the_field_without_echoing_the_value(api, case, field):
    client, keys, _ = api
    response = client.post("/v1/score", json=case, headers=auth(keys))
    assert response.status_code == 400, response.text
    body = response.json()
    assert any(field in d["loc"] for d in body["detail"])
    for value in ("seven", "martian", "aliens", "JONES", "01/05/2024"):
        if value in json.dumps(case):
            assert value not in response.text


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00bad", b"[1, 2]", b'"text"', b"", b"null"],
    ids=["malformed", "not utf-8", "array", "string", "empty", "null"],
)
def test_malformed_bodies_are_400(api, content):
    client, keys, _ = api
    response = client.post(
        "/v1/score", content=content, headers={**auth(keys), "Content-Type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert "error" in response.json()


@pytest.mark.parametrize(
    "body",
    [{"cases": []}, {"cases": [{"text": NOTE}] * 65}, {"cases": [{"text": ""}]}, {}],
    ids=["empty", "too many", "bad case", "no cases"],
)
def test_bad_batches_are_400(api, body):
    client, keys, _ = api
    response = client.post("/v1/score/batch", json=body, headers=auth(keys))
    assert response.status_code == 400


def test_openapi_publishes_the_typed_contract(api):
    client, _, _ = api
    spec = client.get("/docs.json").json()
    assert {"/v1/redact", "/v1/score", "/v1/score/batch"} <= set(spec["paths"])
    text = json.dumps(spec)
    assert "child_age" in text and "assessment_factors" in text


def test_reviewer_page_is_served_with_labels_and_csp(api):
    client, _, _ = api
    page = client.get("/ui")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert '<label for="text">' in page.text and '<html lang="en-GB">' in page.text
    assert client.get("/ui/app.js").status_code == 200
    assert client.get("/ui/nope.js").status_code == 404
