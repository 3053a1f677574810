"""Training data gates: leakage, one-class labels, raw text, the redaction cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from training_helpers import case, write_corpus, write_jsonl

from referral_nlp.data.splits import LeakageError
from referral_nlp.modeling.redacted_corpus import (
    REDACTED_MARKER,
    UnredactedTextError,
    redact_splits,
    require_redacted,
)
from referral_nlp.modeling.training import TrainingConfig, train
from referral_nlp.modeling.training.data import (
    DatasetError,
    check_label_classes,
    check_training_size,
    load_training_splits,
    select_subset,
)


def _config(data_dir: Path, tmp_path: Path, **values: Any) -> TrainingConfig:
    return TrainingConfig.from_dict(
        {"data_dir": str(data_dir), "output_dir": str(tmp_path / "out"), **values}
    )


def test_shared_family_refused_before_any_work(tmp_path: Path) -> None:
    splits = write_corpus(tmp_path / "data")
    splits["test"][0]["family_id"] = splits["train"][3]["family_id"]
    write_jsonl(tmp_path / "data" / "test.jsonl", splits["test"])
    with pytest.raises(LeakageError, match=r"train and test share 1 families"):
        load_training_splits(_config(tmp_path / "data", tmp_path))
    # train() refuses it too, before redaction or model loading, and writes nothing.
    with pytest.raises(LeakageError, match="families"):
        train(_config(tmp_path / "data", tmp_path))
    assert not (tmp_path / "out").exists()


def test_all_one_class_refused_with_a_clear_message(tmp_path: Path) -> None:
    splits = write_corpus(tmp_path / "data")
    for record in splits["train"]:
        record["escalation_12m"] = 0
    write_jsonl(tmp_path / "data" / "train.jsonl", splits["train"])
    with pytest.raises(
        DatasetError, match=r"train split: label 'escalation_12m' has only one class"
    ):
        train(_config(tmp_path / "data", tmp_path))
    assert not (tmp_path / "out").exists()


def test_one_class_in_validation_and_after_subset() -> None:
    good = [case("train", i) for i in range(10)]
    ones = [dict(case("validation", i), re_referral_12m=1) for i in range(5)]
    with pytest.raises(DatasetError, match=r"validation split: .*'re_referral_12m'.*all 1"):
        check_label_classes({"train": good, "validation": ones})
    rates = check_label_classes({"train": good})
    assert rates["train"]["re_referral_12m"] == pytest.approx(0.5)
    with pytest.raises(DatasetError, match="no records"):
        check_label_classes({"test": []})
    subset = select_subset(good, 4, seed=1)
    assert len(subset) == 4 and subset == sorted(subset, key=good.index)


def test_raw_text_refused_before_sentences_are_built() -> None:
    records = [case("train", i) for i in range(3)]
    with pytest.raises(UnredactedTextError, match=r"train: 3 of 3 records .* not marked"):
        require_redacted(records, split="train")
    with pytest.raises(UnredactedTextError):
        require_redacted([{**records[0], REDACTED_MARKER: True}, records[1]], split="x")


def test_already_redacted_marks_and_warns(caplog: Any) -> None:
    records = [dict(case("train", i), pii_spans=[], assessment_text="raw") for i in range(3)]
    out, report = redact_splits({"train": records}, already_redacted=True)
    assert "trusted to be redacted" in caplog.text
    assert report[0].source == "trusted"
    assert all(r[REDACTED_MARKER] is True for r in out["train"])
    assert all("pii_spans" not in r and r["assessment_text"] is None for r in out["train"])
    require_redacted(out["train"], split="train")  # accepted downstream


def test_too_small_a_training_split_is_refused_by_count() -> None:
    records = [case("train", i) for i in range(10)]  # 5 re-referrals, 4 escalations
    with pytest.raises(DatasetError, match=r"train split: 10 records, .* at least 11"):
        check_training_size(records, min_records=11, min_positives=1)
    with pytest.raises(DatasetError, match=r"'escalation_12m' has 4 positive records.*at least 5"):
        check_training_size(records, min_records=10, min_positives=5)
    check_training_size(records, min_records=10, min_positives=4)


def test_train_refuses_a_small_corpus_before_redaction(tmp_path: Path) -> None:
    write_corpus(tmp_path / "data")  # 24 training records; the recipe's default needs 200
    with pytest.raises(DatasetError, match=r"min_train_records"):
        train(_config(tmp_path / "data", tmp_path))
    assert not (tmp_path / "out").exists()


class FakeRedactor:
    """Counts calls; replaces every capitalised word (enough to see that text changed)."""

    calls = 0

    def __init__(self, config: Any = None, fail: bool = False) -> None:
        self.fail = fail

    def redact_many(self, texts: list[str], **_: Any) -> Any:
        from referral_nlp.redaction import RedactionError, RedactionResult

        FakeRedactor.calls += 1
        for text in texts:
            if self.fail:
                raise RedactionError("redaction failed (ValueError); no output")
            from referral_nlp.redaction.spans import Entity

            words = text.split()
            found = tuple(Entity(0, 1, "PERSON", 1.0) for w in words if w[:1].isupper())
            yield RedactionResult(" ".join("<X>" if w[:1].isupper() else w for w in words), found)


def test_redaction_cache_hit_and_invalidation(tmp_path: Path) -> None:
    from referral_nlp.redaction import RedactionConfig

    splits = write_corpus(tmp_path / "data")
    sources = {s: tmp_path / "data" / f"{s}.jsonl" for s in splits}
    cache = tmp_path / "cache"
    FakeRedactor.calls = 0
    kwargs = {"sources": sources, "cache_dir": cache, "redactor_factory": FakeRedactor}
    first, report = redact_splits(splits, **kwargs)
    assert FakeRedactor.calls == 3 and [r.source for r in report] == ["redacted"] * 3
    assert "Sarah" not in " ".join(r["text"] for r in first["train"])
    assert len(list(cache.glob("*.jsonl"))) == 3
    # Same files, same settings: everything from the cache, the redactor is never built.
    counted = [r.entity_counts for r in report]
    assert all(c.get("PERSON", 0) > 0 for c in counted)
    second, report = redact_splits(splits, **kwargs)
    assert FakeRedactor.calls == 3 and [r.source for r in report] == ["cache"] * 3
    assert second == first
    # a run served from the cache still reports what was removed
    assert [r.entity_counts for r in report] == counted
    # Another redaction config, or another input file, redacts again.
    redact_splits(splits, redaction_config=RedactionConfig(score_threshold=0.5), **kwargs)
    assert FakeRedactor.calls == 6
    splits["train"][0]["text"] = "Changed note."
    write_jsonl(sources["train"], splits["train"])
    _, report = redact_splits(splits, **kwargs)
    assert [r.source for r in report] == ["redacted", "cache", "cache"]


def test_redaction_failure_fails_closed(tmp_path: Path) -> None:
    from referral_nlp.redaction import RedactionError

    splits = write_corpus(tmp_path / "data")
    cache = tmp_path / "cache"
    with pytest.raises(RedactionError, match=r"train split failed.*no training was done"):
        redact_splits(
            splits, cache_dir=cache, redactor_factory=lambda c: FakeRedactor(c, fail=True)
        )
    assert not list(cache.glob("*")) if cache.exists() else True


def test_real_redactor_removes_the_name(tmp_path: Path, redactor: Any) -> None:
    records = [case("train", 4)]  # "Mum Sarah JONES called the front door on 12/03/2024 ..."
    out, report = redact_splits(
        {"train": records}, cache_dir=tmp_path / "cache", redactor_factory=lambda c: redactor
    )
    text = out["train"][0]["text"]
    assert "Sarah" not in text and "JONES" not in text and "12/03/2024" not in text
    assert report[0].entity_counts
    assert "Sarah" not in (tmp_path / "cache").glob("*.jsonl").__next__().read_text()
