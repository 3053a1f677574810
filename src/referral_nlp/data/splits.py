"""Train / validation / test splits that keep families apart and test on the latest closures.

Two things inflate a risk model's test results in this field: siblings (or the same child) in
both training and test data, and training on outcomes that were not yet observable when the
test cases closed. :func:`split_by_family_and_time` guards against both by construction and
:func:`check_no_leakage` / :func:`check_time_order` check any splits, fail loudly, and name
the split pair and how much overlaps.
"""

from __future__ import annotations

import hashlib
import logging
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from referral_nlp.errors import UserError

logger = logging.getLogger(__name__)

SPLITS: tuple[str, str, str] = ("train", "validation", "test")
#: The corpus's data card, beside its ``{split}.jsonl`` files (written by synth and prepare).
DATA_CARD_NAME = "data_card.md"
#: Columns that must not be shared by two splits, and the word for them in messages.
KEYS: tuple[tuple[str, str], ...] = (
    ("family_id", "families"),
    ("child_id", "children"),
    ("id", "ids"),
)
MAX_EXAMPLES = 3


class LeakageError(UserError):
    """Two splits share a family, child or id, or training data closes after the test period."""


class _Groups:
    """Union-find over family and child ids: a child seen in two families joins them."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def family_groups(records: Sequence[Mapping[str, Any]]) -> list[str]:
    """For each record, the key of its group: families joined by any child they share."""
    groups = _Groups()
    for r in records:
        groups.union(f"f:{r['family_id']}", f"c:{r['child_id']}")
    return [groups.find(f"f:{r['family_id']}") for r in records]


def _family_draw(key: str) -> float:
    """A fixed uniform draw per family group (sha256 of its key): chance, not outcomes, decides
    which families are held out, and the same family is held out whatever the seed."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:12], 16) / 16**12


def _closer(taken: int, size: int, target: int) -> bool:
    """Whether adding a group of ``size`` brings ``taken`` nearer ``target`` (or as near)."""
    return taken < target and (taken + size - target) <= (target - taken)


def split_by_family_and_time(
    records: Sequence[Mapping[str, Any]],
    *,
    test_fraction: float = 0.2,
    validation_fraction: float = 0.1,
    seed: int = 0,
) -> dict[str, list[Any]]:
    """Split into ``train``/``validation``/``test`` by family, with an out-of-time test set.

    The unit of splitting is the family group: a family, joined with any other family that
    shares a child (a child who moved household), so no family and no child is in two splits.

    - **test** is out of time and out of family: a fixed, random share of family groups is held
      out (a hash of the group key, not the seed), and test is their closures on or after a
      cut-off date; train and validation are the other groups' closures before it. This
      mirrors use: a model trained on earlier closures scores new families' cases closing now.
    - Records on the wrong side for their group (a held-out family's early closures, another
      family's late ones) are **left out** of every split, and their count logged. Choosing test
      families by their latest closure instead would select on outcomes: a family still being
      referred at the end of the data is one whose earlier closures were mostly re-referred, and
      on the synthetic corpus that inflated the test label rate from 25% to 39%. Chance and
      dates alone decide here, so every split keeps the population's label rates.
    - The shares are set so that test is about ``test_fraction`` of the records kept; about
      half of all records are kept at the default 0.2.
    - **validation** and **train**: the other groups, shuffled with ``random.Random(seed)``;
      a group goes to validation if that brings it nearer ``validation_fraction`` of the
      records, otherwise to train.

    Records keep their input order within each split and are the input objects (not copies).
    The result depends only on the records and ``seed``, not on the input order.
    """
    if not (0 <= test_fraction < 1 and 0 <= validation_fraction < 1):
        raise ValueError("test_fraction and validation_fraction: expected numbers from 0 to 1.")
    if test_fraction + validation_fraction >= 1:
        raise ValueError("test_fraction + validation_fraction: expected less than 1 (no train).")
    records = list(records)
    n = len(records)
    keys = family_groups(records)
    size: dict[str, int] = {}
    for key in keys:
        size[key] = size.get(key, 0) + 1

    closures = [str(record["closure_date"]) for record in records]
    # Late closures and test-eligible families are each a share x of the data, with
    # x / (1 - x) = sqrt(t / (1 - t)), so that test (late, eligible) is about t of what is kept.
    ratio = math.sqrt(test_fraction / (1 - test_fraction)) if test_fraction else 0.0
    share = ratio / (1 + ratio)
    late_count = round(share * n)
    cutoff = sorted(closures)[n - late_count] if late_count else None
    assignment: dict[str, str] = {}
    for key in size:
        if cutoff is not None and _family_draw(key) < share:
            assignment[key] = "test"

    rest = sorted(k for k in size if k not in assignment)
    random.Random(seed).shuffle(rest)
    # What each remaining group keeps: its closures before the cut-off.
    kept: dict[str, int] = dict.fromkeys(rest, 0)
    for key, closure in zip(keys, closures, strict=True):
        if key in kept and (cutoff is None or closure < cutoff):
            kept[key] += 1
    validation_target = round(validation_fraction / (1 - test_fraction) * sum(kept.values()))
    taken = 0
    for key in rest:  # in random order: a group that would overshoot is left for train
        if _closer(taken, kept[key], validation_target):
            assignment[key] = "validation"
            taken += kept[key]
        else:
            assignment[key] = "train"

    splits: dict[str, list[Any]] = {name: [] for name in SPLITS}
    dropped = 0
    for key, record, closure in zip(keys, records, closures, strict=True):
        name = assignment[key]
        late = cutoff is not None and closure >= cutoff
        if (name == "test") != late:
            dropped += 1  # a test family's early closure, or a training family's late one
            continue
        splits[name].append(record)
    if dropped:
        logger.info(
            "left out %d record(s): early closures of test families and late closures of the "
            "others (see split_by_family_and_time)",
            dropped,
        )
    for name, part in splits.items():
        if not part and n:
            logger.warning("split %s is empty (%d records in all)", name, n)
    logger.info(
        "split %d records into %s",
        n,
        ", ".join(f"{name} {len(part)}" for name, part in splits.items()),
    )
    return splits


