"""The outermost of the service's ASGI middlewares: what every response has in common.

For each HTTP request:

1. a request id (``uuid4`` hex) goes in ``scope["state"]["request_id"]`` and the
   ``X-Request-ID`` header;
2. every response gets ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``,
   ``Referrer-Policy: no-referrer`` and ``Cache-Control: no-store`` (responses may hold
   redacted notes and scores: no cache should keep them);
3. every error (status 400 and up) is JSON ``{"error": ..., "request_id": ...}``: an error body
   the service wrote itself (it carries this request's id) passes as it is; any other (the
   router's plain-text 404 and 405, a framework's own error) is replaced by a line for its
   status, so nothing a framework echoes from the request reaches the client;
4. ``/docs.json`` is rewritten by :func:`referral_nlp.serving.openapi.publish_contract`, so the
   published schema states what the service enforces;
5. one access-log line and the metrics of :mod:`referral_nlp.serving.metrics`, with the route
   (never the raw path or query), the method, the status and the time taken.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from referral_nlp.serving import metrics
from referral_nlp.serving.guard import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)
access_log = logging.getLogger("referral_nlp.serving.access")

__all__ = ["SECURITY_HEADERS", "EnvelopeMiddleware"]

SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
)
_REPLACED = frozenset({b"content-length", b"content-type"})
#: What a replaced error says, by status; others say the status's standard phrase.
_ERRORS = {
    404: "no such path; see /docs.json for the API.",
    405: "this method is not allowed on this path; see /docs.json for the API.",
    429: "too many requests; retry later.",
    500: "internal error; nothing of the request is kept in the log. Retry, or report the "
    "request id.",
    504: "the request took too long and was stopped; retry later.",
}


class EnvelopeMiddleware:
    """See the module docstring. ``rewrite_openapi``: ``/docs.json`` body -> new body."""

    def __init__(
        self, app: ASGIApp, *, rewrite_openapi: Callable[[bytes], bytes] | None = None
    ) -> None:
        self.app = app
        self.rewrite_openapi = rewrite_openapi

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        route = metrics.route_label(scope.get("path", ""))
        method = metrics.method_label(scope.get("method", ""))
        rewrite = self.rewrite_openapi if route == "/docs.json" else None
        held: dict[str, Any] = {}  # a response start held back while its body is rewritten
        status = 0

        async def send_enveloped(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in {h for h, _ in SECURITY_HEADERS}
                ]
                headers += [*SECURITY_HEADERS, (b"x-request-id", request_id.encode("ascii"))]
                message["headers"] = headers
                if status >= 400 or (rewrite is not None and status == 200):
                    held.update(start=message, body=b"")
                    return
                await send(message)
                return
            if message["type"] == "http.response.body" and held:
                held["body"] += message.get("body", b"")
                if message.get("more_body", False):
                    return
                body = self._final_body(status, held["body"], request_id, rewrite)
                start = held["start"]
                start["headers"] = [
                    (k, v) for k, v in start["headers"] if k.lower() not in _REPLACED
                ] + [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode("ascii")),
                ]
                held.clear()
                await send(start)
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        metrics.IN_PROGRESS.labels(route).inc()
        try:
            await self.app(scope, receive, send_enveloped)
        except Exception as exc:
            # Only the type: an exception's message may quote the request.
            logger.error("request %s failed with %s", request_id, type(exc).__name__)
            if status:
                raise  # the response had begun; the server can only drop the connection
            await send_enveloped({"type": "http.response.start", "status": 500, "headers": []})
            await send_enveloped({"type": "http.response.body", "body": b""})
        finally:
            metrics.IN_PROGRESS.labels(route).dec()
            seconds = time.perf_counter() - started
            shown = status or 499  # no response at all: the client went away first
            metrics.REQUESTS.labels(route, method, str(shown)).inc()
            metrics.REQUEST_SECONDS.labels(route, method).observe(seconds)
            access_log.info(
                "%s %s %d %.1fms request_id=%s", method, route, shown, seconds * 1000, request_id
            )

    @staticmethod
    def _final_body(
        status: int, body: bytes, request_id: str, rewrite: Callable[[bytes], bytes] | None
    ) -> bytes:
        if status < 400:
            assert rewrite is not None
            return rewrite(body)
        try:
            payload = json.loads(body)
        except (UnicodeDecodeError, ValueError):
            payload = None
        if isinstance(payload, dict) and payload.get("request_id") == request_id:
            return body  # the service's own error: it quotes nothing from the request
        try:
            phrase = HTTPStatus(status).phrase.lower()
        except ValueError:
            phrase = "error"
        error = _ERRORS.get(status, f"{phrase}.")
        return json.dumps({"error": error, "request_id": request_id}).encode("utf-8")
