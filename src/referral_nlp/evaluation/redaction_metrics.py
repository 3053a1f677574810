"""Scoring redaction against gold PII spans, character by character.

A redactor's output is scored type-agnostically: for each document, a list of predicted
``(start, end)`` character spans (end exclusive; they may overlap). What matters for privacy is
which characters get hidden, not which label the redactor gave them, so the measures work on
per-document character masks. Only *alphanumeric* characters (``str.isalnum``: Unicode letters
and digits) count anywhere: leaving a space, comma or bracket of a name visible reveals nothing.

**Span recall** (type-agnostic)
    A gold span counts as *found* only if **all** of its alphanumeric characters lie inside the
    union of the predicted spans; hiding "John" but not "Smith" leaves the person identifiable,
    so it is a miss. Punctuation or spaces left visible inside a span do not matter, and neither
    does a span being covered by several predicted spans. Gold spans with no alphanumeric
    character are ignored. With ``types``, only gold spans with those labels count towards span
    recall; ``per_type`` still reports every gold label.

**Precision**
    The share of predicted spans that overlap (share at least one character with) at least one
    gold span of *any* label: redacting a gold mention of a type outside ``types`` is not a
    false positive. Predicted spans with no alphanumeric character are ignored. Each predicted
    span counts once, as given, even if it overlaps another.

**F2** = 5PR / (4P + R), 0 when both are 0. Recall weighs four times as much as precision:
    a missed name is worse than an over-redacted word.

**Over-redaction**
    Among the alphanumeric characters outside every gold span (of any label), the share that
    lies inside the union of predicted spans: how much of the non-PII text was hidden.

**Leaked fragments**
    The number of predicted spans that start or end inside a word (a run of alphanumerics)
    that a gold span covers: "<URL>ith@..." for "jane.smith@...". Span recall already misses
    such a span, but a leaked fragment is worse than a miss of the same size: the redaction
    marks the place and shows part of the value. The goal is 0.

A measure whose denominator is empty (no gold spans scored, no predicted spans, no text outside
gold spans) is 0.0; the counts in :class:`RedactionScores` and :class:`TypeRecall` say when that
happened. ``n_gold_spans`` and ``n_predicted_spans`` count the spans that entered span recall
and precision, i.e. after the ``types`` filter and the alphanumeric rule.
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from referral_nlp.evaluation.pii_datasets import LabelledDocument

logger = logging.getLogger(__name__)

__all__ = ["RedactionScores", "TypeRecall", "format_scores_table", "score_redaction"]


@dataclass(frozen=True)
class TypeRecall:
    """Span recall for one gold label (spans with an alphanumeric character only)."""

    label: str
    found: int
    total: int
    recall: float


@dataclass(frozen=True)
class RedactionScores:
    """Scores of one system on one labelled set; see the module docstring for definitions."""

    n_documents: int
    n_gold_spans: int
    n_predicted_spans: int
    span_recall: float
    precision: float
    f2: float
    over_redaction: float
    per_type: dict[str, TypeRecall]
    leaked_fragments: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict; ``per_type`` maps label -> ``{label, found, total, recall}``."""
        return asdict(self)


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f2(precision: float, recall: float) -> float:
    denom = 4 * precision + recall
    return 5 * precision * recall / denom if denom else 0.0


def _alnum_mask(text: str) -> np.ndarray:
    # map() calls the C-level str.isalnum per character: ~20 ms for TAB's 650k characters, and
    # exactly Python's Unicode notion of a letter or digit (a regex class would differ slightly).
    return np.fromiter(map(str.isalnum, text), dtype=bool, count=len(text))


def _union_mask(starts: np.ndarray, ends: np.ndarray, n: int) -> np.ndarray:
    """Characters covered by at least one ``[start, end)``: +1 at each start, -1 at each end."""
    delta = np.bincount(starts, minlength=n + 1) - np.bincount(ends, minlength=n + 1)
    return np.cumsum(delta[:n]) > 0


def _prefix(mask: np.ndarray) -> np.ndarray:
    """``out[j] - out[i]`` = number of True in ``mask[i:j]``, for whole arrays of spans at once."""
    out = np.zeros(mask.size + 1, dtype=np.int64)
    np.cumsum(mask, out=out[1:])
    return out


