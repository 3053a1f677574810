"""The BentoML service: a thin shell over :class:`~referral_nlp.serving.engine.ReviewEngine`.

``bentoml serve service.service:ReferralNLP`` (from the repository root) or ``referral-nlp
serve`` starts it. Each worker loads and warms the model once in ``__init__``; ``/readyz``
answers 503 until that is done. The HTTP contract is in ``docs`` of the repository
(``shared/docs/product.md``); inputs and outputs are the pydantic models of
:mod:`referral_nlp.serving.schemas`, published at ``/docs.json``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import bentoml
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from referral_nlp.serving import metrics
from referral_nlp.serving.audit import AuditLog, AuditRecord, RedactionRecord, input_digest
from referral_nlp.serving.audit_key import audit_key
from referral_nlp.serving.batching import MicroBatcher
from referral_nlp.serving.cancellation import ABANDONED, RequestControl, TimeBudget, WorkStopped
from referral_nlp.serving.engine import EngineSettings, ReviewEngine
from referral_nlp.serving.envelope import EnvelopeMiddleware
from referral_nlp.serving.guard import GuardMiddleware
from referral_nlp.serving.limits import InFlightLimits
from referral_nlp.serving.openapi import publish_contract
from referral_nlp.serving.pages import pages_app
from referral_nlp.serving.schemas import (
    BatchRequest,
    BatchResponse,
    RedactRequest,
    RedactResponse,
    ScoreRequest,
    ScoreResponse,
)
from referral_nlp.serving.settings import ServiceSettings
from referral_nlp.storage.database import DatabaseUnavailableError

logger = logging.getLogger(__name__)


def _show_project_logs() -> None:
    """BentoML's server logging passes WARNING and up from loggers other than its own; without
    this a worker's start-up lines (which model, which arithmetic, how long warming took) never
    reach the operator. The project's log lines hold codes and numbers only, never a note."""
    project = logging.getLogger("referral_nlp")
    if project.level == logging.NOTSET:
        project.setLevel(logging.INFO)
    # Where nothing is configured at all (an embedding script), give the lines somewhere to go.
    if not project.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("%(asctime)s [%(levelname)s] [%(name)s] %(message)s")
        )
        project.addHandler(handler)


_show_project_logs()
SETTINGS = ServiceSettings.from_env()
#: This worker's requests in flight: the guard takes slots, readiness reads them.
LIMITS = InFlightLimits(per_key=SETTINGS.max_in_flight_per_key, per_worker=SETTINGS.max_in_flight)
#: One scoring item: the case, whether to explain it, and its request's control and budget.
Item = tuple[dict[str, Any], bool, "RequestControl | None", TimeBudget]


AUDIT_UNAVAILABLE = (
    "the audit database cannot be reached, so this replica scores and redacts nothing (no "
    "answer is returned without its audit record); try again shortly or use another replica."
)


def _state(ctx: bentoml.Context) -> tuple[str, dict[str, str]]:
    state = ctx.request.state
    request_id = getattr(state, "request_id", "") or "-"
    auth = getattr(state, "auth", None) or {"key_name": "-", "role": "-"}
    return request_id, auth


def _abandoned_check(control: RequestControl | None) -> Any:
    if control is None:
        return None
    return lambda: ABANDONED if control.abandoned else None


def _failure(
    status: int, error: str, request_id: str, ctx: bentoml.Context | None = None
) -> JSONResponse:
    """An error response. From an API method pass ``ctx``: BentoML sends such a method's
    response with ``ctx.response.status_code`` (200 unless set), not the response's own."""
    if ctx is not None:
        ctx.response.status_code = status
    return JSONResponse({"error": error, "request_id": request_id}, status_code=status)


