"""The service's GET routes: the reviewer page, its files, the card, the audit and /metrics.

BentoML's ``@bentoml.api`` routes take POST only, so these live in a small Starlette app that the
service mounts at ``/`` (a passive mount: BentoML's own routes still win). The document routes
ask the running service (``bentoml.get_current_service()``) for their content.

The page is rendered once, at start-up, from a Jinja template with the schema's code lists; it
holds no data. It keeps the reviewer's API key in the tab's ``sessionStorage`` only.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from referral_nlp.data.schema import (
    ASSESSMENT_FACTORS,
    ETHNICITIES,
    PRIMARY_NEEDS,
    REFERRAL_SOURCES,
    SEXES,
)

__all__ = ["pages_app", "render_ui"]

_ASSETS = {"app.js": "text/javascript", "style.css": "text/css"}
# The page loads only its own script and style and talks only to this origin.
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
    "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


def _ui_file(name: str) -> str:
    return resources.files("referral_nlp.serving").joinpath("ui", name).read_text("utf-8")


@functools.lru_cache(maxsize=1)
def render_ui() -> str:
    """The reviewer page (HTML), with the schema's code lists in its selects."""
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(_ui_file("index.html.j2"))
    return template.render(
        sources=REFERRAL_SOURCES,
        sexes=SEXES,
        ethnicities=ETHNICITIES,
        needs=PRIMARY_NEEDS,
        factors=ASSESSMENT_FACTORS,
    )


def _service() -> Any:
    import bentoml

    return bentoml.get_current_service()


async def _ui(_: Request) -> Response:
    return HTMLResponse(render_ui(), headers={"content-security-policy": _CSP})


async def _asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in _ASSETS:
        return JSONResponse({"error": "not found"}, status_code=404)
    return Response(_ui_file(name), media_type=_ASSETS[name])


async def _model_card(request: Request) -> Response:
    return _service().model_card_response(request)


async def _audit(request: Request) -> Response:
    import anyio

    return await anyio.to_thread.run_sync(_service().audit_response, request)


async def _metrics(_: Request) -> Response:
    import anyio

    from referral_nlp.serving import metrics

    return Response(await anyio.to_thread.run_sync(metrics.render), media_type=metrics.CONTENT_TYPE)


def pages_app() -> Starlette:
    return Starlette(
        routes=[
            Route("/metrics", _metrics, methods=["GET"]),
            Route("/ui", _ui, methods=["GET"]),
            Route("/ui/{name}", _asset, methods=["GET"]),
            Route("/v1/model-card", _model_card, methods=["GET"]),
            Route("/v1/audit", _audit, methods=["GET"]),
        ]
    )
