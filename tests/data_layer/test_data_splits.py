"""Splits: families never cross, test holds the latest closures, leakage checks fire."""

from __future__ import annotations

import logging

import pytest
from data_layer_cases import make_corpus, make_row

from referral_nlp.data import (
    LeakageError,
    check_no_leakage,
    check_time_order,
    records_to_dataset,
    split_by_family_and_time,
)


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    return make_corpus(300, seed=1)


def _families(part: list[dict]) -> set[str]:
    return {r["family_id"] for r in part}


def test_every_record_lands_once_and_families_do_not_cross(corpus):
    splits = split_by_family_and_time(corpus, seed=0)
    assert list(splits) == ["train", "validation", "test"]
    ids = [r["id"] for part in splits.values() for r in part]
    assert sorted(ids) == sorted(r["id"] for r in corpus)
    names = list(splits)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not _families(splits[a]) & _families(splits[b])
    check_no_leakage(splits)
    assert check_time_order(splits) == 0


def test_test_split_is_the_latest_closures(corpus):
    splits = split_by_family_and_time(corpus, test_fraction=0.2, validation_fraction=0.1)
    n = len(corpus)
    assert abs(len(splits["test"]) - 0.2 * n) <= 3
    assert abs(len(splits["validation"]) - 0.1 * n) <= 3
    latest = {}
    for r in corpus:
        latest[r["family_id"]] = max(latest.get(r["family_id"], ""), r["closure_date"])
    test_latest = [latest[f] for f in _families(splits["test"])]
    other_latest = [latest[f] for f in _families(splits["train"] + splits["validation"])]
    assert min(test_latest) >= max(other_latest)


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
        where = {r["family_id"]: name for name, part in splits.items() for r in part}
        assert where["F3"] == where["F5"]


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
    assert "train and test share 2 families (e.g. family_id FA, FB); 1 children" in message
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
