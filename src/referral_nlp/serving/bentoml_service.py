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

from referral_nlp.serving.audit import AuditLog, AuditRecord, input_sha256
from referral_nlp.serving.batching import MicroBatcher
from referral_nlp.serving.engine import EngineSettings, ReviewEngine
from referral_nlp.serving.guard import GuardMiddleware
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


AUDIT_UNAVAILABLE = (
    "the audit database cannot be reached, so this replica scores nothing (no score is "
    "returned without its audit record); try again shortly or use another replica."
)


def _state(ctx: bentoml.Context) -> tuple[str, dict[str, str]]:
    state = ctx.request.state
    request_id = getattr(state, "request_id", "") or "-"
    auth = getattr(state, "auth", None) or {"key_name": "-", "role": "-"}
    return request_id, auth


def _failure(status: int, error: str, request_id: str) -> JSONResponse:
    return JSONResponse({"error": error, "request_id": request_id}, status_code=status)


@bentoml.service(
    name="referral_nlp",
    workers=SETTINGS.workers,
    traffic={"timeout": SETTINGS.request_timeout, "max_concurrency": 256},
    http={"cors": {"enabled": False}},
    logging={"access": {"enabled": True, "request_content_length": True}},
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
            ),
        ).load()
        self.audit = AuditLog(SETTINGS.database_url or SETTINGS.audit_db)
        self.batcher: MicroBatcher[tuple[dict[str, Any], bool], dict[str, Any]] = MicroBatcher(
            self._score_items,
            max_batch_size=SETTINGS.max_batch,
            max_wait_ms=SETTINGS.max_wait_ms,
        )

    def __is_ready__(self) -> bool:
        return self.engine.ready

    @bentoml.on_shutdown
    async def _shutdown(self) -> None:
        await self.batcher.close()
        self.audit.close()

    # ---- helpers ---------------------------------------------------------------------------
    def _score_items(self, items: list[tuple[dict[str, Any], bool]]) -> list[dict[str, Any]]:
        return self.engine.score([case for case, _ in items], explain=[e for _, e in items])

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
                    input_sha256=input_sha256(case),
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
        cases = [r.model_fields_dict() for r in requests]
        try:
            results = await asyncio.gather(
                *(
                    self.batcher.submit((case, r.explain))
                    for case, r in zip(cases, requests, strict=True)
                )
            )
        except RedactionError:
            # Fail closed: nothing is scored and nothing of the text is said.
            return _failure(500, "redaction failed; nothing was scored.", request_id)
        for result in results:
            result["request_id"] = request_id
        try:
            await asyncio.to_thread(
                self._audit, endpoint, request_id, auth, cases, results, started
            )
        except DatabaseUnavailableError:
            # Fail closed: a score is never returned without its audit record. BentoML sends
            # ctx's status for an API with a ctx parameter, whatever the Response says.
            ctx.response.status_code = 503
            return _failure(503, AUDIT_UNAVAILABLE, request_id)
        return request_id, results

    # ---- API -------------------------------------------------------------------------------
    @bentoml.api(route="/v1/redact", input_spec=RedactRequest, output_spec=RedactResponse)
    def redact(self, text: str, ctx: bentoml.Context) -> RedactResponse | Response:
        """Redact one note: the redacted text and the removed spans (offsets into the note)."""
        from referral_nlp.redaction import RedactionError

        try:
            return RedactResponse.model_validate(self.engine.redact(text))
        except RedactionError:
            return _failure(500, "redaction failed; no output.", _state(ctx)[0])

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
        """Score up to 64 cases in one request (explanations only where a case asks)."""
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
        fmt = request.query_params.get("format", "markdown")
        request_id = getattr(request.state, "request_id", "-")
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
        try:
            limit = int(request.query_params.get("limit", "1000"))
        except ValueError:
            return _failure(400, "limit: expected a whole number from 1 to 100000.", request_id)
        if not 1 <= limit <= 100_000:
            return _failure(400, "limit: expected a whole number from 1 to 100000.", request_id)
        since = request.query_params.get("since")
        if since is not None and not _looks_like_time(since):
            return _failure(400, "since: expected an ISO 8601 date or time.", request_id)
        try:
            rows = self.audit.export(since=since, limit=limit)
        except DatabaseUnavailableError:
            return _failure(503, AUDIT_UNAVAILABLE, request_id)
        return JSONResponse({"request_id": request_id, "count": len(rows), "records": rows})


def _looks_like_time(value: str) -> bool:
    from datetime import datetime

    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


ReferralNLP.add_asgi_middleware(
    GuardMiddleware,
    keys_file=SETTINGS.database_url or str(SETTINGS.keys_file),
    max_body_bytes=SETTINGS.max_body_bytes,
    close_after_work=SETTINGS.close_after_work,
)