@bentoml.service(
    name="referral_nlp",
    workers=SETTINGS.workers,
    # The guard answers timeouts and limits itself (JSON with a request id, work stopped);
    # BentoML's own are backstops above them that should never fire.
    traffic={
        "timeout": int(SETTINGS.request_timeout) + 30,
        "max_concurrency": max(256, 4 * SETTINGS.max_in_flight),
    },
    http={"cors": {"enabled": False}},
    # BentoML's access log and metrics use the raw path (and the access log the raw content
    # type): attacker-chosen text. The envelope logs and counts by route instead.
    logging={"access": {"enabled": False}},
    metrics={"enabled": False},
)
@bentoml.asgi_app(pages_app(), path="/")
class ReferralNLP:
    """Redact notes, score closed cases with explanations, serve the model card and audit."""

    def __init__(self) -> None:
        from referral_nlp.serving.model_store import resolve_model

        self.settings = SETTINGS
        self.engine = ReviewEngine(
            resolve_model(SETTINGS.model_dir),
            settings=EngineSettings(
                device=SETTINGS.device,
                num_threads=SETTINGS.torch_threads,
                quantize=SETTINGS.quantize,
                explain_max_segments=SETTINGS.explain_max_segments,
                signing_key=SETTINGS.signing_key,
            ),
        ).load()
        self.audit = AuditLog(SETTINGS.database_url or SETTINGS.audit_db)
        self.audit_key = audit_key(SETTINGS.audit_db.parent, shared=bool(SETTINGS.database_url))
        self.batcher: MicroBatcher[Item, dict[str, Any]] = MicroBatcher(
            self._score_items,
            max_batch_size=SETTINGS.max_batch,
            max_wait_ms=SETTINGS.max_wait_ms,
        )

    def __is_ready__(self) -> bool:
        """Ready once the model is warm, and not while this worker is full."""
        return self.engine.ready and not LIMITS.saturated

    @bentoml.on_shutdown
    async def _shutdown(self) -> None:
        await self.batcher.close()
        self.audit.close()
        metrics.mark_process_dead()

    # ---- helpers ---------------------------------------------------------------------------
    def _score_items(self, items: list[Item]) -> list[dict[str, Any]]:
        controls = [control for _, _, control, _ in items]

        def stop() -> str | None:
            # A batch stops only when every request in it has been abandoned.
            gone = all(c is not None and c.abandoned for c in controls)
            return ABANDONED if gone else None

        return self.engine.score(
            [case for case, _, _, _ in items],
            explain=[explain for _, explain, _, _ in items],
            budgets=[budget for _, _, _, budget in items],
            stop=stop,
        )

    def _audit(
        self,
        endpoint: str,
        request_id: str,
        auth: dict[str, str],
        cases: list[dict[str, Any]],
        results: list[dict[str, Any]],
        started: float,
    ) -> None:
        latency = (time.perf_counter() - started) * 1000.0
        now = AuditRecord.now()
        self.audit.append(
            [
                AuditRecord(
                    time=now,
                    request_id=request_id,
                    key_name=auth["key_name"],
                    role=auth["role"],
                    endpoint=endpoint,
                    model_version=result["model_version"],
                    model_sha256=self.engine.model_sha256,
                    precision=self.engine.precision,
                    input_sha256=input_digest(case, self.audit_key),
                    re_referral_probability=result["re_referral"]["probability"],
                    re_referral_band=result["re_referral"]["band"],
                    re_referral_flagged=result["re_referral"]["flagged"],
                    escalation_probability=result["escalation"]["probability"],
                    escalation_band=result["escalation"]["band"],
                    escalation_flagged=result["escalation"]["flagged"],
                    latency_ms=round(latency, 2),
                )
                for case, result in zip(cases, results, strict=True)
            ]
        )

    async def _score(
        self, ctx: bentoml.Context, endpoint: str, requests: list[ScoreRequest]
    ) -> tuple[str, list[dict[str, Any]]] | JSONResponse:
        from referral_nlp.redaction import RedactionError

        started = time.perf_counter()
        request_id, auth = _state(ctx)
        control = getattr(ctx.request.state, "control", None)
        budget = TimeBudget(SETTINGS.explain_budget)
        cases = [r.model_fields_dict() for r in requests]
        try:
            results = await asyncio.gather(
                *(
                    self.batcher.submit((case, r.explain, control, budget))
                    for case, r in zip(cases, requests, strict=True)
                )
            )
        except RedactionError:
            # Fail closed: nothing is scored and nothing of the text is said.
            return _failure(500, "redaction failed; nothing was scored.", request_id, ctx)
        except WorkStopped:
            # Nobody is waiting: no answer, so no audit record of one.
            metrics.STOPPED_WORK.labels(ABANDONED).inc()
            return _failure(499, "the client went away; the work was stopped.", request_id, ctx)
        for result in results:
            result["request_id"] = request_id
            if result.get("explanation_note"):
                metrics.STOPPED_WORK.labels("explanation over budget").inc()
        try:
            await asyncio.to_thread(
                self._audit, endpoint, request_id, auth, cases, results, started
            )
        except DatabaseUnavailableError:
            # Fail closed: a score is never returned without its audit record.
            return _failure(503, AUDIT_UNAVAILABLE, request_id, ctx)
        return request_id, results

    # ---- API -------------------------------------------------------------------------------
    @bentoml.api(route="/v1/redact", input_spec=RedactRequest, output_spec=RedactResponse)
    def redact(self, text: str, ctx: bentoml.Context) -> RedactResponse | Response:
        """Redact one note: the redacted text and the removed spans (offsets into the note)."""
        from referral_nlp.redaction import RedactionError

        started = time.perf_counter()
        request_id, auth = _state(ctx)
        control: RequestControl | None = getattr(ctx.request.state, "control", None)
        try:
            result = self.engine.redact(text, stop=_abandoned_check(control))
        except RedactionError:
            return _failure(500, "redaction failed; no output.", request_id, ctx)
        except WorkStopped:
            metrics.STOPPED_WORK.labels(ABANDONED).inc()
            return _failure(499, "the client went away; the work was stopped.", request_id, ctx)
        record = RedactionRecord(
            time=AuditRecord.now(),
            request_id=request_id,
            key_name=auth["key_name"],
            role=auth["role"],
            endpoint="/v1/redact",
            input_sha256=input_digest({"text": text}, self.audit_key),
            entities=len(result["entities"]),
            latency_ms=round((time.perf_counter() - started) * 1000.0, 2),
        )
        try:
            self.audit.append([record], kind="redactions")
        except DatabaseUnavailableError:
            # Fail closed, as scoring does: no redacted text without its audit record.
            return _failure(503, AUDIT_UNAVAILABLE, request_id, ctx)
        return RedactResponse.model_validate(result)

    @bentoml.api(route="/v1/score", input_spec=ScoreRequest, output_spec=ScoreResponse)
    async def score(self, ctx: bentoml.Context, **fields: Any) -> ScoreResponse | Response:
        """Score one closed case: calibrated probabilities, bands, flags and explanation."""
        outcome = await self._score(ctx, "/v1/score", [ScoreRequest.model_construct(**fields)])
        if isinstance(outcome, Response):
            return outcome
        return ScoreResponse.model_validate(outcome[1][0])

    @bentoml.api(route="/v1/score/batch", input_spec=BatchRequest, output_spec=BatchResponse)
    async def score_batch(
        self, cases: list[ScoreRequest], ctx: bentoml.Context
    ) -> BatchResponse | Response:
        """Score several cases in one request (explanations only where a case asks)."""
        outcome = await self._score(ctx, "/v1/score/batch", list(cases))
        if isinstance(outcome, Response):
            return outcome
        request_id, results = outcome
        return BatchResponse.model_validate(
            {
                "request_id": request_id,
                "model_version": self.engine.model_version,
                "results": results,
            }
        )

    # ---- documents (GET routes of pages_app call these) -------------------------------------
    def model_card_response(self, request: Request) -> Response:
        request_id = getattr(request.state, "request_id", "-")
        unknown = _unknown_parameters(request, {"format"})
        if unknown:
            return _failure(400, unknown, request_id)
        fmt = request.query_params.get("format", "markdown")
        if fmt not in ("markdown", "md", "html"):
            return _failure(400, "format: expected markdown or html.", request_id)
        card = self.engine.model_card("html" if fmt == "html" else "markdown")
        if card is None:
            return _failure(
                404,
                "this model has no card; generate it with `referral-nlp card`.",
                request_id,
            )
        if fmt == "html":
            return HTMLResponse(card)
        return PlainTextResponse(card, media_type="text/markdown; charset=utf-8")

    def audit_response(self, request: Request) -> Response:
        request_id = getattr(request.state, "request_id", "-")
        unknown = _unknown_parameters(request, {"since", "limit", "before", "kind"})
        if unknown:
            return _failure(400, unknown, request_id)
        params = request.query_params
        try:
            limit = int(params.get("limit", "1000"))
            before = int(params["before"]) if "before" in params else None
        except ValueError:
            limit, before = 0, None
        if not 1 <= limit <= 100_000 or (before is not None and not 1 <= before < 2**63):
            return _failure(
                400,
                "limit: expected a whole number from 1 to 100000; before: a record's seq.",
                request_id,
            )
        try:
            rows, truncated = self.audit.export_page(
                since=params.get("since"),
                limit=limit,
                before=before,
                kind=params.get("kind", "scores"),
            )
        except DatabaseUnavailableError:  # a ValueError too: caught first
            return _failure(503, AUDIT_UNAVAILABLE, request_id)
        except ValueError as exc:  # the message says what is accepted, never the value
            return _failure(400, str(exc), request_id)
        # The latest rows come first; older ones left out are said, with the next page's cursor.
        body = {"request_id": request_id, "count": len(rows), "records": rows}
        body |= {"truncated": truncated, "next_before": rows[0]["seq"] if truncated else None}
        return JSONResponse(body)


def _unknown_parameters(request: Request, known: set[str]) -> str | None:
    """A 400 message when the query holds a parameter the route does not take (or one twice);
    it names the parameters the route takes, never what was sent."""
    names = [name for name, _ in request.query_params.multi_items()]
    if set(names) <= known and len(names) == len(set(names)):
        return None
    return f"query: this path takes only {', '.join(sorted(known))}, each at most once."


def _published_contract(body: bytes) -> bytes:
    return publish_contract(body, max_batch_cases=SETTINGS.max_batch_cases)


# The first middleware added is the outer one: the envelope sees every response the guard and
# the service give.
ReferralNLP.add_asgi_middleware(EnvelopeMiddleware, rewrite_openapi=_published_contract)
ReferralNLP.add_asgi_middleware(
    GuardMiddleware,
    keys_file=SETTINGS.database_url or str(SETTINGS.keys_file),
    max_body_bytes=SETTINGS.max_body_bytes,
    body_timeout=SETTINGS.body_timeout,
    request_timeout=SETTINGS.request_timeout,
    max_batch_cases=SETTINGS.max_batch_cases,
    limits=LIMITS,
    close_after_work=SETTINGS.close_after_work,
)
