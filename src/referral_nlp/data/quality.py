"""Data-quality summary of validated case records: counts, missingness, label rates, text lengths.

The report holds counts and rates only, never text content or ids, so it can go into a data
card or a log. Label rates are shown overall and per group (sex, ethnicity, age band,
disability, deprivation quintile, coded by :mod:`referral_nlp.data.groups`; a missing value is
``not recorded``) because a model's per-group results only mean something next
to the per-group base rates.
"""

from __future__ import annotations

import logging
import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from referral_nlp.data.groups import (
    GROUP_ATTRIBUTES,
    SOURCE_FIELDS,
    age_band,
    deprivation_quintile,
    group_code,
    sorted_codes,
)
from referral_nlp.data.schema import FIELDS, LABELS
from referral_nlp.data.values import is_blank

logger = logging.getLogger(__name__)

# age_band and deprivation_quintile are re-exported for callers of this module's old helpers.
__all__ = [
    "GROUPS",
    "DataQualityReport",
    "GroupRates",
    "TextLengths",
    "age_band",
    "data_quality_summary",
    "deprivation_quintile",
    "percentile",
]

TEXT_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind == "text")
#: The grouping attributes, coded by :mod:`referral_nlp.data.groups` like every per-group table.
GROUPS: tuple[str, ...] = GROUP_ATTRIBUTES


def _group_value(record: Mapping[str, Any], group: str) -> str:
    return group_code(group, record.get(SOURCE_FIELDS[group]))


def _is_missing(value: Any) -> bool:
    return is_blank(value) or value == []


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolation percentile (numpy's default), ``q`` from 0 to 100."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class GroupRates:
    """Label rates in one group: ``n`` records, per label how many are labelled and positive."""

    group: str
    value: str
    n: int
    labelled: dict[str, int]
    positives: dict[str, int]

    def rate(self, label: str) -> float | None:
        known = self.labelled.get(label, 0)
        return self.positives.get(label, 0) / known if known else None


@dataclass(frozen=True)
class TextLengths:
    """Word counts of one text field over the records that have it."""

    field: str
    n: int
    min: int
    median: float
    p95: float
    max: int


@dataclass
class DataQualityReport:
    """What :func:`data_quality_summary` finds; :meth:`to_markdown` renders it as tables."""

    n_rows: int
    n_families: int
    n_children: int
    missingness: dict[str, float]
    label_rates: list[GroupRates] = field(default_factory=list)
    text_lengths: list[TextLengths] = field(default_factory=list)
    closure_date_range: tuple[str, str] | None = None

    @property
    def overall(self) -> GroupRates:
        return self.label_rates[0]

    def rates_for(self, group: str) -> dict[str, GroupRates]:
        """``{value: GroupRates}`` for one group (``child_sex``, ``age_band``, ...)."""
        return {r.value: r for r in self.label_rates if r.group == group}

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for row, rates in zip(data["label_rates"], self.label_rates, strict=True):
            row["rates"] = {label: rates.rate(label) for label in LABELS}
        return data

    def to_markdown(self, title: str = "Data quality summary") -> str:
        def pct(x: float | None) -> str:
            return "n/a" if x is None else f"{100 * x:.1f}%"

        lines = [
            f"# {title}",
            "",
            "| rows | families | children | closures from | closures to |",
            "|---:|---:|---:|---|---|",
        ]
        first, last = self.closure_date_range or ("n/a", "n/a")
        lines += [
            f"| {self.n_rows} | {self.n_families} | {self.n_children} | {first} | {last} |",
            "",
            "## Missingness",
            "",
            "Share of records without a value (an empty list for assessment_factors).",
            "",
            "| field | missing |",
            "|---|---:|",
        ]
        lines += [f"| {name} | {pct(share)} |" for name, share in self.missingness.items()]
        lines += [
            "",
            "## Label rates",
            "",
            "Positive share among labelled records (positives / labelled).",
            "",
            "| group | value | n | " + " | ".join(LABELS) + " |",
            "|---|---|---:|" + "---:|" * len(LABELS),
        ]
        for r in self.label_rates:
            cells = [f"{pct(r.rate(lab))} ({r.positives[lab]}/{r.labelled[lab]})" for lab in LABELS]
            lines.append(f"| {r.group} | {r.value} | {r.n} | " + " | ".join(cells) + " |")
        lines += [
            "",
            "## Text length (words)",
            "",
            "| field | n | min | median | p95 | max |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {t.field} | {t.n} | {t.min} | {t.median:g} | {t.p95:.1f} | {t.max} |"
            for t in self.text_lengths
        ]
        return "\n".join(lines) + "\n"


def _rates(group: str, value: str, records: list[Mapping[str, Any]]) -> GroupRates:
    labelled = {lab: sum(1 for r in records if r.get(lab) is not None) for lab in LABELS}
    positives = {lab: sum(1 for r in records if r.get(lab) == 1) for lab in LABELS}
    return GroupRates(group, value, len(records), labelled, positives)


def data_quality_summary(records: Iterable[Mapping[str, Any]]) -> DataQualityReport:
    """Summarise validated, schema-named records (a list of dicts or a ``datasets.Dataset``)."""
    records = list(records)
    n = len(records)
    missingness = {
        spec.name: (sum(1 for r in records if _is_missing(r.get(spec.name))) / n if n else 0.0)
        for spec in FIELDS
    }
    label_rates = [_rates("overall", "all", records)]
    for group in GROUPS:
        members: dict[str, list[Mapping[str, Any]]] = {}
        for r in records:
            members.setdefault(_group_value(r, group), []).append(r)
        label_rates += [_rates(group, value, members[value]) for value in sorted_codes(members)]

    text_lengths = []
    for name in TEXT_FIELDS:
        words = [len(str(r[name]).split()) for r in records if not _is_missing(r.get(name))]
        if words:
            text_lengths.append(
                TextLengths(
                    name,
                    len(words),
                    min(words),
                    float(statistics.median(words)),
                    percentile(words, 95),
                    max(words),
                )
            )
    closures = sorted(str(r["closure_date"]) for r in records if r.get("closure_date"))
    report = DataQualityReport(
        n_rows=n,
        n_families=len({r.get("family_id") for r in records} - {None}),
        n_children=len({r.get("child_id") for r in records} - {None}),
        missingness=missingness,
        label_rates=label_rates,
        text_lengths=text_lengths,
        closure_date_range=(closures[0], closures[-1]) if closures else None,
    )
    logger.debug("data-quality summary of %d records", n)
    return report
