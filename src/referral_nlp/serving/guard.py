"""The ASGI middleware in front of the service: keys, roles, limits, bodies, disconnects.

It runs inside :class:`~referral_nlp.serving.envelope.EnvelopeMiddleware` (request ids, security
headers, JSON errors, access log, metrics). In order, for each HTTP request:

1. open paths (health, metrics, the OpenAPI document and the reviewer page's files) pass;
2. any other path needs ``Authorization: Bearer KEY``: no key or an unknown key is a 401, a
   key whose role lacks the path's permission a 403 (``keys.ROLE_PERMISSIONS``). The permission
   depends on the path only, never on the method: ``HEAD /v1/audit`` needs what ``GET`` needs.
   Keys come from the keys file or the shared key database (``key_stores.open_key_store``);
   when that database cannot be reached no key can be checked, so the request is a 503 (fail
   closed).
   The key's name and role go in ``scope["state"]["auth"]`` for the audit log;
3. the request takes a slot in :class:`~referral_nlp.serving.limits.InFlightLimits` (429 when
   its key has too many in flight, 503 when the worker is full) before any body is read;
4. a body must be JSON (415), is read whole within ``body_timeout`` seconds (408: a client
   sending one byte a second holds a slot for seconds, not for hours) and up to
   ``max_body_bytes`` (413); a client that disconnects before its body is complete (fewer bytes
   than its ``Content-Length``) gets a 400 and nothing is done with what came;
5. a body for redaction or scoring is checked against its request model
   (:mod:`referral_nlp.serving.validation`): a 400 names the fields, quotes nothing, and writes
   one INFO line (no traceback, no input);
6. the app then runs with a :class:`~referral_nlp.serving.cancellation.RequestControl` in
   ``scope["state"]["control"]``: it is abandoned when the client disconnects or when
   ``request_timeout`` passes before the response starts (then a 504), so the engine stops the
   work at its next checkpoint instead of computing for nobody;
7. with ``close_after_work``, the response to a redaction or scoring asks the client to close
   the connection (``Connection: close``). BentoML's workers share one listening socket and a
   kept-alive connection stays with the worker that accepted it, so a burst of clients could
   all land on one worker while the others idle (measured: 8 concurrent clients ran at one
   worker's speed); a loopback reconnect costs well under a millisecond.

Every error is a JSON body ``{"error": ..., "request_id": ...}`` that never quotes the request.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from referral_nlp.serving import metrics
from referral_nlp.serving.cancellation import RequestControl
from referral_nlp.serving.key_stores import open_key_store
from referral_nlp.serving.limits import InFlightLimits
from referral_nlp.serving.schemas import MAX_BATCH_CASES
from referral_nlp.serving.validation import check_body
from referral_nlp.storage.database import DatabaseUnavailableError

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_BODY_TIMEOUT",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_REQUEST_TIMEOUT",
    "PATH_PERMISSIONS",
    "GuardMiddleware",
    "json_error",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: A 1 MB body holds a note of ten times any referral's length and a full batch.
DEFAULT_MAX_BODY_BYTES = 1_000_000
#: Seconds to receive a whole body: 1 MB arrives in well under a second on any working link.
DEFAULT_BODY_TIMEOUT = 10.0
#: Seconds before a request with no response yet is stopped (504). The longest legitimate
#: request, a 100,000-character note with its explanation on 2 CPU cores, takes about 30 s.
DEFAULT_REQUEST_TIMEOUT = 120
#: Paths whose requests are CPU work (``close_after_work`` applies to them).
WORK_PATHS = frozenset({"/v1/redact", "/v1/score", "/v1/score/batch"})
#: path -> permission, whatever the method; paths not listed and not open need a valid key.
PATH_PERMISSIONS: dict[str, str] = {
    "/v1/redact": "redact",
    "/v1/score": "score",
    "/v1/score/batch": "score",
    "/v1/model-card": "model_card",
    "/v1/audit": "audit",
}
_OPEN_PATHS = frozenset(
    {"/livez", "/readyz", "/healthz", "/metrics", "/docs.json", "/schema.json", "/ui"}
)
_OPEN_PREFIXES = ("/ui/", "/static_content/", "/assets/")
_JSON_TYPES = ("application/json",)


def json_error(status: int, error: str, request_id: str, **extra: Any) -> tuple[int, bytes]:
    body = {"error": error, "request_id": request_id, **extra}
    return status, json.dumps(body).encode("utf-8")


class _Refused(Exception):
    """A request refused before the app ran: the status, the error and the metric reason."""

    def __init__(self, status: int, error: str, reason: str, **extra: Any) -> None:
        super().__init__(error)
        self.status, self.error, self.reason, self.extra = status, error, reason, extra


class GuardMiddleware:
    """See the module docstring. ``keys_file``: the keys file or the shared key database's URL
    (default: ``$REFERRAL_NLP_DATABASE_URL``, else the usual keys file)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        keys_file: str | None = None,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        body_timeout: float = DEFAULT_BODY_TIMEOUT,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        max_batch_cases: int = MAX_BATCH_CASES,
        limits: InFlightLimits | None = None,
        close_after_work: bool = False,
    ) -> None:
        self.app = app
        self.keys = open_key_store(keys_file)
        self.max_body_bytes = int(max_body_bytes)
        self.body_timeout = float(body_timeout)
        self.request_timeout = float(request_timeout)
        self.max_batch_cases = int(max_batch_cases)
        self.limits = limits or InFlightLimits()
        self.close_after_work = bool(close_after_work)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        request_id = state.setdefault("request_id", uuid.uuid4().hex)
        path = scope.get("path", "")
        if path == "/":
            # BentoML's index is a Swagger page that loads a third-party script (Google Tag
            # Manager) with no content policy: no place to paste a note. The reviewer page is.
            await _respond(send, 307, b"", headers=[(b"location", b"/ui")])
            return
        if path in _OPEN_PATHS or path.startswith(_OPEN_PREFIXES):
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        try:
            state["auth"] = self._authorise(headers.get(b"authorization", b""), path)
        except _Refused as refused:
            await self._refuse(send, refused, request_id, path)
            return
        key_name = state["auth"]["key_name"]
        full = self.limits.acquire(key_name)
        if full is not None:
            await self._refuse(send, _limit_refusal(full, self.limits), request_id, path)
            return
        try:
            await self._admitted(scope, receive, send, headers, request_id)
        finally:
            self.limits.release(key_name)

    async def _admitted(
        self, scope: Scope, receive: Receive, send: Send, headers: dict, request_id: str
    ) -> None:
        path, method = scope.get("path", ""), scope.get("method", "GET")
        control = RequestControl()
        scope["state"]["control"] = control
        # Only the routes that take a body read one; any other method or path is the router's
        # 404 or 405, and a body sent with it is never read.
        if method == "POST" and path in WORK_PATHS:
            try:
                body = await self._body(receive, headers)
                rejection = check_body(path, body, max_batch_cases=self.max_batch_cases)
            except _Refused as refused:
                await self._refuse(send, refused, request_id, path)
                return
            if rejection is not None:
                logger.info(
                    "request %s refused: 400 on %s (%s)", request_id, path, rejection.summary()
                )
                metrics.REJECTED.labels("invalid").inc()
                await _respond(
                    send,
                    *json_error(400, rejection.error, request_id, detail=list(rejection.detail)),
                )
                return
            app_receive = _replay(body, receive)
            watcher = asyncio.ensure_future(_watch_disconnect(receive, control))
        else:
            app_receive, watcher = receive, None
        close = self.close_after_work and path in WORK_PATHS
        try:
            await self._run(scope, app_receive, send, control, request_id, close)
        finally:
            if watcher is not None:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher
        if control.abandoned:
            logger.info("request %s on %s: %s; its work was stopped", request_id, path, control.why)

    async def _run(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        control: RequestControl,
        request_id: str,
        close: bool,
    ) -> None:
        """The app, stopped with a 504 if no response has begun within ``request_timeout``."""
        began = asyncio.Event()

        async def send_marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                began.set()
                if close:
                    message["headers"] = [*message.get("headers", []), (b"connection", b"close")]
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                control.answered = True  # before the send: the server then ends the cycle
            await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, send_marked))
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(asyncio.shield(task), self.request_timeout)
        if task.done() or began.is_set():
            await task
            return
        control.abandon(f"no response within {self.request_timeout:g} s")
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await _respond(
            send,
            *json_error(
                504,
                f"the request took longer than {self.request_timeout:g} s and was stopped; "
                "send shorter notes, fewer cases, or explain: false.",
                request_id,
            ),
        )

    def _authorise(self, header: bytes, path: str) -> dict[str, str]:
        scheme, _, token = header.decode("latin-1").strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _Refused(
                401, "missing API key: send the header 'Authorization: Bearer KEY'.", "auth"
            )
        try:
            key = self.keys.lookup(token.strip())
        except DatabaseUnavailableError:
            # Fail closed: no key can be checked, so nothing is let through.
            raise _Refused(
                503,
                "the key database cannot be reached, so no key can be checked; try again "
                "shortly or use another replica.",
                "key_database",
                retry_after=1,
            ) from None
        except ValueError:
            logger.error("the keys file cannot be read; refusing every key until it is fixed")
            key = None
        if key is None:
            raise _Refused(401, "unknown or revoked API key.", "auth")
        permission = PATH_PERMISSIONS.get(path)
        if permission is not None and not key.allows(permission):
            raise _Refused(403, f"a key with role '{key.role}' may not use {path}.", "auth")
        return {"key_name": key.name, "role": key.role}

    async def _body(self, receive: Receive, headers: dict) -> bytes:
        """The whole body, read within the limits, or :class:`_Refused`."""
        ctype = headers.get(b"content-type", b"application/json").decode("latin-1")
        if ctype.split(";")[0].strip().lower() not in _JSON_TYPES:
            raise _Refused(
                415, "the body must be JSON (Content-Type: application/json).", "content_type"
            )
        too_large = _Refused(
            413,
            f"the body is larger than {self.max_body_bytes} bytes; send shorter notes or "
            "fewer cases per batch.",
            "body_size",
        )
        declared = headers.get(b"content-length")
        with contextlib.suppress(ValueError, TypeError):
            if declared is not None and int(declared) > self.max_body_bytes:
                raise too_large
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.body_timeout
        chunks, size = [], 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except asyncio.TimeoutError:
                raise _Refused(
                    408,
                    f"the body did not arrive within {self.body_timeout:g} s; send it at once.",
                    "body_timeout",
                    close=True,
                ) from None
            if message["type"] == "http.disconnect":
                raise _Refused(
                    400,
                    "the connection closed before the whole body arrived; nothing was done.",
                    "body_truncated",
                )
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise too_large
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _refuse(self, send: Send, refused: _Refused, request_id: str, path: str) -> None:
        metrics.REJECTED.labels(refused.reason).inc()
        if refused.reason != "auth":
            logger.info(
                "request %s refused: %d on %s (%s)",
                request_id,
                refused.status,
                path,
                refused.reason,
            )
        extra = dict(refused.extra)
        close = bool(extra.pop("close", False))
        retry_after = extra.pop("retry_after", None)
        headers = []
        if refused.status == 401:
            headers.append((b"www-authenticate", b'Bearer realm="referral-nlp"'))
        if close:
            headers.append((b"connection", b"close"))
        if retry_after is not None:
            headers.append((b"retry-after", str(retry_after).encode("ascii")))
        await _respond(
            send, *json_error(refused.status, refused.error, request_id, **extra), headers=headers
        )


def _limit_refusal(which: str, limits: InFlightLimits) -> _Refused:
    if which == "key":
        return _Refused(
            429,
            f"this key already has {limits.per_key} requests in flight on this worker; wait for "
            "one to finish.",
            "limit_key",
            retry_after=1,
        )
    return _Refused(
        503,
        f"this worker is answering {limits.per_worker} requests; retry shortly.",
        "limit_worker",
        retry_after=1,
    )


async def _watch_disconnect(receive: Receive, control: RequestControl) -> None:
    """Abandon the request when its client goes away (cancelled once the response is sent)."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            if not control.answered:  # the server also says "disconnect" once it has answered
                control.abandon("the client disconnected")
            return


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
    send: Send, status: int, body: bytes, *, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode("ascii")),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
