"""The corpus: deterministic, schema-conformant, exact PII spans, labels from the timeline."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re

from referral_nlp.data.schema import (
    ASSESSMENT_FACTORS,
    ETHNICITIES,
    PRIMARY_NEEDS,
    REFERRAL_SOURCES,
    SEXES,
)
from referral_nlp.data.splits import check_no_leakage, check_time_order
from referral_nlp.data.synthetic import SynthConfig, SyntheticCorpus, generate_corpus, labels, pii
from referral_nlp.data.validation import validate_rows

REQUIRED = (
    "id",
    "child_id",
    "family_id",
    "referral_date",
    "closure_date",
    "text",
    "referral_source",
    "child_age",
    "child_sex",
    "ethnicity",
    "disability",
    "deprivation_decile",
    "previous_referrals",
    "previous_cp_plan",
    "primary_need",
    "assessment_factors",
    "re_referral_12m",
    "escalation_12m",
    "oracle_re_referral",
    "oracle_escalation",
    "pii_spans",
)


def test_same_seed_same_corpus_other_seed_other_corpus() -> None:
    a = generate_corpus(SynthConfig(n=300, seed=3))
    b = generate_corpus(SynthConfig(n=300, seed=3))
    c = generate_corpus(SynthConfig(n=300, seed=4))
    dump = lambda corpus: json.dumps(corpus.records, sort_keys=True)  # noqa: E731
    assert dump(a) == dump(b)
    assert {k: [r["id"] for r in v] for k, v in a.splits.items()} == {
        k: [r["id"] for r in v] for k, v in b.splits.items()
    }
    assert dump(a) != dump(c)


def test_exactly_n_records_with_unique_ids(small_corpus: SyntheticCorpus) -> None:
    records = small_corpus.records
    assert len(records) == small_corpus.config.n
    assert len({r["id"] for r in records}) == len(records)
    # The splits leave out the earlier closures of test families (see split_by_family_and_time).
    in_splits = sum(len(v) for v in small_corpus.splits.values())
    assert 0.4 * len(records) <= in_splits <= len(records)


def test_every_record_fits_the_schema(small_corpus: SyntheticCorpus) -> None:
    for r in small_corpus.records:
        assert all(k in r for k in REQUIRED), r["id"]
        assert r["referral_source"] in REFERRAL_SOURCES
        assert r["child_sex"] in SEXES
        assert r["ethnicity"] in ETHNICITIES
        assert r["primary_need"] in PRIMARY_NEEDS
        assert set(r["assessment_factors"]) <= set(ASSESSMENT_FACTORS)
        assert r["assessment_factors"] == sorted(set(r["assessment_factors"]))
        assert 0 <= r["child_age"] <= 17
        assert 1 <= r["deprivation_decile"] <= 10
        assert r["previous_referrals"] >= 0
        assert isinstance(r["disability"], bool) and isinstance(r["previous_cp_plan"], bool)
        assert r["re_referral_12m"] in (0, 1) and r["escalation_12m"] in (0, 1)
        assert r["escalation_12m"] <= r["re_referral_12m"]  # an escalation is a referral
        assert 0.0 <= r["oracle_escalation"] <= r["oracle_re_referral"] <= 1.0
        assert dt.date.fromisoformat(r["closure_date"]) >= dt.date.fromisoformat(r["referral_date"])
        assert 40 <= len(r["text"].split()) <= 600
    # The project's own validator accepts every record.
    validated = validate_rows(
        small_corpus.records, extra_columns=("oracle_re_referral", "oracle_escalation")
    )
    assert len(validated) == len(small_corpus.records)


def test_closures_are_observable(small_corpus: SyntheticCorpus) -> None:
    last = small_corpus.observation_end - dt.timedelta(days=365)
    first = dt.date(small_corpus.config.start_year, 1, 1)
    for r in small_corpus.records:
        assert first <= dt.date.fromisoformat(r["closure_date"]) <= last


def test_pii_spans_are_exact_and_do_not_overlap(small_corpus: SyntheticCorpus) -> None:
    for r in small_corpus.records:
        text = r["text"]
        previous_end = 0
        for span in sorted(r["pii_spans"], key=lambda s: s["start"]):
            start, end, label = span["start"], span["end"], span["label"]
            assert label in labels.PII_LABELS
            assert 0 <= start < end <= len(text)
            assert start >= previous_end, (r["id"], span)
            value = text[start:end]
            assert value == value.strip() and value, (r["id"], span)
            previous_end = end


def test_identifier_spans_are_valid(small_corpus: SyntheticCorpus) -> None:
    seen = set()
    for r in small_corpus.records:
        for span in r["pii_spans"]:
            value = r["text"][span["start"] : span["end"]]
            label = span["label"]
            seen.add(label)
            if label == "NHS_NUMBER":
                assert pii.is_valid_nhs_number(value), value
            elif label == "NI_NUMBER":
                assert pii.is_valid_ni_prefix(value[:2]), value
            elif label == "EMAIL_ADDRESS":
                assert re.search(r"@([a-z0-9-]+\.)*example\.(com|co\.uk|net|org)$", value)
            elif label == "POSTCODE":
                assert re.fullmatch(r"[A-Za-z]{1,2}\d{1,2}[A-Za-z]? ?\d[A-Za-z]{2}", value)
            elif label == "PHONE_NUMBER":
                digits = re.sub(r"\D", "", value)
                assert (
                    "7700900" in digits
                    or "496" in digits
                    or "498" in digits
                    or ("2018" in digits or "7946" in digits or "1632960" in digits)
                ), value
    assert labels.PII_LABELS - seen <= {"NI_NUMBER"}  # every label occurs (NI is rare)


def test_generic_services_are_never_labelled(small_corpus: SyntheticCorpus) -> None:
    generic = {"CAMHS", "MASH", "CSC", "the school", "Children's Social Care", "police"}
    for r in small_corpus.records:
        for span in r["pii_spans"]:
            assert r["text"][span["start"] : span["end"]] not in generic


def test_labels_are_read_off_the_timeline(small_corpus: SyntheticCorpus) -> None:
    for r in small_corpus.records:
        closure = dt.date.fromisoformat(r["closure_date"])
        horizon = closure + dt.timedelta(days=365)
        events = small_corpus.timeline[r["child_id"]]
        later = [e for e in events if closure < e.referral_date <= horizon]
        escalations = [
            e for e in events if e.escalation_date and closure < e.escalation_date <= horizon
        ]
        assert r["re_referral_12m"] == int(bool(later)), r["id"]
        assert r["escalation_12m"] == int(bool(escalations)), r["id"]
    # Where the next referral is itself a record, the record shows the re-referral too.
    by_child: dict[str, list[dict]] = {}
    for r in small_corpus.records:
        by_child.setdefault(r["child_id"], []).append(r)
    for records in by_child.values():
        records.sort(key=lambda r: r["referral_date"])
        for a, b in itertools.pairwise(records):
            gap = (
                dt.date.fromisoformat(b["referral_date"]) - dt.date.fromisoformat(a["closure_date"])
            ).days
            if 0 < gap <= 365:
                assert a["re_referral_12m"] == 1
            assert b["previous_referrals"] > a["previous_referrals"]


def test_splits_keep_families_apart_and_test_is_out_of_time(
    small_corpus: SyntheticCorpus,
) -> None:
    check_no_leakage(small_corpus.splits)
    assert check_time_order(small_corpus.splits) == 0
    n = sum(len(part) for part in small_corpus.splits.values())
    assert abs(len(small_corpus.splits["test"]) / n - 0.2) < 0.06
    assert abs(len(small_corpus.splits["validation"]) / n - 0.1) < 0.05


def test_counterfactual_notes_drop_only_historic_and_negated_mentions(
    small_corpus: SyntheticCorpus,
) -> None:
    from referral_nlp.data.synthetic.corpus import plain_texts

    sample = small_corpus.records[::25]
    plain = plain_texts(small_corpus, sample)
    assert set(plain) == {r["id"] for r in sample}
    changed = 0
    for record in sample:
        statuses = set(small_corpus.mentions[record["id"]].values())
        if statuses <= {"current"}:  # nothing to leave out: the same note
            assert plain[record["id"]] == record["text"]
        else:
            changed += plain[record["id"]] != record["text"]
    assert changed > 0
