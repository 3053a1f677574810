"""The stage profile the redaction benchmark prints covers every stage of a redaction."""

from __future__ import annotations

from referral_nlp.evaluation.redaction_profile import format_profile, profile_redaction

NOTES = [
    "Mum Sarah JONES rang on 07700 900 555 about Kayden (DOB 04/07/2016).",
    "Snapchat name bigman_k44; UPN F383211416027; RAG GREEN on Mosaic.",
]


def test_profile_times_spacy_recognisers_presidio_and_ours(redactor):
    stages = profile_redaction(redactor, NOTES)
    names = {s.stage for s in stages}
    assert {"spaCy: ner", "spaCy: tokenizer", "ours: replace"} <= names
    assert "recogniser: UsernameRecognizer" in names
    assert "ours: pattern prefilter (Hyperscan)" in names
    # the profiler keeps every note's prefilter answer while it runs, and then no more
    assert redactor._analyzer.pattern_prefilter.cache_notes == 1
    assert all(s.seconds >= 0 for s in stages)
    table = format_profile(stages, len(NOTES), sum(map(len, NOTES)))
    assert "all spaCy" in table and "total" in table
