"""The ASGI middleware in front of every request: request ids, API keys and roles, body limits.

In order, for each HTTP request:

1. a request id (``uuid4`` hex) is made, put in ``scope["state"]["request_id"]`` and returned
   in the ``X-Request-ID`` header;
2. open paths (health, metrics, the OpenAPI document and the reviewer page's files) pass;
3. any other path needs ``Authorization: Bearer KEY``: no key or an unknown key is a 401, a
   key whose role lacks the path's permission a 403 (``keys.ROLE_PERMISSIONS``); the key's
   name and role go in ``scope["state"]["auth"]`` for the audit log;
4. a body is read whole, up to ``max_body_bytes`` (413 beyond), and must be JSON (415
   otherwise); the app then reads it from memory;
5. with ``close_after_work``, the response to a redaction or scoring request asks the client
   to close the connection (``Connection: close``). BentoML's workers share one listening
   socket and a kept-alive connection stays with the worker that accepted it, so a burst of
   clients can all land on one worker while the others idle (measured: 8 concurrent clients
   ran at one worker's speed). Work costs hundreds of milliseconds; a loopback reconnect costs
   well under one, and each new connection goes to a worker that is free to accept it.

Every error is a JSON body ``{"error": ..., "request_id": ...}`` that never quotes the request.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from referral_nlp.serving.keys import open_key_store
from referral_nlp.storage.database import DatabaseUnavailableError

logger = logging.getLogger(__name__)

__all__ = ["DEFAULT_MAX_BODY_BYTES", "PATH_PERMISSIONS", "GuardMiddleware", "json_error"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: A 1 MB body holds a note of ten times any referral's length and a full batch.
DEFAULT_MAX_BODY_BYTES = 1_000_000
#: Paths whose requests are CPU work (``close_after_work`` applies to them).
WORK_PATHS = frozenset({"/v1/redact", "/v1/score", "/v1/score/batch"})
#: (method, path) -> permission; paths not listed and not open still need a valid key.
PATH_PERMISSIONS: dict[tuple[str, str], str] = {
    ("POST", "/v1/redact"): "redact",
    ("POST", "/v1/score"): "score",
    ("POST", "/v1/score/batch"): "score",
    ("GET", "/v1/model-card"): "model_card",
    ("GET", "/v1/audit"): "audit",
}
_OPEN_PATHS = frozenset(
    {"/livez", "/readyz", "/healthz", "/metrics", "/docs.json", "/schema.json", "/", "/ui"}
)
_OPEN_PREFIXES = ("/ui/", "/static_content/", "/assets/")
_JSON_TYPES = ("application/json",)


def json_error(status: int, error: str, request_id: str, **extra: Any) -> tuple[int, bytes]:
    body = {"error": error, "request_id": request_id, **extra}
    return status, json.dumps(body).encode("utf-8")


class GuardMiddleware:
    """See the module docstring. ``keys_file``: the keys file or the shared key database's URL
    (default: ``$REFERRAL_NLP_DATABASE_URL``, else the usual keys file)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        keys_file: str | None = None,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        close_after_work: bool = False,
    ) -> None:
        self.app = app
        self.keys = open_key_store(keys_file)
        self.max_body_bytes = int(max_body_bytes)
        self.close_after_work = bool(close_after_work)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        path = scope.get("path", "")
        method = scope.get("method", "GET")
        close = self.close_after_work and path in WORK_PATHS

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode("ascii")))
                if close:
                    headers.append((b"connection", b"close"))
                message["headers"] = headers
            await send(message)

        if path in _OPEN_PATHS or path.startswith(_OPEN_PREFIXES):
            await self.app(scope, receive, send_with_id)
            return

        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        problem = self._authorise(headers.get(b"authorization", b""), method, path, request_id)
        if isinstance(problem, tuple):
            await _respond(send, *problem, auth=problem[0] == 401, request_id=request_id)
            return
        state["auth"] = problem

        if method in ("POST", "PUT", "PATCH"):
            ctype = headers.get(b"content-type", b"application/json").decode("latin-1")
            if ctype.split(";")[0].strip().lower() not in _JSON_TYPES:
                await _respond(
                    send,
                    *json_error(
                        415, "the body must be JSON (Content-Type: application/json).", request_id
                    ),
                    request_id=request_id,
                )
                return
            body = await self._read_body(receive, headers.get(b"content-length"))
            if body is None:
                await _respond(
                    send,
                    *json_error(
                        413,
                        f"the body is larger than {self.max_body_bytes} bytes; send shorter "
                        f"notes or fewer cases per batch.",
                        request_id,
                    ),
                    request_id=request_id,
                )
                return
            receive = _replay(body, receive)
        await self.app(scope, receive, send_with_id)

    def _authorise(
        self, header: bytes, method: str, path: str, request_id: str
    ) -> dict[str, str] | tuple[int, bytes]:
        scheme, _, token = header.decode("latin-1").strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return json_error(
                401, "missing API key: send the header 'Authorization: Bearer KEY'.", request_id
            )
        try:
            key = self.keys.lookup(token.strip())
        except DatabaseUnavailableError:
            return json_error(
                503,
                "the key database cannot be reached, so no key can be checked; try again "
                "shortly or use another replica.",
                request_id,
            )
        except ValueError:
            logger.error("the keys file cannot be read; refusing every key until it is fixed")
            key = None
        if key is None:
            return json_error(401, "unknown or revoked API key.", request_id)
        permission = PATH_PERMISSIONS.get((method, path))
        if permission is not None and not key.allows(permission):
            return json_error(
                403, f"a key with role '{key.role}' may not use {method} {path}.", request_id
            )
        return {"key_name": key.name, "role": key.role}

    async def _read_body(self, receive: Receive, length: bytes | None) -> bytes | None:
        """The whole body, or None once it passes the limit (the rest is not read)."""
        if length is not None:
            try:
                if int(length) > self.max_body_bytes:
                    return None
            except ValueError:
                pass
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body from memory first; after it, the client's own events (a real disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _respond(
    send: Send, status: int, body: bytes, *, request_id: str, auth: bool = False
) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode("ascii")),
        (b"x-request-id", request_id.encode("ascii")),
    ]
    if auth:
        headers.append((b"www-authenticate", b'Bearer realm="referral-nlp"'))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