def _predicted_array(
    spans: Sequence[Sequence[int]], index: int, doc: LabelledDocument
) -> np.ndarray:
    """``(k, 2)`` int64 array of one document's predicted spans, checked against its text."""
    where = f"predictions[{index}] (doc_id {doc.doc_id!r}, len(text)={len(doc.text)})"
    try:
        # operator.index accepts ints and numpy integers but refuses floats and strings, so a
        # fractional offset fails here instead of being truncated.
        pairs = [(operator.index(s), operator.index(e)) for s, e in spans]
    except (TypeError, ValueError):
        raise ValueError(
            f"{where}: expected a list of (start, end) pairs of integers; some item is not a "
            "pair of integers (a float, a string, a triple?). Pass one list of (start, end) "
            "tuples per document, type-agnostic."
        ) from None
    arr = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    if arr.size:
        bad = (arr[:, 0] < 0) | (arr[:, 0] > arr[:, 1]) | (arr[:, 1] > len(doc.text))
        if bad.any():
            k = int(np.argmax(bad))
            raise ValueError(
                f"{where}, span {k}: ({arr[k, 0]}, {arr[k, 1]}) is out of range; expected "
                f"0 <= start <= end <= {len(doc.text)} (character offsets into that document's "
                "text, end exclusive). Check the predictions are in the same order as the "
                "documents and offset into the original, unredacted text."
            )
    return arr


