"""Issue 13, in process: what an attacker and a careless deployment did to the API.

Each test names the row of the issue it covers. The rows that need a real server (slow uploads,
disconnects, metrics across servers, a tampered artefact at ``serve``) are in test_attacks.py.
"""

from __future__ import annotations

import json
import logging
import shutil
import stat
from datetime import datetime, timedelta, timezone

import pytest
from service_helpers import NOTE, auth
from test_audit import record

from referral_nlp.artifacts import (
    ArtifactIntegrityError,
    artefact_version,
    read_manifest,
    sha256_file,
    sign_artefact,
    verify_signature,
    write_manifest,
)
from referral_nlp.serving.audit import AuditLog, parse_since
from referral_nlp.serving.schemas import NON_BLANK

MARKER = "Zebedee QUANTRILL 07700 900 555"


# ---- row 2: a 400 echoes nothing, logs one line ----
def test_row2_unknown_field_is_named_as_unknown_and_logged_in_one_line(api, caplog):
    client, keys, _ = api
    with caplog.at_level(logging.DEBUG):
        response = client.post("/v1/score", json={"text": "x", MARKER: 1}, headers=auth(keys))
    assert response.status_code == 400
    assert MARKER not in response.text and "Zebedee" not in response.text
    body = response.json()
    assert body["request_id"] == response.headers["x-request-id"]
    assert body["detail"] == [
        {
            "loc": ["(unknown field)"],
            "msg": "Extra inputs are not permitted",
            "type": "extra_forbidden",
        }
    ]
    mine = [r for r in caplog.records if body["request_id"] in r.getMessage()]
    refusals = [r for r in mine if "refused" in r.getMessage()]
    assert len(refusals) == 1 and refusals[0].levelno == logging.INFO
    assert all(r.exc_info is None for r in caplog.records)  # no traceback at all
    assert all("Zebedee" not in r.getMessage() for r in caplog.records)


# ---- row 4: HEAD follows GET's rule ----
@pytest.mark.parametrize(("role", "status"), [("reviewer", 403), ("governance", 200)])
def test_row4_head_needs_what_get_needs(api, role, status):
    client, keys, _ = api
    assert client.request("HEAD", "/v1/audit", headers=auth(keys, role)).status_code == status
    assert client.get("/v1/audit", headers=auth(keys, role)).status_code == status


# ---- row 8: the version is the whole manifest's; optional signature ----
@pytest.fixture
def model_copy(service_model, tmp_path):
    target = tmp_path / "model"
    shutil.copytree(service_model, target)
    return target


def _edit_calibration(directory) -> None:
    path = directory / "calibration.json"
    data = json.loads(path.read_text())
    text = json.dumps(data).replace("2.0", "3.0")
    assert text != json.dumps(data)
    path.write_text(text)
    manifest = read_manifest(directory)
    manifest["files"]["calibration.json"] = {
        "sha256": sha256_file(path),
        "size": path.stat().st_size,
    }
    (directory / "manifest.json").write_text(json.dumps(manifest))


def test_row8_an_edited_calibration_is_a_new_model_version(model_copy, redactor):
    from referral_nlp.serving.engine import ReviewEngine

    before = ReviewEngine(model_copy, redactor=redactor).load()
    old = before.score([{"text": NOTE}])[0]
    weights = before.model_sha256
    _edit_calibration(model_copy)
    after = ReviewEngine(model_copy, redactor=redactor).load()
    new = after.score([{"text": NOTE}])[0]
    assert new["re_referral"]["probability"] != old["re_referral"]["probability"]
    assert after.model_sha256 == weights  # the same weights ...
    assert new["model_version"] != old["model_version"]  # ... but another model
    assert new["model_version"] == artefact_version(model_copy)


def test_row8_version_ignores_formatting_but_not_content(model_copy):
    manifest = read_manifest(model_copy)
    version = artefact_version(model_copy)
    (model_copy / "manifest.json").write_text(json.dumps(manifest, indent=7))
    assert artefact_version(model_copy) == version
    manifest.setdefault("metadata", {})["note"] = "changed"
    assert artefact_version(manifest) != version