def _column(split: Any, name: str) -> list[Any]:
    """One column of a split: a ``datasets.Dataset`` or a sequence of record dicts."""
    if hasattr(split, "column_names"):
        return list(split[name]) if name in split.column_names else []
    return [r.get(name) for r in split]


def check_no_leakage(
    splits: Mapping[str, Iterable[Mapping[str, Any]]] | Any,
) -> None:
    """Raise :class:`LeakageError` if two splits share a family, a child or a record id.

    ``splits`` is ``{name: records}`` or a ``datasets.DatasetDict``. The message names each
    split pair, how many families, children and ids they share, and the positions (record
    numbers, from 1) of up to three such records in the later split. It never quotes an id: an
    export's id column is typed by people and can hold a name.
    """
    names = list(splits.keys())
    columns = {name: {col: _column(splits[name], col) for col, _ in KEYS} for name in names}
    values = {
        name: {col: set(v) - {None} for col, v in cols.items()} for name, cols in columns.items()
    }
    lines: list[str] = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            counts = []
            for col, word in KEYS:
                shared = values[a][col] & values[b][col]
                if shared:
                    where = [n for n, v in enumerate(columns[b][col], start=1) if v in shared]
                    rows = ", ".join(map(str, where[:MAX_EXAMPLES]))
                    counts.append(f"{len(shared)} {word} ({col} of {b} record(s) {rows})")
            if counts:
                lines.append(f"{a} and {b} share " + "; ".join(counts))
    if lines:
        raise LeakageError("leakage between splits: " + ". ".join(lines) + ".")
    logger.debug("no leakage between splits %s", names)


def out_of_time_cutoff(test_split: Iterable[Mapping[str, Any]] | Any) -> str | None:
    """The earliest of the test families' latest closures (the out-of-time cut-off)."""
    latest: dict[Any, str] = {}
    for family, closure in zip(
        _column(test_split, "family_id"), _column(test_split, "closure_date"), strict=True
    ):
        if closure:
            latest[family] = max(latest.get(family, ""), str(closure))
    return min(latest.values()) if latest else None


def check_time_order(
    splits: Mapping[str, Iterable[Mapping[str, Any]]] | Any,
    *,
    strict: bool = True,
    test: str = "test",
) -> int:
    """Count train/validation records closing after the test cut-off; raise or warn if any.

    The cut-off is the earliest of the test families' latest closure dates (see
    :func:`split_by_family_and_time`: a test family brings its earlier closures along, so the
    test split's very earliest closure is not the cut-off). With ``strict`` a non-zero count
    raises :class:`LeakageError`; otherwise it is logged as a warning. Returns the count.
    """
    if test not in splits:
        raise ValueError(f"check_time_order: no {test!r} split among {list(splits.keys())}.")
    cutoff = out_of_time_cutoff(splits[test])
    if cutoff is None:
        return 0
    late = {
        name: sum(1 for c in _column(part, "closure_date") if c and str(c) > cutoff)
        for name, part in splits.items()
        if name != test
    }
    total = sum(late.values())
    if total:
        detail = ", ".join(f"{name} {count}" for name, count in late.items() if count)
        message = (
            f"time order: {total} record(s) outside {test!r} close after its cut-off "
            f"{cutoff} ({detail}); the test set is not out of time."
        )
        if strict:
            raise LeakageError(message)
        logger.warning(message)
    return total
