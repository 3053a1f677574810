"""Typed requests and responses of the HTTP API (pydantic; published as OpenAPI).

Field names are the schema's (:mod:`referral_nlp.data.schema`) and codes come from its code
lists, so an unknown code is a 400 that names the field. Unlike ``referral-nlp predict``, which
reads a council's whole export and treats odd values as unknown, the API is strict: a reviewer
typing a case gets told at once what is wrong. Every model hides input values in its errors, so
a rejected value (which may be personal data) never reaches a response or a log line.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, field_validator

from referral_nlp.data.schema import (
    ASSESSMENT_FACTORS,
    ETHNICITIES,
    PRIMARY_NEEDS,
    REFERRAL_SOURCES,
    SEXES,
)

__all__ = [
    "BLANK_TEXT",
    "MAX_BATCH_CASES",
    "MAX_TEXT_CHARS",
    "BatchRequest",
    "BatchResponse",
    "CaseInput",
    "EntitySpan",
    "ErrorDetail",
    "ErrorResponse",
    "Explanation",
    "LabelScore",
    "RedactRequest",
    "RedactResponse",
    "ScoreRequest",
    "ScoreResponse",
    "SentenceEffectOut",
]

#: Longest note accepted (characters): about 15,000 words, far beyond any referral.
MAX_TEXT_CHARS = 100_000
#: Most cases in one batch request (``REFERRAL_NLP_MAX_BATCH_CASES`` may lower it).
MAX_BATCH_CASES = 64
#: A note must hold something other than white space: stated in the schema (``pattern``) so
#: that generated clients and fuzzers know it, and checked by ``_non_blank`` with a clear message.
#: An explicit class of the characters Python calls white space (``str.isspace``), because
#: ``\S`` means different things to Python, to pydantic's Rust engine and to JSON Schema's
#: ECMA-262 (``"\x1d"`` is blank to the first only): all three read this class alike.
NON_BLANK = r"[^\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
_NON_BLANK = re.compile(NON_BLANK)

_STRICT = ConfigDict(extra="forbid", hide_input_in_errors=True, str_max_length=MAX_TEXT_CHARS)

ReferralSource = Literal[tuple(REFERRAL_SOURCES)]  # type: ignore[valid-type]
ChildSex = Literal[tuple(SEXES)]  # type: ignore[valid-type]
Ethnicity = Literal[tuple(ETHNICITIES)]  # type: ignore[valid-type]
PrimaryNeed = Literal[tuple(PRIMARY_NEEDS)]  # type: ignore[valid-type]
AssessmentFactor = Literal[tuple(ASSESSMENT_FACTORS)]  # type: ignore[valid-type]
Band = Literal["low", "medium", "high"]


BLANK_TEXT = "must contain some text, not only white space"


def _non_blank(value: str) -> str:
    if not _NON_BLANK.search(value):
        raise ValueError(BLANK_TEXT)
    return value


class RedactRequest(BaseModel):
    """A note to redact."""

    model_config = _STRICT
    text: str = Field(
        description="The note, as written.",
        min_length=1,
        max_length=MAX_TEXT_CHARS,
        pattern=NON_BLANK,
    )

    _check_text = field_validator("text")(_non_blank)


class CaseInput(BaseModel):
    """A closed case: the referral text and whatever structured fields are known.

    Missing fields are unknown to the model, never an error. Protected characteristics
    (``child_sex``, ``ethnicity``, ``disability``) are accepted for the record but the default
    model does not read them.
    """

    model_config = _STRICT
    text: str = Field(
        description="Referral text; redacted before the model sees it.",
        min_length=1,
        max_length=MAX_TEXT_CHARS,
        pattern=NON_BLANK,
    )
    assessment_text: str | None = Field(None, description="Assessment or closure summary.")
    referral_source: ReferralSource | None = None
    child_age: Annotated[StrictInt, Field(ge=0, le=17)] | None = Field(
        None, description="Age in whole years at referral."
    )
    child_sex: ChildSex | None = None
    ethnicity: Ethnicity | None = Field(None, description="ONS 2021 top-level group.")
    disability: StrictBool | None = None
    deprivation_decile: Annotated[StrictInt, Field(ge=1, le=10)] | None = Field(
        None, description="IMD decile of the home area (1 = most deprived)."
    )
    previous_referrals: Annotated[StrictInt, Field(ge=0, le=1000)] | None = None
    previous_cp_plan: StrictBool | None = None
    primary_need: PrimaryNeed | None = Field(None, description="CIN census primary need.")
    assessment_factors: list[AssessmentFactor] | None = Field(
        None, max_length=len(ASSESSMENT_FACTORS), description="CIN census assessment factors."
    )
    referral_date: dt.date | None = Field(None, description="Not a model input; kept for checks.")
    closure_date: dt.date | None = Field(None, description="Not a model input; kept for checks.")

    # No check that closure_date follows referral_date: JSON Schema cannot state it, so a
    # generated client would send what the server refuses; neither date is a model input.
    _check_text = field_validator("text")(_non_blank)

    def model_fields_dict(self) -> dict[str, Any]:
        """The case in schema names, dates as ISO strings, without the request's options."""
        data = self.model_dump(exclude={"explain"}, exclude_none=False)
        for name in ("referral_date", "closure_date"):
            if data.get(name) is not None:
                data[name] = data[name].isoformat()
        return data


