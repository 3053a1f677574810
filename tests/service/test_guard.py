"""The ASGI guard (inside the envelope, as served): request ids, keys and roles, limits, body
size, type, timeout and truncation, validation, disconnects, JSON errors."""

from __future__ import annotations

import json

import httpx
import pytest

from referral_nlp.serving.envelope import EnvelopeMiddleware
from referral_nlp.serving.guard import GuardMiddleware
from referral_nlp.serving.keys import KeyStore

pytestmark = pytest.mark.anyio


async def echo_app(scope, receive, send):
    """Stands for the service: echoes the body it reads and what the guard put in the state."""
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    state = scope.get("state", {})
    shown = {k: state[k] for k in ("auth", "request_id") if k in state}
    payload = json.dumps({"body": body.decode("utf-8", "replace"), "state": shown}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": payload})


@pytest.fixture
def keys(tmp_path):
    store = KeyStore(tmp_path / "keys.json")
    return {role: store.add(role)[1] for role in ("reviewer", "governance", "admin")}, tmp_path


def guarded(app, tmp_path, **options) -> EnvelopeMiddleware:
    """``app`` behind the guard and the envelope, as the service stacks them."""
    return EnvelopeMiddleware(
        GuardMiddleware(app, keys_file=str(tmp_path / "keys.json"), **options)
    )


@pytest.fixture
def client(keys):
    _, tmp_path = keys
    app = guarded(echo_app, tmp_path, max_body_bytes=200)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


#: A valid body for each path that takes one.
VALID = {
    "/v1/redact": {"text": "x"},
    "/v1/score": {"text": "x"},
    "/v1/score/batch": {"cases": [{"text": "x"}]},
}


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.parametrize(
    "path", ["/livez", "/readyz", "/metrics", "/ui", "/ui/app.js", "/docs.json"]
)
async def test_open_paths_need_no_key_and_get_a_request_id(client, path):
    response = await client.get(path)
    assert response.status_code == 200
    assert len(response.headers["x-request-id"]) == 32


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "missing API key"),
        ({"Authorization": "Basic abc"}, "missing API key"),
        ({"Authorization": "Bearer "}, "missing API key"),
        ({"Authorization": "Bearer rnlp_not-a-key"}, "unknown or revoked"),
    ],
    ids=["none", "basic", "empty bearer", "wrong key"],
)
async def test_missing_or_wrong_key_is_401(client, headers, message):
    response = await client.post("/v1/score", json={"text": "x"}, headers=headers)
    assert response.status_code == 401
    body = response.json()
    assert message in body["error"] and body["request_id"] == response.headers["x-request-id"]
    assert response.headers["www-authenticate"].startswith("Bearer")


ACCESS = [
    ("reviewer", "POST", "/v1/redact", 200),
    ("reviewer", "POST", "/v1/score", 200),
    ("reviewer", "POST", "/v1/score/batch", 200),
    ("reviewer", "GET", "/v1/model-card", 200),
    ("reviewer", "GET", "/v1/audit", 403),
    ("governance", "POST", "/v1/score", 403),
    ("governance", "POST", "/v1/redact", 403),
    ("governance", "GET", "/v1/audit", 200),
    ("governance", "GET", "/v1/model-card", 200),
    ("admin", "GET", "/v1/audit", 200),
    ("admin", "POST", "/v1/score", 200),
]


@pytest.mark.parametrize(("role", "method", "path", "status"), ACCESS)
async def test_roles(client, keys, role, method, path, status):
    response = await client.request(
        method, path, headers=bearer(keys[0][role]), json=VALID[path] if method == "POST" else None
    )
    assert response.status_code == status
    if status == 403:
        assert f"role '{role}'" in response.json()["error"]
    else:
        auth = response.json()["state"]["auth"]
        assert auth == {"key_name": f"{role}-1", "role": role}


async def test_body_is_passed_on_whole(client, keys):
    payload = {"text": "Dad hit mum."}
    response = await client.post("/v1/score", json=payload, headers=bearer(keys[0]["reviewer"]))
    assert json.loads(response.json()["body"]) == payload


async def test_large_body_is_413_whatever_the_declared_length(client, keys):
    headers = bearer(keys[0]["reviewer"])
    big = {"text": "x" * 500}
    response = await client.post("/v1/score", json=big, headers=headers)
    assert response.status_code == 413 and "larger than 200 bytes" in response.json()["error"]

    async def chunks():  # no Content-Length: the guard counts as it reads
        for _ in range(10):
            yield b"x" * 50

    response = await client.post(
        "/v1/score", content=chunks(), headers={**headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    "ctype", ["text/plain", "multipart/form-data; boundary=x", "application/vnd.bentoml+pickle"]
)
async def test_non_json_body_is_415(client, keys, ctype):
    response = await client.post(
        "/v1/score", content=b"{}", headers={**bearer(keys[0]["reviewer"]), "Content-Type": ctype}
    )
    assert response.status_code == 415


async def test_error_bodies_never_quote_the_request(client, keys):
    secret = "Sarah JONES 07700 900123"
    response = await client.post(
        "/v1/score", content=("x" * 300 + secret).encode(), headers=bearer(keys[0]["reviewer"])
    )
    assert response.status_code == 413 and secret not in response.text
    response = await client.post(
        "/v1/score", json={"text": secret}, headers={"Authorization": f"Bearer rnlp_{secret}"}
    )
    assert response.status_code == 401 and secret not in response.text


@pytest.mark.parametrize("close", [True, False])
async def test_work_responses_ask_to_close_the_connection_only_when_told(keys, close):
    tokens, tmp_path = keys
    app = guarded(echo_app, tmp_path, close_after_work=close)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as c:
        work = await c.post("/v1/score", json={"text": "x"}, headers=bearer(tokens["reviewer"]))
        card = await c.get("/v1/model-card", headers=bearer(tokens["governance"]))
        health = await c.get("/readyz")
    assert work.status_code == 200
    assert (work.headers.get("connection") == "close") == close
    # documents and health keep their connections: they are cheap
    assert "connection" not in card.headers and "connection" not in health.headers
