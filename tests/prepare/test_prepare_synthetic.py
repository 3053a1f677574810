"""``prepare`` on ``synth --format ssd`` output gives back the generator's own truth.

The generator reads its labels off each child's simulated timeline; ``prepare`` derives them
again from the SSD tables alone. Every closure whose window ended by the extract date must come
back with exactly the generator's labels and family, and each of the generator's records with
every field the SSD can carry.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from referral_nlp.cli import main
from referral_nlp.data import check_no_leakage, check_time_order, load_splits_dir
from referral_nlp.data.prepare import PrepareSettings, prepare
from referral_nlp.data.ssd import build_histories, read_ssd
from referral_nlp.data.ssd.codes import FACTORS_WITHOUT_CODE
from referral_nlp.data.ssd.labels import labels_ignoring_censoring
from referral_nlp.data.synthetic.ssd_writer import episode_truth

YEAR = dt.timedelta(days=365)
#: Fields of a generator record that the SSD carries (deprivation_decile is not an SSD field).
CARRIED = (
    "child_id", "family_id", "referral_date", "closure_date", "text", "referral_source",
    "child_age", "child_sex", "ethnicity", "disability", "previous_referrals",
    "previous_cp_plan", "primary_need", "re_referral_12m", "escalation_12m",
)  # fmt: skip


def run_prepare(synth_ssd, out: Path, extract: dt.date, **kwargs):
    settings = PrepareSettings(
        out=out,
        ssd=synth_ssd.out / "ssd",
        text=synth_ssd.out / "case_notes.csv",
        text_mapping=synth_ssd.out / "case_notes_mapping.yaml",
        extract_date=extract.isoformat(),
        no_progress=True,
        **kwargs,
    )
    return prepare(settings)


def test_labels_and_families_are_the_generators_on_every_record(synth_ssd, tmp_path):
    corpus = synth_ssd.corpus
    end = corpus.observation_end
    truth = episode_truth(corpus)
    prepared = run_prepare(synth_ssd, tmp_path, end)
    labelled = {r["id"]: r for r in prepared.labelled}

    observable = {rid for rid, t in truth.items() if t.closure <= end - YEAR}
    assert set(labelled) == observable
    wrong = [
        rid
        for rid, r in labelled.items()
        if (r["re_referral_12m"], r["escalation_12m"], r["family_id"])
        != (truth[rid].re_referral_12m, truth[rid].escalation_12m, truth[rid].family_id)
    ]
    assert wrong == [], f"{len(wrong)} of {len(labelled)} records disagree"
    assert sum(r["re_referral_12m"] for r in labelled.values()) > 0.15 * len(labelled)
    assert sum(r["escalation_12m"] for r in labelled.values()) > 0.03 * len(labelled)

    for record in corpus.records:
        mine = labelled[corpus.episode_ids[record["id"]]]
        assert {k: mine[k] for k in CARRIED} == {k: record[k] for k in CARRIED}
        carried = {
            "other" if f in FACTORS_WITHOUT_CODE else f for f in record["assessment_factors"]
        }
        assert mine["assessment_factors"] == sorted(carried)

    censored = {rid for rid, t in truth.items() if end - YEAR < t.closure <= end}
    assert {r["id"] for r in prepared.unlabelled} == censored
    assert prepared.report.data_errors == []


def test_cli_splits_load_and_keep_families_and_time_apart(synth_ssd, tmp_path):
    corpus = synth_ssd.corpus
    out = tmp_path / "prepared"
    start = f"{corpus.config.start_year}-01-01"
    extract = corpus.observation_end.isoformat()
    args = ["--extract-date", extract, "--closures-from", start, "--no-progress"]
    assert main(["prepare", *synth_ssd.prepare_args, *args, "--out", str(out)]) == 0
    splits = load_splits_dir(out)  # every row validated against the schema
    check_no_leakage(splits)
    assert check_time_order(splits) == 0
    ids = {i for name in splits for i in splits[name]["id"]}
    truth = episode_truth(corpus)
    for name in splits:
        for rid, label in zip(splits[name]["id"], splits[name]["re_referral_12m"], strict=True):
            assert truth[rid].re_referral_12m == label
    # the generator's records, all closed in its window, are the records kept (the last
    # family's closures beyond n are the only others)
    generated = set(corpus.episode_ids.values())
    assert all(truth[rid].closure.isoformat() >= start for rid in ids)
    assert len(ids - generated) <= 20


def test_an_earlier_extract_date_censors_instead_of_zeroing(synth_ssd, tmp_path):
    corpus = synth_ssd.corpus
    extract = dt.date(corpus.config.start_year + 4, 12, 31)
    truth = episode_truth(corpus)
    prepared = run_prepare(synth_ssd, tmp_path, extract)
    # windows that ended by the extract date: nothing later in the data can change them
    for r in prepared.labelled:
        assert (r["re_referral_12m"], r["escalation_12m"]) == (
            truth[r["id"]].re_referral_12m, truth[r["id"]].escalation_12m,
        )  # fmt: skip
    censored = {rid for rid, t in truth.items() if extract - YEAR < t.closure <= extract}
    assert {r["id"] for r in prepared.unlabelled} == censored
    kinds = {e["kind"] for e in prepared.report.data_errors}
    assert any("after the extract date" in k for k in kinds)  # later events: counted, ignored

    # what counting the censored closures as 0 would have done: true positives lost
    histories = build_histories(read_ssd(synth_ssd.out / "ssd"), extract)
    lost = 0
    for rid in censored:
        t = truth[rid]
        seen = labels_ignoring_censoring(histories.by_person[t.child_id], t.closure.toordinal())
        assert seen[0] <= t.re_referral_12m and seen[1] <= t.escalation_12m
        lost += (t.re_referral_12m - seen[0]) + (t.escalation_12m - seen[1])
    assert lost > 0


def test_notes_keyed_by_person_and_date_give_the_same_records(synth_ssd, tmp_path):
    notes = pd.read_csv(synth_ssd.out / "case_notes.csv", dtype=str, keep_default_na=False)
    rekeyed = tmp_path / "notes.csv"
    notes.drop(columns=["referral_id"]).to_csv(rekeyed, index=False)
    mapping = tmp_path / "notes.yaml"
    mapping.write_text("text: note_text\nperson_id: person_id\ndate: note_date\n")
    end = synth_ssd.corpus.observation_end
    by_referral = run_prepare(synth_ssd, tmp_path / "a", end)
    settings = PrepareSettings(
        out=tmp_path / "b",
        ssd=synth_ssd.out / "ssd",
        text=rekeyed,
        text_mapping=mapping,
        extract_date=end.isoformat(),
        no_progress=True,
    )
    by_person = prepare(settings)
    assert by_person.labelled == by_referral.labelled
