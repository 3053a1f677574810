"""Splits: families never cross, test holds the latest closures, leakage checks fire."""

from __future__ import annotations

import logging
import re

import pytest
from data_layer_cases import make_corpus, make_row

from referral_nlp.data import (
    LeakageError,
    check_no_leakage,
    check_time_order,
    records_to_dataset,
    split_by_family_and_time,
)
from referral_nlp.data.splits import family_groups


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return make_corpus(300, seed=1)


def _families(part: list[dict]) -> set[str]:
    return {r["family_id"] for r in part}


def test_every_record_lands_once_and_families_do_not_cross(corpus):
    splits = split_by_family_and_time(corpus, seed=0)
    assert list(splits) == ["train", "validation", "test"]
    ids = [r["id"] for part in splits.values() for r in part]
    assert len(ids) == len(set(ids))
    # Left out: only records on the wrong side of the cut-off for their family's split.
    # The unit is the family group (families joined by a shared child), not the family id. A
    # held-out group may have no late closure at all, and then appears in no split.
    cutoff = min(r["closure_date"] for r in splits["test"])
    group_of = dict(zip((r["id"] for r in corpus), family_groups(corpus), strict=True))
    test_groups = {group_of[r["id"]] for r in splits["test"]}
    training = splits["train"] + splits["validation"]
    training_groups = {group_of[r["id"]] for r in training}
    kept = set(ids)
    last_train = max(r["closure_date"] for r in training)
    assert last_train < cutoff
    for r in corpus:
        if r["id"] not in kept:
            group = group_of[r["id"]]
            early_held_out = group not in training_groups and r["closure_date"] < cutoff
            late_other = group not in test_groups and r["closure_date"] > last_train
            assert early_held_out or late_other, r["id"]
    names = list(splits)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not _families(splits[a]) & _families(splits[b])
    check_no_leakage(splits)
    assert check_time_order(splits) == 0


def test_test_split_is_the_latest_closures_of_held_out_families(corpus):
    splits = split_by_family_and_time(corpus, test_fraction=0.2, validation_fraction=0.1)
    kept = sum(len(part) for part in splits.values())
    assert abs(len(splits["test"]) / kept - 0.2) <= 0.08
    assert abs(len(splits["validation"]) / kept - 0.1) <= 0.05
    first_test = min(r["closure_date"] for r in splits["test"])
    assert all(r["closure_date"] < first_test for r in splits["train"] + splits["validation"])


def test_held_out_families_do_not_depend_on_outcomes():
    # Same families and dates, opposite labels: the same records are held out.
    base = make_corpus(300, seed=3)
    flipped = [{**r, "re_referral_12m": 1 - r["re_referral_12m"]} for r in base]
    a = split_by_family_and_time(base, seed=0)
    b = split_by_family_and_time(flipped, seed=0)
    for name in a:
        assert [r["id"] for r in a[name]] == [r["id"] for r in b[name]]


def test_deterministic_for_a_seed_and_order_free(corpus):
    first = split_by_family_and_time(corpus, seed=7)
    again = split_by_family_and_time(list(reversed(corpus)), seed=7)
    for name in first:
        assert sorted(r["id"] for r in first[name]) == sorted(r["id"] for r in again[name])
    other = split_by_family_and_time(corpus, seed=8)
    assert _families(other["test"]) == _families(first["test"])  # time, not chance
    assert _families(other["validation"]) != _families(first["validation"])


def test_a_child_shared_by_two_families_keeps_them_together():
    records = [make_row(i, family_id=f"F{i}", child_id=f"C{i}") for i in range(1, 21)]
    records.append(make_row(99, family_id="F3", child_id="C5"))  # C5 moved into F3
    for seed in range(5):
        splits = split_by_family_and_time(records, validation_fraction=0.3, seed=seed)
        check_no_leakage(splits)
        where: dict[str, set[str]] = {}
        for name, part in splits.items():
            for r in part:
                where.setdefault(r["family_id"], set()).add(name)
        # F3 and F5 share child C5: never in two different splits (either may be left out).
        assert len(where.get("F3", set()) | where.get("F5", set())) <= 1


def test_fractions_are_checked():
    with pytest.raises(ValueError, match="less than 1"):
        split_by_family_and_time([make_row(1)], test_fraction=0.6, validation_fraction=0.5)
    with pytest.raises(ValueError, match="from 0 to 1"):
        split_by_family_and_time([make_row(1)], test_fraction=-0.1)


def test_leakage_check_names_pair_and_counts():
    splits = {
        "train": [make_row(1, family_id="FA"), make_row(2, family_id="FB")],
        "validation": [make_row(3)],
        "test": [make_row(4, family_id="FA", child_id="C0001"), make_row(5, family_id="FB")],
    }
    with pytest.raises(LeakageError) as info:
        check_no_leakage(splits)
    message = str(info.value)
    assert (
        "train and test share 2 families (family_id of test record(s) 1, 2); 1 children" in message
    )
    assert not {"FA", "FB", "C0001"} & set(re.findall(r"\w+", message))  # ids may hold names
    assert "validation" not in message
    assert "ids" not in message


def test_leakage_check_accepts_a_datasetdict():
    from datasets import DatasetDict

    clean = DatasetDict(
        {"train": records_to_dataset([make_row(1)]), "test": records_to_dataset([make_row(2)])}
    )
    check_no_leakage(clean)
    leaky = DatasetDict(
        {
            "train": records_to_dataset([make_row(1)]),
            "test": records_to_dataset([make_row(2, child_id="C0001")]),
        }
    )
    with pytest.raises(LeakageError, match="train and test share 1 children"):
        check_no_leakage(leaky)


def test_time_order_check_counts_late_training_records(caplog):
    splits = {
        "train": [
            make_row(1, closure_date="2023-06-01"),
            make_row(2, closure_date="2024-02-01"),
            make_row(3, closure_date="2024-03-01"),
        ],
        "test": [
            # a test family's earlier closure does not move the cut-off
            make_row(4, family_id="FT", closure_date="2022-01-01"),
            make_row(5, family_id="FT", closure_date="2024-01-15"),
        ],
    }
    with pytest.raises(LeakageError, match=r"2 record\(s\) outside 'test' close after its cut-off"):
        check_time_order(splits)
    with caplog.at_level(logging.WARNING, logger="referral_nlp.data.splits"):
        assert check_time_order(splits, strict=False) == 2
    assert "2024-01-15" in caplog.text
    with pytest.raises(ValueError, match="no 'test' split"):
        check_time_order({"train": []})