KEY = "k" * 40


def test_row8_a_signed_artefact_loads_and_a_resigned_manifest_does_not(model_copy, redactor):
    from referral_nlp.serving.engine import EngineSettings, ReviewEngine

    with pytest.raises(ArtifactIntegrityError, match=r"manifest\.sig: missing"):
        verify_signature(model_copy, KEY)
    sign_artefact(model_copy, KEY)
    verify_signature(model_copy, KEY)
    engine = ReviewEngine(model_copy, settings=EngineSettings(signing_key=KEY), redactor=redactor)
    assert engine.load().model_version == artefact_version(model_copy)
    with pytest.raises(ArtifactIntegrityError, match="another key"):
        verify_signature(model_copy, "x" * 40)
    _edit_calibration(model_copy)  # the attacker recomputes the hash: the signature catches it
    with pytest.raises(ArtifactIntegrityError, match=r"manifest\.sig: does not match"):
        ReviewEngine(model_copy, settings=EngineSettings(signing_key=KEY), redactor=redactor).load()
    with pytest.raises(ValueError, match="at least 32 characters"):
        sign_artefact(model_copy, "short")


def test_row8_write_manifest_leaves_the_signature_out(model_copy):
    sign_artefact(model_copy, KEY)
    write_manifest(model_copy, read_manifest(model_copy).get("metadata"))
    assert "manifest.sig" not in read_manifest(model_copy)["files"]


# ---- row 9: audit "since" compared as instants in UTC ----
def test_row9_since_is_an_instant_whatever_its_offset(tmp_path):
    log = AuditLog(tmp_path / "a.sqlite3")
    start = datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc)
    log.append(
        [
            record(i, time=(start + timedelta(minutes=30 * i)).isoformat(timespec="milliseconds"))
            for i in range(6)
        ]
    )
    same_instant = [
        "2026-12-03T10:00:00Z",
        "2026-12-03T11:00:00+01:00",
        "2026-12-03T09:00:00-01:00",
    ]
    counts = {s: len(log.export(since=s)) for s in same_instant}
    assert set(counts.values()) == {4}, counts
    assert len(log.export(since="2026-12-03")) == 6  # a date is midnight UTC
    assert len(log.export(since="2026-12-03t10:00:00.000001z")) == 3
    log.close()


@pytest.mark.parametrize(
    "value",
    ["20261203", "2026-12-03T10:00:00", "yesterday", "2026-02-30", "2026-12-03T25:00:00Z", ""],
)
def test_row9_formats_that_do_not_parse_are_refused(value):
    with pytest.raises(ValueError, match="RFC 3339"):
        parse_since(value)


def test_row9_the_api_refuses_a_basic_format_date(api):
    client, keys, _ = api
    response = client.get("/v1/audit?since=20261203", headers=auth(keys, "governance"))
    assert response.status_code == 400 and "RFC 3339" in response.json()["error"]
    ok = client.get("/v1/audit?since=2026-12-03T10:00:00%2B01:00", headers=auth(keys, "admin"))
    assert ok.status_code == 200


def test_row9_edge_offsets_clamp_instead_of_failing():
    assert parse_since("0001-01-01T00:00:00+05:00").startswith("0001-01-01T00:00:00")
    assert parse_since("9999-12-31T23:59:60-05:00").startswith("9999-12-31T23:59:59")