class ScoreRequest(CaseInput):
    """A case to score; ``explain`` adds the sentences that moved each score."""

    explain: bool = Field(
        True,
        description="Add the sentences that raised or lowered each score (sentence occlusion; "
        "several times the cost of scoring alone).",
    )


class BatchRequest(BaseModel):
    """Several cases scored in one request (explanations are off unless a case asks)."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)
    cases: list[ScoreRequest] = Field(min_length=1, max_length=MAX_BATCH_CASES)

    @field_validator("cases", mode="before")
    @classmethod
    def _explain_off_by_default(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [
                {**case, "explain": case.get("explain", False)} if isinstance(case, dict) else case
                for case in value
            ]
        return value


class EntitySpan(BaseModel):
    """A removed span: offsets into the original text and into the redacted text."""

    start: int = Field(description="Start in the original text.")
    end: int = Field(description="End (exclusive) in the original text.")
    entity_type: str
    score: float
    redacted_start: int | None = Field(None, description="Start of its placeholder.")
    redacted_end: int | None = Field(None, description="End of its placeholder.")


class RedactResponse(BaseModel):
    redacted_text: str
    entities: list[EntitySpan]


class LabelScore(BaseModel):
    probability: float = Field(description="Calibrated probability, 0 to 1.")
    band: Band = Field(description="Plain-language band of the probability.")
    band_description: str
    flagged: bool = Field(description="At or above the model's chosen operating point.")


class SentenceEffectOut(BaseModel):
    start: int = Field(description="Start of the sentence in redacted_text.")
    end: int
    sentence: str = Field(description="The sentence, from the redacted text.")
    effect: float = Field(
        description="What the sentence did to the model's log-odds, in probability points at the "
        "score shown: positive raised it, negative lowered it."
    )
    direction: Literal["raised", "lowered"]


class Explanation(BaseModel):
    method: str = "sentence occlusion over the redacted text"
    re_referral: list[SentenceEffectOut]
    escalation: list[SentenceEffectOut]


class ScoreResponse(BaseModel):
    request_id: str
    model_version: str
    re_referral: LabelScore
    escalation: LabelScore
    redacted_text: str
    entities: list[EntitySpan]
    explanation: Explanation | None = None
    explanation_note: str | None = Field(
        None, description="Why there is no explanation although one was asked for."
    )


class BatchResponse(BaseModel):
    request_id: str
    model_version: str
    results: list[ScoreResponse]


class ErrorDetail(BaseModel):
    """One problem with a request body; never the value that was sent."""

    loc: list[str | int] = Field(
        description="Where: field names and list positions; a name the API does not know is "
        "given as '(unknown field)'."
    )
    msg: str = Field(description="What is wrong.")
    type: str = Field(description="The kind of error (pydantic's error type).")


class ErrorResponse(BaseModel):
    """Every error the service answers, whatever the status."""

    error: str = Field(description="What went wrong, in one line.")
    request_id: str = Field(description="The request's id (also in the X-Request-ID header).")
    detail: list[ErrorDetail] | None = Field(
        None, description="For a 400 on a body: one entry per problem."
    )
