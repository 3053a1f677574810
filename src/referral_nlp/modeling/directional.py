"""Directional sanity: does the model move the right way when one risk factor changes?

A pair is two fictional notes that differ in **one sentence** carrying one risk factor
(current versus no domestic abuse, current versus historic, a concern versus its negation, an
unexplained versus an explained injury, not engaging versus engaging, disguised compliance
versus real change, no protective adult versus one, escalating versus single, severe versus
minor, the child's worry versus feeling safe); the ``higher`` note should score above the
``lower`` one. Structured fields are the same on both sides, so only the text can move the
score. ``direction_labels`` names the labels the direction holds for (both by default).

Pairs file (JSONL), one pair a line::

    {"factor": "domestic_abuse_current", "direction_labels": ["re_referral_12m"],
     "higher": {"text": "...", "child_age": 7, ...}, "lower": {"text": "...", ...}}

:func:`directional_accuracy` scores both sides with a predictor's logits (calibration is
monotone, but an isotonic step can tie two different scores) and counts a pair as right only
when ``higher`` scores strictly above ``lower``. :func:`explanation_agreement` asks whether the
sentence that differs is among the top two explaining sentences of its note with the sign of
the pair's direction, ranked as the explanation lists them (raised, then lowered) or, more
strictly, among all sentences. Texts are redacted first when a redactor is given, so the model sees
what it saw in training.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from referral_nlp.data.schema import LABELS
from referral_nlp.errors import UserError
from referral_nlp.io import InputError

__all__ = [
    "RANKINGS",
    "differing_sentence",
    "directional_accuracy",
    "explanation_agreement",
    "explanation_agreements",
    "format_directional",
    "load_pairs",
    "pairs_to_jsonl",
]


def load_pairs(path: str | Path) -> list[dict[str, Any]]:
    """Pairs from a JSONL file, checked: each needs ``factor`` and ``higher``/``lower`` texts."""
    from referral_nlp.io import read_records

    records = read_records(path, "jsonl")
    for where, pair in zip(records.locations, records, strict=True):
        _check_pair(pair, f"{path}, {where}")
    return list(records)


def _check_pair(pair: Any, where: str) -> None:
    if not isinstance(pair, Mapping) or not isinstance(pair.get("factor"), str):
        raise InputError(f"{where}: expected a pair with a string 'factor'.")
    for side in ("higher", "lower"):
        note = pair.get(side)
        if not isinstance(note, Mapping) or not isinstance(note.get("text"), str):
            raise InputError(f"{where}: expected '{side}' to be an object with a string 'text'.")
    labels = pair.get("direction_labels", list(LABELS))
    if not isinstance(labels, list) or not all(isinstance(lb, str) for lb in labels):
        raise InputError(f"{where}: expected 'direction_labels' to be a list of label names.")


#: How :func:`explanation_agreement` ranks a note's sentences, in words for reports.
RANKINGS = {
    "listed": (
        "among the sentences that moved the score the pair's way, as the explanation lists them"
    ),
    "overall": "among all the note's sentences, by the size of their effect either way",
}


def _applies(pair: Mapping[str, Any], label: str) -> bool:
    return label in pair.get("direction_labels", LABELS)


def redacted_notes(pairs: Sequence[Mapping[str, Any]], redactor: Any) -> list[dict[str, Any]]:
    """Both sides of every pair as records (redacted when a redactor is given)."""
    notes = []
    for i, pair in enumerate(pairs):
        for side in ("higher", "lower"):
            notes.append({**pair[side], "id": f"pair{i}-{side}"})
    if redactor is not None:
        texts = [r.redacted_text for r in redactor.redact_many([n["text"] for n in notes])]
        if len(texts) != len(notes):
            raise RuntimeError("redaction returned the wrong number of texts.")
        notes = [{**n, "text": t} for n, t in zip(notes, texts, strict=True)]
    return notes


def directional_accuracy(
    predictor: Any,
    pairs: Sequence[Mapping[str, Any]],
    *,
    label: str = "re_referral_12m",
    redactor: Any = None,
    notes: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Share of the pairs that apply to ``label`` that the model orders correctly.

    ``predictor`` is a :class:`~referral_nlp.modeling.predict.RiskPredictor` (anything with
    ``labels`` and ``predict_logits(records)``). Returns::

        {"label": ..., "n_pairs": 42, "n_correct": 39, "accuracy": 0.93,
         "by_factor": {factor: {"n": 6, "n_correct": 6, "accuracy": 1.0}},
         "mean_margin": 0.41}   # mean logit(higher) - logit(lower)

    A tie counts as wrong. No text or score of a single pair is returned. ``notes``: both
    sides already redacted (from an earlier call), to redact once for several labels.
    """
    pairs = list(pairs)
    if not pairs:
        raise UserError("pairs: expected at least one pair, got none.")
    for i, pair in enumerate(pairs):
        _check_pair(pair, f"pair {i}")
    labels = list(predictor.labels)
    if label not in labels:
        raise ValueError(f"label: the model predicts {labels}, not {label!r}.")
    notes = list(notes) if notes is not None else redacted_notes(pairs, redactor)
    logits, _ = predictor.predict_logits(notes)
    column = np.asarray(logits)[:, labels.index(label)]
    margins = column[0::2] - column[1::2]
    by_factor: dict[str, list[float]] = defaultdict(list)
    kept = []
    for pair, margin in zip(pairs, margins, strict=True):
        if _applies(pair, label):
            by_factor[pair["factor"]].append(float(margin))
            kept.append(float(margin))
    if not kept:
        raise UserError(f"pairs: none applies to {label!r}.")
    n_correct = int(np.sum(np.asarray(kept) > 0))
    return {
        "label": label,
        "n_pairs": len(kept),
        "n_correct": n_correct,
        "accuracy": n_correct / len(kept),
        "mean_margin": float(np.mean(kept)),
        "by_factor": _by_factor({f: [m > 0 for m in v] for f, v in by_factor.items()}),
    }


