"""Request bodies checked before the service sees them, with errors that quote nothing sent.

BentoML validates a body against the endpoint's pydantic model too, but its 400 names every
offending key as sent (an unknown key can itself be personal data: ``{"Sarah JONES": 1}``) and
it logs a traceback with the request for each one. The guard therefore checks every body here
first; BentoML only ever receives bodies that pass, so its error path is not reached.

An error names where (known field names and list positions; any other key is
``(unknown field)``), what (pydantic's message, which never quotes the input since every model
hides input in its errors) and the error type.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from referral_nlp.serving.schemas import BLANK_TEXT, BatchRequest, RedactRequest, ScoreRequest

__all__ = ["BODY_MODELS", "UNKNOWN_FIELD", "Rejection", "check_body"]

#: The request model of each path that takes a body.
BODY_MODELS: dict[str, type[BaseModel]] = {
    "/v1/redact": RedactRequest,
    "/v1/score": ScoreRequest,
    "/v1/score/batch": BatchRequest,
}
UNKNOWN_FIELD = "(unknown field)"
#: Our words for pydantic messages that read as a regular expression to a person. The one pattern
#: in the schemas is NON_BLANK, which pydantic checks (and words) before the field's validator.
_MESSAGES = {"string_pattern_mismatch": BLANK_TEXT}
_KNOWN = frozenset(name for model in BODY_MODELS.values() for name in model.model_fields)


@dataclass(frozen=True)
class Rejection:
    """A 400: one line for the person and, for a body that is JSON, one entry per problem."""

    error: str
    detail: tuple[dict[str, Any], ...] = ()

    def summary(self) -> str:
        """Error types and places only, for the log."""
        parts = [
            f"{d['type']} at {'.'.join(str(p) for p in d['loc']) or '(body)'}" for d in self.detail
        ]
        return "; ".join(parts[:5]) + (f"; and {len(parts) - 5} more" if len(parts) > 5 else "")


def _place(part: Any) -> str | int:
    if isinstance(part, int):
        return part
    return part if part in _KNOWN else UNKNOWN_FIELD


def check_body(path: str, body: bytes, *, max_batch_cases: int) -> Rejection | None:
    """None if ``body`` is a valid request for ``path`` (or the path takes no body model)."""
    model = BODY_MODELS.get(path)
    if model is None:
        return None
    try:
        data = json.loads(body)
    except UnicodeDecodeError:
        return Rejection("the body is not UTF-8 text; send JSON encoded as UTF-8.")
    except json.JSONDecodeError as exc:
        # Line and column only: json's message holds no input, but say it in our words.
        return Rejection(f"the body is not valid JSON (line {exc.lineno}, column {exc.colno}).")
    except (RecursionError, ValueError):
        # Nesting deeper than the parser's stack, or an integer past Python's digit limit: JSON
        # no request of ours needs. The message is ours; the parser's may quote digits.
        return Rejection(
            "the body is JSON no request needs (nested too deep, or a number too long)."
        )
    if not isinstance(data, dict):
        return Rejection('the body must be a JSON object, for example {"text": "..."}.')
    try:
        model.model_validate(data)
    except ValidationError as exc:
        detail = tuple(
            {
                "loc": [_place(p) for p in err["loc"]],
                "msg": _MESSAGES.get(err["type"], err["msg"]),
                "type": err["type"],
            }
            for err in exc.errors(include_url=False, include_context=False, include_input=False)
        )
        fields = ", ".join(sorted({str(d["loc"][0]) for d in detail if d["loc"]})) or "the body"
        return Rejection(f"{len(detail)} problem(s) with the request body, in: {fields}.", detail)
    cases = data.get("cases")
    if path == "/v1/score/batch" and isinstance(cases, list) and len(cases) > max_batch_cases:
        return Rejection(
            f"cases: at most {max_batch_cases} per request (this server's "
            "REFERRAL_NLP_MAX_BATCH_CASES); split the batch.",
            ({"loc": ["cases"], "msg": f"at most {max_batch_cases} cases", "type": "too_long"},),
        )
    return None