def _leaked_fragments(
    alnum: np.ndarray, gold_mask: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> int:
    """Predicted spans with an edge inside a word that some gold span covers."""
    n = alnum.size
    if n == 0 or starts.size == 0:
        return 0
    # Word number of every character (meaningful on alphanumerics only).
    word_start = alnum & ~np.concatenate(([False], alnum[:-1]))
    word_id = np.cumsum(word_start)
    covered = np.zeros(int(word_id[-1]) + 1, dtype=bool)
    covered[word_id[alnum & gold_mask]] = True

    def inside(edges: np.ndarray) -> np.ndarray:
        ok = (edges > 0) & (edges < n)
        out = np.zeros(edges.size, dtype=bool)
        idx = edges[ok]
        out[ok] = alnum[idx - 1] & alnum[idx] & covered[word_id[idx]]
        return out

    return int((inside(starts) | inside(ends)).sum())


def score_redaction(
    documents: Sequence[LabelledDocument],
    predictions: Sequence[Sequence[tuple[int, int]]],
    *,
    types: Collection[str] | None = None,
) -> RedactionScores:
    """Score predicted spans against gold spans; ``predictions[i]`` belongs to ``documents[i]``.

    ``types`` limits which gold labels count towards span recall (``per_type`` always covers
    every gold label, and precision and over-redaction always use every gold span).
    """
    if len(documents) != len(predictions):
        raise ValueError(
            f"expected one list of predicted spans per document: {len(documents)} documents but "
            f"{len(predictions)} prediction lists. Pass predictions in document order, with an "
            "empty list for a document where nothing was redacted."
        )
    if isinstance(types, str):
        # A bare string is a Collection of its characters: "PERSON" would score nothing.
        raise ValueError(
            f"types: expected a collection of labels, got the string {types!r}; "
            f"wrap it in a list: types=[{types!r}]."
        )
    scored_types = None if types is None else frozenset(types)

    gold_total = gold_found = 0
    pred_total = pred_hit = 0
    outside_total = outside_redacted = 0
    leaked = 0
    # label -> [found, total]
    per_type: dict[str, list[int]] = {}

    for index, (doc, doc_preds) in enumerate(zip(documents, predictions, strict=True)):
        n = len(doc.text)
        pred = _predicted_array(doc_preds, index, doc)
        alnum = _alnum_mask(doc.text)
        alnum_prefix = _prefix(alnum)

        pred_mask = _union_mask(pred[:, 0], pred[:, 1], n)
        g_starts = np.fromiter((s.start for s in doc.spans), dtype=np.int64, count=len(doc.spans))
        g_ends = np.fromiter((s.end for s in doc.spans), dtype=np.int64, count=len(doc.spans))
        # Loaders validate gold spans, but a hand-built LabelledDocument may not be; an offset
        # past the text would otherwise surface as an IndexError deep in numpy.
        bad_gold = (g_starts < 0) | (g_starts >= g_ends) | (g_ends > n)
        if bad_gold.any():
            k = int(np.argmax(bad_gold))
            raise ValueError(
                f"documents[{index}] (doc_id {doc.doc_id!r}) gold span {k}: "
                f"({g_starts[k]}, {g_ends[k]}) breaks 0 <= start < end <= len(text)={n}; "
                "build documents with the loaders in referral_nlp.evaluation.pii_datasets."
            )
        gold_mask = _union_mask(g_starts, g_ends, n)

        # Recall: a gold span is found when none of its alphanumerics escaped the predictions.
        missed_prefix = _prefix(alnum & ~pred_mask)
        has_alnum = (alnum_prefix[g_ends] - alnum_prefix[g_starts]) > 0
        found = has_alnum & ((missed_prefix[g_ends] - missed_prefix[g_starts]) == 0)
        for span, span_has_alnum, span_found in zip(doc.spans, has_alnum, found, strict=True):
            counts = per_type.setdefault(span.label, [0, 0])
            if not span_has_alnum:
                continue
            counts[0] += int(span_found)
            counts[1] += 1
            if scored_types is None or span.label in scored_types:
                gold_found += int(span_found)
                gold_total += 1

        # Precision: predicted spans with some alphanumeric, touching any gold character.
        p_starts, p_ends = pred[:, 0], pred[:, 1]
        counted = (alnum_prefix[p_ends] - alnum_prefix[p_starts]) > 0
        gold_prefix = _prefix(gold_mask)
        hits = counted & ((gold_prefix[p_ends] - gold_prefix[p_starts]) > 0)
        pred_total += int(counted.sum())
        pred_hit += int(hits.sum())

        leaked += _leaked_fragments(alnum, gold_mask, p_starts, p_ends)

        # Over-redaction: alphanumerics outside all gold spans that were hidden anyway.
        outside = alnum & ~gold_mask
        outside_total += int(outside.sum())
        outside_redacted += int((outside & pred_mask).sum())

    if scored_types is not None:
        unknown = sorted(scored_types - per_type.keys())
        if unknown:
            # Most likely a naming mismatch (LOCATION vs LOC), which would quietly drop spans.
            logger.warning(
                "types %s match no gold label; gold labels are %s", unknown, sorted(per_type)
            )

    recall = _ratio(gold_found, gold_total)
    precision = _ratio(pred_hit, pred_total)
    return RedactionScores(
        n_documents=len(documents),
        n_gold_spans=gold_total,
        n_predicted_spans=pred_total,
        span_recall=recall,
        precision=precision,
        f2=_f2(precision, recall),
        over_redaction=_ratio(outside_redacted, outside_total),
        leaked_fragments=leaked,
        per_type={
            label: TypeRecall(label, f, t, _ratio(f, t))
            for label, (f, t) in sorted(per_type.items())
        },
    )


def format_scores_table(rows: Mapping[str, RedactionScores], *, types_note: str = "") -> str:
    """Plain-text table: one column per system (the mapping's keys), one row per metric.

    Rows: span recall, precision, F2, over-redaction, then recall for each gold label (most
    frequent first) with its span count. A label's count goes in the row name when every system
    that has the label counted the same spans, otherwise into each cell; "-" marks a system
    without that label. ``types_note`` (e.g. which
    labels span recall counts) is printed under the table.
    """
    if not rows:
        raise ValueError("format_scores_table: expected at least one system's scores, got none.")
    systems = list(rows)
    scores = list(rows.values())

    table: list[list[str]] = [["metric", *systems]]
    for name, attr in (
        ("span recall", "span_recall"),
        ("precision", "precision"),
        ("F2", "f2"),
        ("over-redaction", "over_redaction"),
    ):
        table.append([name, *(f"{getattr(s, attr):.3f}" for s in scores)])
    table.append(["leaked fragments", *(str(s.leaked_fragments) for s in scores)])

    totals: dict[str, set[int]] = {}
    for s in scores:
        for label, tr in s.per_type.items():
            totals.setdefault(label, set()).add(tr.total)
    for label in sorted(totals, key=lambda lab: (-max(totals[lab]), lab)):
        # A system scored on other documents may lack the label ("-"); only differing counts
        # among the systems that have it force a count into every cell.
        same_gold = len(totals[label]) == 1
        name = f"  {label} (n={next(iter(totals[label]))})" if same_gold else f"  {label}"
        cells = []
        for s in scores:
            tr = s.per_type.get(label)
            if tr is None:
                cells.append("-")
            else:
                cells.append(f"{tr.recall:.3f}" if same_gold else f"{tr.recall:.3f} (n={tr.total})")
        table.append([name, *cells])

    widths = [max(len(r[c]) for r in table) for c in range(len(table[0]))]
    lines = []
    for i, r in enumerate(table):
        # Metric names left-aligned, numbers right-aligned so the decimals line up.
        cells = [cell.rjust(w) for cell, w in zip(r[1:], widths[1:], strict=True)]
        lines.append("  ".join([r[0].ljust(widths[0]), *cells]).rstrip())
        if i == 0:
            lines.append("-" * len(lines[0]))
    if len({(s.n_documents, s.n_gold_spans) for s in scores}) == 1:
        lines.append(
            f"{scores[0].n_documents} documents, {scores[0].n_gold_spans} gold spans in span "
            "recall; per-label rows: recall of that label's spans."
        )
    if types_note:
        lines.append(types_note)
    return "\n".join(lines)