def _by_factor(hits: Mapping[str, Sequence[bool]]) -> dict[str, dict[str, Any]]:
    return {
        factor: {"n": len(v), "n_correct": int(sum(v)), "accuracy": sum(v) / len(v)}
        for factor, v in sorted(hits.items())
    }


def differing_sentence(a: str, b: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Spans of the one sentence that differs between two notes (in each), or None.

    The notes must have the same number of sentences (:func:`~.sentences.split_sentences`) and
    differ in exactly one.
    """
    from referral_nlp.modeling.sentences import split_sentences

    sa, sb = split_sentences(a), split_sentences(b)
    if len(sa) != len(sb):
        return None
    differ = [
        i for i, (x, y) in enumerate(zip(sa, sb, strict=True)) if a[x[0] : x[1]] != b[y[0] : y[1]]
    ]
    return (sa[differ[0]], sb[differ[0]]) if len(differ) == 1 else None


def explanation_agreement(
    explainer: Any,
    pairs: Sequence[Mapping[str, Any]],
    *,
    label: str = "re_referral_12m",
    redactor: Any = None,
    notes: Sequence[Mapping[str, Any]] | None = None,
    top: int = 2,
    ranking: str = "listed",
) -> dict[str, Any]:
    """Share of pairs whose differing sentence the explanation names, with the right sign.

    A pair agrees when, in the ``higher`` note, the differing sentence is among the ``top``
    explaining sentences and raises the score, **or**, in the ``lower`` note, it is among the
    ``top`` and lowers the score: a risk statement should be what raises the higher note, a
    protective or reassuring one what lowers the lower note (a negated concern may rightly
    carry no weight of its own, so the rule asks for one side, not both). Pairs whose redacted
    notes do not differ in exactly one sentence are counted as not checkable.

    ``ranking`` says which sentences count as the top ones (see :data:`RANKINGS`):
    ``"listed"`` ranks the sentences that move the score the pair's way, as the explanation a
    reviewer reads lists them (what raised the score, then what lowered it:
    :meth:`~referral_nlp.modeling.explain.OcclusionExplainer.explain`); ``"overall"`` ranks
    every sentence by the size of its effect, either way, which is stricter: a note with
    several reassuring sentences can push a raising one out of its top two.
    """
    return explanation_agreements(
        explainer, pairs, label=label, redactor=redactor, notes=notes, top=top, rankings=(ranking,)
    )[ranking]


def explanation_agreements(
    explainer: Any,
    pairs: Sequence[Mapping[str, Any]],
    *,
    label: str = "re_referral_12m",
    redactor: Any = None,
    notes: Sequence[Mapping[str, Any]] | None = None,
    top: int = 2,
    rankings: Sequence[str] = tuple(RANKINGS),
) -> dict[str, dict[str, Any]]:
    """:func:`explanation_agreement` for several rankings, ``{ranking: result}``, explaining
    each note once (occlusion re-scores a note once per sentence, the costly part)."""
    for ranking in rankings:
        if ranking not in RANKINGS:
            raise ValueError(f"ranking: expected one of {sorted(RANKINGS)}, got {ranking!r}.")
    pairs = list(pairs)
    notes = list(notes) if notes is not None else redacted_notes(pairs, redactor)
    hits: dict[str, dict[str, list[bool]]] = {r: defaultdict(list) for r in rankings}
    sides = {r: {"higher": 0, "lower": 0} for r in rankings}
    unchecked = 0
    for i, pair in enumerate(pairs):
        if not _applies(pair, label):
            continue
        higher, lower = notes[2 * i], notes[2 * i + 1]
        spans = differing_sentence(higher["text"], lower["text"])
        if spans is None:
            unchecked += 1
            continue
        explained: dict[str, list[Any]] = {}  # each side explained at most once, when needed
        for ranking in rankings:
            ok = False
            for side, record, span, sign in (
                ("higher", higher, spans[0], 1.0), ("lower", lower, spans[1], -1.0),
            ):  # fmt: skip
                if side not in explained:
                    explained[side] = explainer.sentence_effects(record)[label]
                effects = explained[side]
                if ranking == "listed":
                    effects = [e for e in effects if sign * e.effect > 0]
                ranked = sorted(effects, key=lambda e: -abs(e.effect))[:top]
                if any(_overlaps(e, span) and sign * e.effect > 0 for e in ranked):
                    sides[ranking][side] += 1
                    ok = True
                    break
            hits[ranking][pair["factor"]].append(ok)
    out = {}
    for ranking in rankings:
        flat = [h for v in hits[ranking].values() for h in v]
        n_correct = int(sum(flat))
        out[ranking] = {
            "label": label,
            "top": top,
            "ranking": ranking,
            "n_pairs": len(flat),
            "n_correct": n_correct,
            "accuracy": n_correct / len(flat) if flat else float("nan"),
            "agreed_on": sides[ranking],
            "not_checkable": unchecked,
            "by_factor": _by_factor(hits[ranking]),
        }
    return out


def _overlaps(effect: Any, span: tuple[int, int]) -> bool:
    return effect.start < span[1] and span[0] < effect.end


def format_directional(result: Mapping[str, Any], title: str = "directional sanity") -> str:
    """A small text table of a result of this module (for logs and benchmarks)."""
    lines = [
        f"{title} ({result['label']}): {result['n_correct']}/{result['n_pairs']} pairs "
        f"({result['accuracy']:.0%})"
        + (f", mean logit margin {result['mean_margin']:+.3f}" if "mean_margin" in result else "")
    ]
    for factor, entry in result["by_factor"].items():
        lines.append(
            f"  {factor:<32} {entry['n_correct']:>3}/{entry['n']:<3} {entry['accuracy']:.0%}"
        )
    return "\n".join(lines)


def pairs_to_jsonl(pairs: Sequence[Mapping[str, Any]]) -> str:
    """JSONL text of pairs (one per line), e.g. to write a pairs file."""
    return "".join(json.dumps(dict(p), ensure_ascii=False) + "\n" for p in pairs)
