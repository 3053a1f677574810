"""The published OpenAPI document (``/docs.json``), made to state what the service enforces.

BentoML generates the document from the request and response models, but it does not know
what the guard adds: the bearer keys, the statuses the guard answers (401, 403, 408, 413, 415,
429, 503, 504), the error body every one of them has (``ErrorResponse``), the GET routes of the
reviewer page's app (the card and the audit export) and this server's own batch limit. A client
generated from BentoML's document, or a fuzzer, would disagree with the server. This module
rewrites the document once per request of it (it is small).
"""

from __future__ import annotations

import json
from typing import Any

from referral_nlp.serving.schemas import ErrorResponse
from referral_nlp.storage.audit_store import AUDIT_KINDS

__all__ = ["publish_contract"]

_REF = "#/components/schemas/{model}"
_ERROR = {"$ref": "#/components/schemas/ErrorResponse"}
_ERRORS = {
    "400": "Bad request: a field is missing, of the wrong type or out of range (detail says "
    "which); the body is not JSON; or it ended before its Content-Length.",
    "401": "No API key, or an unknown or revoked one.",
    "403": "The key's role may not use this path.",
    "404": "No such path, or (model card) the model has no card.",
    "405": "This method is not allowed on this path.",
    "408": "The body did not arrive within the server's body timeout.",
    "413": "The body is larger than the server's limit.",
    "415": "The body is not JSON.",
    "429": "This key has too many requests in flight; retry after Retry-After seconds.",
    "500": "Internal error, or redaction failed (nothing was scored: redaction fails closed).",
    "503": "This worker is full, or not ready yet; retry after Retry-After seconds.",
    "504": "No response within the server's request timeout; the work was stopped.",
}
_BODY_CODES = ("400", "408", "413", "415")
_KEY_CODES = ("401", "403", "429", "503", "504")


def _error(code: str) -> dict[str, Any]:
    return {"description": _ERRORS[code], "content": {"application/json": {"schema": _ERROR}}}


def _parameter(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _document_routes() -> dict[str, Any]:
    """The GET routes served by the reviewer page's app (BentoML does not list them)."""
    card = {
        "get": {
            "summary": "The model card stored in the artefact",
            "operationId": "model_card",
            "parameters": [
                _parameter(
                    "format",
                    "markdown (default) or html.",
                    {"type": "string", "enum": ["markdown", "md", "html"]},
                )
            ],
            "responses": {
                "200": {
                    "description": "The card.",
                    "content": {
                        "text/markdown": {"schema": {"type": "string"}},
                        "text/html": {"schema": {"type": "string"}},
                    },
                },
                "400": _error("400"),
                "404": _error("404"),
            },
        }
    }
    audit = {
        "get": {
            "summary": "Audit records, oldest first (governance and admin keys)",
            "operationId": "audit",
            "parameters": [
                _parameter(
                    "since",
                    "Records at or after this time: an RFC 3339 date-time with its offset "
                    "(2026-12-03T09:00:00Z, 2026-12-03T10:00:00+01:00) or a date (midnight UTC). "
                    "Compared as instants in UTC; anything else is a 400.",
                    {
                        "anyOf": [
                            {"type": "string", "format": "date-time"},
                            {"type": "string", "format": "date"},
                        ]
                    },
                ),
                _parameter(
                    "limit",
                    "The latest N records (default 1000); `truncated` says whether older ones "
                    "were left out.",
                    {"type": "integer", "minimum": 1, "maximum": 100_000, "default": 1000},
                ),
                _parameter(
                    "before",
                    "Only records before this seq: the response's `next_before`, to page back.",
                    {"type": "integer", "minimum": 1},
                ),
                _parameter(
                    "kind",
                    "scores (default): one record per scored case; redactions: one per note "
                    "redacted through /v1/redact.",
                    {"type": "string", "enum": list(AUDIT_KINDS), "default": "scores"},
                ),
            ],
            "responses": {
                "200": {
                    "description": "The records (no text, no personal data).",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": [
                                    "request_id",
                                    "count",
                                    "records",
                                    "truncated",
                                    "next_before",
                                ],
                                "properties": {
                                    "request_id": {"type": "string"},
                                    "count": {"type": "integer", "minimum": 0},
                                    "records": {"type": "array", "items": {"type": "object"}},
                                    "truncated": {"type": "boolean"},
                                    "next_before": {"type": "integer", "nullable": True},
                                },
                            }
                        }
                    },
                },
                "400": _error("400"),
            },
        }
    }
    return {"/v1/model-card": card, "/v1/audit": audit}


def _nullable(node: Any) -> Any:
    """OpenAPI 3.0 has no ``type: null``: pydantic's ``anyOf: [X, {type: null}]`` (an optional
    field), and a field whose default is null, become X with ``nullable: true``, which 3.0
    tools read as "X or null"."""
    if isinstance(node, list):
        return [_nullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _nullable(value) for key, value in node.items()}
    if "default" in node and node["default"] is None and not node.get("nullable"):
        # BentoML drops pydantic's null option from some inline schemas but keeps the default.
        node["nullable"] = True
        if "$ref" in node:
            node["allOf"] = [{"$ref": node.pop("$ref")}]
    options = node.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        rest = [o for o in options if o != {"type": "null"}]
        del node["anyOf"]
        if len(rest) == 1 and "$ref" not in rest[0]:
            node.update(rest[0])
        else:
            node["anyOf" if len(rest) > 1 else "allOf"] = rest
        node["nullable"] = True
    return node


def _set_batch_limit(schemas: dict[str, Any], max_batch_cases: int) -> None:
    for name, schema in schemas.items():
        cases = schema.get("properties", {}).get("cases")
        if name.startswith("BatchRequest") and isinstance(cases, dict):
            cases["maxItems"] = max_batch_cases
            cases["minItems"] = 1


def publish_contract(body: bytes, *, max_batch_cases: int) -> bytes:
    """BentoML's ``/docs.json`` body, rewritten as the module docstring says."""
    spec = _nullable(json.loads(body))
    components = spec.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    error_schema = ErrorResponse.model_json_schema(ref_template=_REF)
    schemas.update(error_schema.pop("$defs", {}))
    schemas["ErrorResponse"] = error_schema
    for name in ("InvalidArgument", "NotFound", "InternalServerError"):
        schemas.pop(name, None)
    _set_batch_limit(schemas, max_batch_cases)
    components["securitySchemes"] = {
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key from `referral-nlp keys add`.",
        }
    }
    paths = spec.setdefault("paths", {})
    paths.update(_document_routes())
    for path, operations in paths.items():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for code in list(responses):
                if code[:1] in ("4", "5"):
                    responses[code] = _error(code) if code in _ERRORS else responses[code]
            if "requestBody" in operation:
                operation["requestBody"]["required"] = True  # an empty body is a 400
            if path.startswith("/v1/"):
                operation["security"] = [{"bearer": []}]
                codes = _KEY_CODES + (_BODY_CODES if "requestBody" in operation else ())
                for code in codes:
                    responses.setdefault(code, _error(code))
                responses.setdefault("500", _error("500"))
    return json.dumps(spec).encode("utf-8")
