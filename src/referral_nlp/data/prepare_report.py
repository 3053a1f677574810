"""The preparation report: what ``referral-nlp prepare`` read, kept, left out and why.

One set of numbers, written twice: ``prepare_report.json`` (for tools) and
``prepare_report.md`` (for people). It holds counts, rates and row numbers only: never an id, a
date of birth, a code's value or a word of text, so it can be shared with a governance board.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from referral_nlp.data.schema import LABELS

ALPHA = 0.05


def label_rate(values: Iterable[int | None]) -> dict[str, Any]:
    """``{n, positives, rate, low, high}`` with a 95% Wilson interval (rate None when n is 0)."""
    from scipy.stats import binomtest

    known = [v for v in values if v is not None]
    n, k = len(known), sum(known)
    if n == 0:
        return {"n": 0, "positives": 0, "rate": None, "low": None, "high": None}
    ci = binomtest(k, n).proportion_ci(1 - ALPHA, method="wilson")
    return {"n": n, "positives": k, "rate": k / n, "low": ci.low, "high": ci.high}


def label_rates(records: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    return {label: label_rate(r.get(label) for r in records) for label in LABELS}


def rates_by_closure_year(records: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    by_year: dict[str, list[Mapping[str, Any]]] = {}
    for r in records:
        by_year.setdefault(str(r["closure_date"])[:4], []).append(r)
    return {year: label_rates(part) for year, part in sorted(by_year.items())}


@dataclass
class PrepareReport:
    """Every number of one preparation (see the module docstring)."""

    source: dict[str, Any]
    extract_date: str
    extract_date_source: str  # "given" or "latest date in the data"
    settings: dict[str, Any]
    steps: list[dict[str, Any]]
    excluded: dict[str, dict[str, Any]]
    splits: dict[str, int]
    left_out_by_split: int
    label_rates: dict[str, Any]
    data_errors: list[dict[str, Any]] = field(default_factory=list)
    leakage_checks: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_markdown(self) -> str:
        lines = [
            "# Preparation report",
            "",
            f"Source: {self.source.get('kind')}. Extract date: **{self.extract_date}** "
            f"({self.extract_date_source}). Counts and rates only: no ids, dates of birth, "
            "codes or text.",
            "",
        ]
        lines += _settings_section(self.settings)
        lines += ["## Counts at each step", "", "| step | count |", "|---|---:|"]
        lines += [f"| {s['step']} | {s['count']:,} |" for s in self.steps]
        lines += [
            "",
            "## Left out, by reason",
            "",
            "| reason | count | meaning |",
            "|---|---:|---|",
        ]
        lines += [
            f"| {reason} | {e['count']:,} | {e['meaning']} |" for reason, e in self.excluded.items()
        ]
        if not self.excluded:
            lines.append("| (none) | 0 | |")
        lines += ["", "## Splits", "", "| split | records |", "|---|---:|"]
        lines += [f"| {name} | {n:,} |" for name, n in self.splits.items()]
        lines += [f"| left out by the family-and-time split | {self.left_out_by_split:,} |", ""]
        lines += _rates_section(self.label_rates)
        lines += _errors_section(self.data_errors)
        if self.leakage_checks:
            lines += ["## Leakage checks", ""]
            lines += [f"- {name}: {result}" for name, result in self.leakage_checks.items()]
            lines.append("")
        if self.notes:
            lines += ["## Notes", ""] + [f"- {note}" for note in self.notes] + [""]
        return "\n".join(lines).rstrip() + "\n"


def _settings_section(settings: Mapping[str, Any]) -> list[str]:
    if not settings:
        return []
    lines = ["## Settings", ""]
    lines += [f"- {key}: {value}" for key, value in settings.items()]
    return [*lines, ""]


def _pct(value: float | None) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value:.1%}"


def _rate_cell(rate: Mapping[str, Any]) -> str:
    if not rate["n"]:
        return "n/a (0)"
    return (
        f"{_pct(rate['rate'])} ({_pct(rate['low'])}-{_pct(rate['high'])}; "
        f"{rate['positives']:,}/{rate['n']:,})"
    )


def _rates_section(rates: Mapping[str, Any]) -> list[str]:
    header = "| " + " | ".join(LABELS) + " |"
    lines = [
        "## Label rates (95% Wilson intervals)",
        "",
        "| group | " + header[2:],
        "|---|" + "---|" * len(LABELS),
    ]
    rows: list[tuple[str, Mapping[str, Any]]] = [("all labelled records", rates["overall"])]
    rows += [(f"split {name}", r) for name, r in rates.get("by_split", {}).items()]
    rows += [(f"closed in {year}", r) for year, r in rates.get("by_closure_year", {}).items()]
    for name, by_label in rows:
        lines.append(
            f"| {name} | " + " | ".join(_rate_cell(by_label[lab]) for lab in LABELS) + " |"
        )
    return [*lines, ""]


def _errors_section(errors: Sequence[Mapping[str, Any]]) -> list[str]:
    lines = ["## Data errors", ""]
    if not errors:
        return [*lines, "None found.", ""]
    lines += ["| table | column | problem | count | where |", "|---|---|---|---:|---|"]
    lines += [
        f"| {e['table']} | {e['column']} | {e['kind']} | {e['count']:,} | {e['where']} |"
        for e in errors
    ]
    return [*lines, ""]