# ---- row 10: the audit database is private ----
def test_row10_audit_database_and_its_side_files_are_0600(tmp_path):
    path = tmp_path / "audit.sqlite3"
    log = AuditLog(path)
    log.append([record(0)])
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    assert all(f.exists() for f in files)
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}
    log.close()
    path.chmod(0o644)  # a database written by an older version is tightened when opened
    AuditLog(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# ---- row 12: the published schema states what the server enforces ----
def test_row12_openapi_states_constraints_errors_and_keys(api):
    client, _, _ = api
    spec = client.get("/docs.json").json()
    schemas = spec["components"]["schemas"]
    text = schemas["ScoreRequestIODescriptor"]["properties"]["text"]
    assert text["minLength"] == 1 and text["maxLength"] == 100_000
    assert text["pattern"] == NON_BLANK
    assert schemas["RedactRequestIODescriptor"]["properties"]["text"]["pattern"] == NON_BLANK
    batch = next(v for k, v in schemas.items() if k.startswith("BatchRequest"))
    assert batch["properties"]["cases"]["maxItems"] == 64
    assert set(schemas["ErrorResponse"]["required"]) == {"error", "request_id"}
    for path in ("/v1/redact", "/v1/score", "/v1/score/batch", "/v1/audit", "/v1/model-card"):
        operation = next(iter(spec["paths"][path].values()))
        assert operation["security"] == [{"bearer": []}]
        for code in ("400", "401", "403", "429", "503"):
            ref = operation["responses"][code]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/ErrorResponse")
    since = spec["paths"]["/v1/audit"]["get"]["parameters"][0]["schema"]
    assert {s["format"] for s in since["anyOf"]} == {"date-time", "date"}


def test_row12_every_400_matches_the_documented_error_schema(api):
    import jsonschema_rs

    client, keys, _ = api
    spec = client.get("/docs.json").json()
    schema = {"$ref": "#/components/schemas/ErrorResponse", "components": spec["components"]}
    for body in ({"text": ""}, {"text": "x", "child_age": 99}, {"cases": []}):
        for path in ("/v1/score", "/v1/redact", "/v1/score/batch"):
            response = client.post(path, json=body, headers=auth(keys))
            assert response.status_code == 400
            jsonschema_rs.validate(schema, response.json())


# ---- row 13: headers on every response, every error JSON with its request id ----
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/livez", 200),
        ("GET", "/nope", 401),
        ("GET", "/v1/nope", 404),
        ("PUT", "/v1/audit", 405),
        ("GET", "/v1/score", 405),
        ("POST", "/v1/score", 400),
    ],
)
def test_row13_security_headers_and_json_errors(api, method, path, status):
    client, keys, _ = api
    headers = auth(keys, "admin") if path != "/nope" else {}
    response = client.request(method, path, headers=headers, json={"text": ""})
    assert response.status_code == status
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    if status >= 400:
        assert response.headers["content-type"] == "application/json"
        body = response.json()
        assert body["request_id"] == response.headers["x-request-id"] and body["error"]


# ---- row 3: limits, body timeout (in process; the real server's test is in test_attacks) -------
def test_row3_in_flight_limits_per_key_and_per_worker():
    from referral_nlp.serving.limits import InFlightLimits

    limits = InFlightLimits(per_key=2, per_worker=3)
    assert limits.acquire("a") is None and limits.acquire("a") is None
    assert limits.acquire("a") == "key"  # a third from the same key
    assert limits.acquire("b") is None and limits.acquire("c") is not None
    assert limits.saturated  # readiness turns 503 here
    limits.release("a")
    assert not limits.saturated and limits.acquire("c") is None


async def _never_finishing_body():
    import asyncio

    sent = False

    async def receive():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": b'{"te', "more_body": True}
        await asyncio.sleep(3600)

    return receive


def _guard_call(receive, tmp_path, **options):
    """Drive the guard (in its envelope) with one scoring request; returns the status sent."""
    import asyncio

    from referral_nlp.serving.envelope import EnvelopeMiddleware
    from referral_nlp.serving.guard import GuardMiddleware
    from referral_nlp.serving.keys import KeyStore

    key = KeyStore(tmp_path / "keys.json").add("reviewer")[1]
    reached = []

    async def app(scope, receive, send):
        reached.append(scope["path"])

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    guard = EnvelopeMiddleware(
        GuardMiddleware(app, keys_file=str(tmp_path / "keys.json"), **options)
    )
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/v1/score",
        "headers": [
            (b"authorization", f"Bearer {key}".encode()),
            (b"content-type", b"application/json"),
        ],
    }

    async def run():
        await guard(scope, await receive, send)

    asyncio.run(run())
    return sent[0]["status"], reached, sent


