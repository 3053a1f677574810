"""The service's Prometheus metrics, labelled from the route table only.

BentoML's HTTP metrics label each series with the request path as sent, so every unknown path
an attacker tries becomes a series (300 paths grew ``/metrics`` from 163 KB to 1.95 MB) and a
path such as ``/Zebedee-QUANTRILL-07700900555`` is published as a label. The service turns
BentoML's metrics off and keeps these instead, where a path is one of :data:`ROUTES`, ``/ui/*``
for the page's files, or ``(unmatched)``, and a method is a standard one or ``OTHER``.

With several workers, BentoML's arbiter gives every worker the same private
``PROMETHEUS_MULTIPROC_DIR`` (``referral-nlp serve`` makes one per server, see
:mod:`referral_nlp.commands.serving`) and :func:`render` adds the workers' series up.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

__all__ = [
    "CONTENT_TYPE",
    "IN_PROGRESS",
    "REJECTED",
    "REQUESTS",
    "REQUEST_SECONDS",
    "ROUTES",
    "STOPPED_WORK",
    "mark_process_dead",
    "method_label",
    "render",
    "route_label",
]

#: Every path the service answers (the page's files are ``/ui/*``).
ROUTES = frozenset(
    {
        "/",
        "/docs.json",
        "/schema.json",
        "/livez",
        "/healthz",
        "/readyz",
        "/metrics",
        "/ui",
        "/v1/redact",
        "/v1/score",
        "/v1/score/batch",
        "/v1/model-card",
        "/v1/audit",
    }
)
UNMATCHED = "(unmatched)"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
CONTENT_TYPE = CONTENT_TYPE_LATEST

REQUESTS = Counter(
    "referral_nlp_http_requests_total",
    "HTTP requests answered, by route, method and status.",
    ["route", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "referral_nlp_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response.",
    ["route", "method"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
)
IN_PROGRESS = Gauge(
    "referral_nlp_http_requests_in_progress",
    "Requests being answered now.",
    ["route"],
    multiprocess_mode="livesum",
)
REJECTED = Counter(
    "referral_nlp_http_rejected_total",
    "Requests refused before any work, by reason (auth, key_database, limit_key, "
    "limit_worker, body_size, body_timeout, body_truncated, content_type, invalid).",
    ["reason"],
)
STOPPED_WORK = Counter(
    "referral_nlp_stopped_work_total",
    "Scorings stopped before their end: abandoned (client gone or timed out) or "
    "explanations over their time budget.",
    ["reason"],
)


def route_label(path: str) -> str:
    """The route a path belongs to; never the path itself unless it is a route."""
    if path in ROUTES:
        return path
    if path.startswith("/ui/"):
        return "/ui/*"
    return UNMATCHED


def method_label(method: str) -> str:
    return method if method in _METHODS else "OTHER"


def mark_process_dead() -> None:
    """Drop this worker's live gauges from the shared directory (at shutdown)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(os.getpid())


def render() -> bytes:
    """The exposition text: every worker's series when running under BentoML's arbiter."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    from prometheus_client import REGISTRY

    return generate_latest(REGISTRY)
