"""Check a card's content before it is written: required fields present, no placeholders.

:func:`validate_card` returns a :class:`ValidationReport` with

``errors``
    a required field that is missing or empty, a placeholder left in any text ("TODO", "TBD",
    "TBC", "FIXME", "lorem ipsum", "<...>", "<your council>", "[insert ...]"), or an input that
    could not be read or does not belong to this artefact (eval.json of another model). Any
    error fails ``referral-nlp card`` (exit status 2) and nothing is written.
``pending``
    ATRS fields that only the deploying organisation can fill and that still show the marker
    "To be completed by the deploying organisation". They are reported but do not fail,
    unless ``strict=True`` (``referral-nlp card --strict``, for the card a council publishes).

Every issue names the field (``atrs.organisation``, ``labels[re_referral_12m].metrics.auroc``)
and the problem; no value from a case is ever quoted.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from referral_nlp.cards.atrs import DEPLOYER_MARKER
from referral_nlp.cards.content import ModelCardData
from referral_nlp.errors import UserError

__all__ = [
    "PLACEHOLDER_PATTERNS",
    "CardValidationError",
    "ValidationIssue",
    "ValidationReport",
    "find_placeholder",
    "validate_card",
]

PLACEHOLDER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("TODO", re.compile(r"\bTODO\b", re.IGNORECASE)),
    ("TBD", re.compile(r"\bTBD\b", re.IGNORECASE)),
    ("TBC", re.compile(r"\bTBC\b")),
    ("FIXME", re.compile(r"\bFIXME\b", re.IGNORECASE)),
    ("XXX", re.compile(r"\bXXX+\b")),
    ("lorem ipsum", re.compile(r"\blorem\b", re.IGNORECASE)),
    ("<...>", re.compile(r"<\s*(\.\.\.|…)?\s*>|<\.\.\.[^<>\n]*>|<[A-Za-z][\w .'-]{0,60}>")),
    ("[insert ...]", re.compile(r"\[\s*(insert|add|enter|your)\b[^\]]*\]", re.IGNORECASE)),
)


def find_placeholder(text: str) -> str | None:
    """The name of the first placeholder pattern found in ``text``, or None."""
    for name, pattern in PLACEHOLDER_PATTERNS:
        if pattern.search(text):
            return name
    return None


@dataclass(frozen=True)
class ValidationIssue:
    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.field}: {self.problem}"


@dataclass
class ValidationReport:
    errors: list[ValidationIssue] = field(default_factory=list)
    pending: list[ValidationIssue] = field(default_factory=list)
    strict: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not (self.strict and self.pending)

    def lines(self) -> list[str]:
        """The issues as lines, errors first (for the CLI)."""
        out = [f"error: {i}" for i in self.errors]
        tag = "error" if self.strict else "deployer must complete"
        out += [f"{tag}: {i}" for i in self.pending]
        return out

    def summary(self) -> str:
        head = (
            f"model card validation: {len(self.errors)} error(s), {len(self.pending)} field(s) "
            "the deploying organisation must complete"
            + (" (blocking: --strict)" if self.strict and self.pending else "")
        )
        return "\n".join([head, *(f"  - {line}" for line in self.lines())])


class CardValidationError(UserError):
    """The card is incomplete; ``report`` holds every issue, the message lists them."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(report.summary())


def _walk(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """``(path, text)`` for every string inside dataclasses, mappings and sequences."""
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _walk(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, f"{path}.{k}")
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            key = getattr(v, "name", None) if not isinstance(v, str | tuple) else None
            yield from _walk(v, f"{path}[{key if isinstance(key, str) else i}]")


def validate_card(data: ModelCardData, *, strict: bool = False) -> ValidationReport:
    """Check ``data`` (module docstring); never raises for an incomplete card."""
    report = ValidationReport(strict=strict)
    err = report.errors

    def need(name: str, value: Any, what: str = "missing") -> None:
        if value is None or (isinstance(value, str | list | dict | tuple) and not value):
            err.append(ValidationIssue(name, what))

    for problem in data.problems:
        err.append(ValidationIssue("inputs", problem))

    model = data.model
    need("model.version", model.version, "missing (no weights checksum in the manifest)")
    need("model.weights_sha256", model.weights_sha256)
    need("model.base_model", model.base_model)
    need("model.architecture", model.architecture)
    need("model.labels", model.labels, "missing (model_config.json names no labels)")
    for key in (
        "intended_use",
        "intended_users",
        "out_of_scope",
        "factors",
        "ethical_considerations",
        "caveats",
        "recommendations",
    ):
        need(key, getattr(data, key))
    if not any("never makes or automates a decision" in s for s in data.out_of_scope):
        err.append(
            ValidationIssue(
                "out_of_scope", "must state that the model never makes or automates a decision"
            )
        )

    need("labels", data.labels, "missing (no evaluation results for this model)")
    for label in data.labels:
        where = f"labels[{label.name}]"
        for metric in ("auroc", "average_precision", "brier", "ece"):
            m = label.calibrated.get(metric)
            if m is None or m.value is None:
                err.append(ValidationIssue(f"{where}.metrics.{metric}", "missing"))
            elif m.low is None or m.high is None:
                err.append(ValidationIssue(f"{where}.metrics.{metric}", "no confidence interval"))
        need(f"{where}.operating_points", label.operating_points)
        for p in label.operating_points:
            if p.threshold is None:
                err.append(
                    ValidationIssue(f"{where}.operating_points[{p.name}].threshold", "missing")
                )
        need(f"{where}.sentences", label.sentences)
    ev = data.evaluation
    if data.labels:
        need("evaluation.n_test", ev.n_test)
        need("evaluation.model_version", ev.model_version)
    td = data.training_data
    if td.synthetic is None:
        err.append(
            ValidationIssue(
                "training_data.synthetic",
                "unknown: give the data card (--data-card) or training_data.synthetic in the "
                "deployer file",
            )
        )
    need("training_data.summary", td.summary)

    if data.ethics is None:
        err.append(ValidationIssue("ethics", "missing"))
    else:
        for principle, points in data.ethics.by_principle():
            if not points:
                err.append(ValidationIssue(f"ethics.{principle}", "no points"))
            for point in points:
                if not point.evidence:
                    err.append(
                        ValidationIssue(
                            f"ethics.{principle}", f"no evidence for {point.statement!r}"
                        )
                    )

    for item in data.atrs.fields():
        name = f"atrs.{item.key}"
        if item.pending:
            report.pending.append(ValidationIssue(name, f"{item.title} ({item.section_title})"))
        elif not item.value.strip():
            err.append(ValidationIssue(name, f"{item.title}: missing"))

    # A value is reported where it was given; copies of it in derived text (the ATRS
    # organisation quoted in the ethics evidence) are not reported again.
    reported: list[str] = []
    for path, text in _walk(data, ""):
        if text.strip() == DEPLOYER_MARKER:
            continue
        if path.startswith("ethics.") and any(value in text for value in reported):
            continue
        found = find_placeholder(text)
        if found:
            reported.append(text.strip())
            err.append(ValidationIssue(path, f"contains a placeholder ({found})"))
    return report