def test_row3_a_body_that_does_not_arrive_in_time_is_408(tmp_path):
    status, reached, sent = _guard_call(_never_finishing_body(), tmp_path, body_timeout=0.2)
    assert status == 408 and not reached
    assert (b"connection", b"close") in sent[0]["headers"]


# ---- row 6: a body cut short is a 400 and never reaches the service ------------------------------
async def _cut_short_body():
    messages = [
        {"type": "http.request", "body": b'{"text": "a whole JSON note"}', "more_body": True},
        {"type": "http.disconnect"},
    ]

    async def receive():
        return messages.pop(0)

    return receive


def test_row6_a_body_cut_short_is_400_and_not_passed_on(tmp_path):
    status, reached, _ = _guard_call(_cut_short_body(), tmp_path)
    assert status == 400 and not reached


# ---- row 5: work stops for a client that has gone; explanations have a budget -------------------
def test_row5_engine_stops_at_a_checkpoint_instead_of_failing_redaction(engine):
    from referral_nlp.serving.cancellation import ABANDONED, WorkStopped

    calls = []

    def stop():
        calls.append(1)
        return ABANDONED if len(calls) > 3 else None  # stop once the work has begun

    with pytest.raises(WorkStopped):
        engine.score([{"text": NOTE}], explain=True, stop=stop)
    with pytest.raises(WorkStopped):
        engine.redact(NOTE, stop=stop)
    assert engine.score([{"text": NOTE}])[0]["model_version"]  # the engine still works


def test_row5_a_spent_explanation_budget_returns_the_scores_without_explanation(engine):
    from referral_nlp.serving.cancellation import TimeBudget

    full = engine.score([{"text": NOTE}], explain=True)[0]
    spent = engine.score([{"text": NOTE}], explain=True, budgets=[TimeBudget(0.0)])[0]
    assert spent["explanation"] is None and "budget" in spent["explanation_note"]
    assert spent["re_referral"] == full["re_referral"]
    assert full["explanation"] is not None and full["explanation_note"] is None


def test_row13_a_failed_redaction_is_a_500_not_a_200(api, monkeypatch):
    import bentoml

    from referral_nlp.redaction import RedactionError

    client, keys, audit_db = api
    service = bentoml.get_current_service()
    rows = _rows(audit_db)

    def broken(*args, **kwargs):
        raise RedactionError("redaction failed (ValueError); no output")

    monkeypatch.setattr(service.engine._redactor, "redact_many", broken)
    monkeypatch.setattr(service.engine._redactor, "redact", broken)
    for path in ("/v1/score", "/v1/redact"):
        response = client.post(path, json={"text": NOTE}, headers=auth(keys))
        assert response.status_code == 500, (path, response.text)
        assert response.json()["request_id"] == response.headers["x-request-id"]
    assert _rows(audit_db) == rows  # nothing scored, nothing audited


def _rows(audit_db) -> int:
    import sqlite3

    with sqlite3.connect(audit_db) as db:
        return db.execute("SELECT COUNT(*) FROM scores").fetchone()[0]


def test_row8_sign_model_command_needs_the_key_from_the_environment(model_copy, monkeypatch):
    from referral_nlp.cli import main

    monkeypatch.delenv("REFERRAL_NLP_SIGNING_KEY", raising=False)
    assert main(["sign-model", "--model", str(model_copy)]) == 2
    assert not (model_copy / "manifest.sig").exists()
    monkeypatch.setenv("REFERRAL_NLP_SIGNING_KEY", KEY)
    assert main(["sign-model", "--model", str(model_copy)]) == 0
    verify_signature(model_copy, KEY)
    assert KEY not in (model_copy / "manifest.sig").read_text()
