"""Directional sanity: does the model move the right way when one risk factor changes?

A pair is two fictional notes that differ only in one risk factor (current versus no domestic
abuse, an unexplained versus an explained injury, not engaging versus engaging, "concerns re
neglect" versus "no concerns re neglect", no protective grandparent versus one, "third PPN this
month" versus the first); the ``higher`` note should score above the ``lower`` one. Structured
fields are the same on both sides, so only the text can move the score.

Pairs file (JSONL), one pair a line::

    {"factor": "domestic_abuse_current", "higher": {"text": "...", "child_age": 7, ...},
     "lower": {"text": "...", ...}}

:func:`directional_accuracy` scores both sides with a :class:`RiskPredictor`'s raw logits
(calibration is monotone, but an isotonic step can tie two different scores) and counts a
pair as right only when ``higher`` scores strictly above ``lower``. Texts are redacted first
when a redactor is given, so the model sees what it saw in training.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from referral_nlp.io import InputError

__all__ = ["directional_accuracy", "format_directional", "load_pairs", "pairs_to_jsonl"]


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


def directional_accuracy(
    predictor: Any,
    pairs: Sequence[Mapping[str, Any]],
    *,
    label: str = "re_referral_12m",
    redactor: Any = None,
) -> dict[str, Any]:
    """Share of pairs the model orders correctly, overall and per factor.

    ``predictor`` is a :class:`~referral_nlp.modeling.predict.RiskPredictor` (anything with
    ``labels`` and ``predict_logits(records)``). Returns::

        {"label": ..., "n_pairs": 42, "n_correct": 39, "accuracy": 0.93,
         "by_factor": {factor: {"n": 6, "n_correct": 6, "accuracy": 1.0}},
         "mean_margin": 0.41}   # mean logit(higher) - logit(lower)

    A tie counts as wrong. No text or score of a single pair is returned.
    """
    pairs = list(pairs)
    if not pairs:
        raise ValueError("pairs: expected at least one pair, got none.")
    for i, pair in enumerate(pairs):
        _check_pair(pair, f"pair {i}")
    labels = list(predictor.labels)
    if label not in labels:
        raise ValueError(f"label: the model predicts {labels}, not {label!r}.")
    notes = []
    for i, pair in enumerate(pairs):
        for side in ("higher", "lower"):
            notes.append({**pair[side], "id": f"pair{i}-{side}"})
    if redactor is not None:
        texts = [r.redacted_text for r in redactor.redact_many([n["text"] for n in notes])]
        if len(texts) != len(notes):
            raise RuntimeError("redaction returned the wrong number of texts.")
        notes = [{**n, "text": t} for n, t in zip(notes, texts, strict=True)]
    logits, _ = predictor.predict_logits(notes)
    column = np.asarray(logits)[:, labels.index(label)]
    margins = column[0::2] - column[1::2]
    by_factor: dict[str, list[float]] = defaultdict(list)
    for pair, margin in zip(pairs, margins, strict=True):
        by_factor[pair["factor"]].append(float(margin))
    n_correct = int(np.sum(margins > 0))
    return {
        "label": label,
        "n_pairs": len(pairs),
        "n_correct": n_correct,
        "accuracy": n_correct / len(pairs),
        "mean_margin": float(np.mean(margins)),
        "by_factor": {
            factor: {
                "n": len(values),
                "n_correct": int(sum(m > 0 for m in values)),
                "accuracy": sum(m > 0 for m in values) / len(values),
            }
            for factor, values in sorted(by_factor.items())
        },
    }


def format_directional(result: Mapping[str, Any]) -> str:
    """A small text table of :func:`directional_accuracy`'s result (for logs and benchmarks)."""
    lines = [
        f"directional sanity ({result['label']}): {result['n_correct']}/{result['n_pairs']} "
        f"pairs ordered correctly ({result['accuracy']:.0%}), mean logit margin "
        f"{result['mean_margin']:+.3f}"
    ]
    for factor, entry in result["by_factor"].items():
        lines.append(
            f"  {factor:<32} {entry['n_correct']:>3}/{entry['n']:<3} {entry['accuracy']:.0%}"
        )
    return "\n".join(lines)


def pairs_to_jsonl(pairs: Sequence[Mapping[str, Any]]) -> str:
    """JSONL text of pairs (one per line), e.g. to write a pairs file."""
    return "".join(json.dumps(dict(p), ensure_ascii=False) + "\n" for p in pairs)
