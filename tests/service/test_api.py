"""The BentoML service in process (ASGI): the HTTP contract, roles, audit, bad input, the page."""

from __future__ import annotations

import json
import sqlite3

import pytest
from service_helpers import NOTE, PERSONAL, auth


def test_health_is_open(api):
    # /metrics needs the server's Prometheus set-up: tests/service/test_server.py checks it.
    client, _, _ = api
    assert client.get("/livez").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_redact_contract(api):
    client, keys, _ = api
    response = client.post("/v1/redact", json={"text": NOTE}, headers=auth(keys))
    assert response.status_code == 200, response.text
    body = response.json()
    assert all(v not in body["redacted_text"] for v in PERSONAL)
    for e in body["entities"]:
        assert {"start", "end", "entity_type", "score"} <= set(e)
        assert NOTE[e["start"] : e["end"]].strip()


def test_a_redaction_is_audited_without_its_text(api, tmp_path, monkeypatch, capsys):
    from referral_nlp.cli import main

    client, keys, audit_db = api
    response = client.post("/v1/redact", json={"text": NOTE}, headers=auth(keys))
    assert response.status_code == 200, response.text
    request_id = response.headers["x-request-id"]
    export = client.get("/v1/audit?kind=redactions", headers=auth(keys, "governance"))
    assert export.status_code == 200, export.text
    (row,) = [r for r in export.json()["records"] if r["request_id"] == request_id]
    assert row["key_name"] == "reviewer-1" and row["endpoint"] == "/v1/redact"
    note = tmp_path / "note.json"
    note.write_text(json.dumps({"text": NOTE}))
    monkeypatch.setenv("REFERRAL_NLP_AUDIT_DB", str(audit_db))
    capsys.readouterr()
    assert main(["audit-digest", "--kind", "redactions", "--input", str(note)]) == 0
    assert capsys.readouterr().out.split() == [row["input_sha256"]]
    assert row["entities"] == len(response.json()["entities"]) > 0
    assert len(row["input_sha256"]) == 64 and row["latency_ms"] > 0
    assert all(v not in export.text for v in PERSONAL)
    # A scoring's export holds no redaction, and a kind the log does not keep is a 400.
    scores = client.get("/v1/audit", headers=auth(keys, "governance")).json()["records"]
    assert request_id not in {r["request_id"] for r in scores}
    bad = client.get("/v1/audit?kind=notes", headers=auth(keys, "governance"))
    assert bad.status_code == 400 and "kind: expected one of scores, redactions" in bad.text
    with sqlite3.connect(audit_db) as db:
        dump = "\n".join(db.iterdump())
    assert all(v not in dump for v in PERSONAL)


def test_score_contract_and_audit_row(api):
    client, keys, audit_db = api
    case = {"text": NOTE, "child_age": 9, "referral_source": "police", "previous_cp_plan": False}
    response = client.post("/v1/score", json=case, headers=auth(keys))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["request_id"] == response.headers["x-request-id"]
    assert body["model_version"].startswith("sha256:")
    for label in ("re_referral", "escalation"):
        assert set(body[label]) == {"probability", "band", "band_description", "flagged"}
        assert 0 <= body[label]["probability"] <= 1
    assert body["explanation"]["method"].startswith("sentence occlusion")
    assert all(v not in response.text for v in PERSONAL)
    db = sqlite3.connect(audit_db)
    row = db.execute(
        "SELECT key_name, role, endpoint, model_version, re_referral_band, latency_ms "
        "FROM scores WHERE request_id = ?",
        (body["request_id"],),
    ).fetchone()
    assert row[:5] == (
        "reviewer-1",
        "reviewer",
        "/v1/score",
        body["model_version"],
        body["re_referral"]["band"],
    )
    assert row[5] > 0


def test_the_audit_digest_command_finds_a_scored_case(api, tmp_path, monkeypatch, capsys):
    from referral_nlp.cli import main

    client, keys, audit_db = api
    case = {"text": NOTE, "child_age": 9, "referral_source": "police"}
    response = client.post("/v1/score", json=case, headers=auth(keys))
    assert response.status_code == 200, response.text
    stored = sqlite3.connect(audit_db).execute(
        "SELECT input_sha256 FROM scores WHERE request_id = ?", (response.json()["request_id"],)
    )
    cases = tmp_path / "cases.jsonl"
    # A byte-order mark, as a spreadsheet's export writes one, is no part of the first case.
    lines = [json.dumps({**case, "explain": True}), json.dumps({"text": "x y"})]
    cases.write_text("\ufeff" + "\n".join(lines))
    monkeypatch.setenv("REFERRAL_NLP_AUDIT_DB", str(audit_db))
    capsys.readouterr()
    assert main(["audit-digest", "--input", str(cases)]) == 0
    digests = capsys.readouterr().out.split()
    assert digests[0] == stored.fetchone()[0]  # the option to explain is not part of the case
    assert len(digests) == 2 and digests[1] != digests[0]
    cases.write_text(json.dumps({"text": NOTE, "child_age": "nine"}))
    assert main(["audit-digest", "--input", str(cases)]) == 2
    error = capsys.readouterr().err
    assert "case 1" in error and "child_age" in error
    assert "nine" not in error and "Sarah" not in error


def test_batch_scores_each_case_without_explanations_by_default(api):
    client, keys, _ = api
    cases = [{"text": NOTE}, {"text": "No concerns. NFA.", "explain": True}, {"text": NOTE}]
    response = client.post("/v1/score/batch", json={"cases": cases}, headers=auth(keys))
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert len(results) == 3
    assert results[0]["explanation"] is None and results[1]["explanation"] is not None
    assert results[0]["re_referral"] == results[2]["re_referral"]


def test_model_card_and_audit_by_role(api):
    client, keys, _ = api
    md = client.get("/v1/model-card", headers=auth(keys, "governance"))
    assert md.status_code == 200 and md.text.startswith("# Model card")
    html = client.get("/v1/model-card?format=html", headers=auth(keys, "reviewer"))
    assert html.status_code == 200 and "<h1>Model card</h1>" in html.text
    assert client.get("/v1/model-card?format=pdf", headers=auth(keys)).status_code == 400
    assert client.get("/v1/audit", headers=auth(keys, "reviewer")).status_code == 403
    assert (
        client.post("/v1/score", json={"text": NOTE}, headers=auth(keys, "governance")).status_code
        == 403
    )
    exported = client.get("/v1/audit?limit=5", headers=auth(keys, "governance"))
    assert exported.status_code == 200
    records = exported.json()["records"]
    assert records and all(v not in exported.text for v in PERSONAL)
    assert client.get("/v1/audit?since=yesterday", headers=auth(keys, "admin")).status_code == 400
    assert client.get("/v1/audit?limit=0", headers=auth(keys, "admin")).status_code == 400
    for bad in ("x", "0", str(2**63)):  # 2**63 overflowed the database driver: a 500
        assert client.get(f"/v1/audit?before={bad}", headers=auth(keys, "admin")).status_code == 400


def test_the_audit_export_says_when_older_records_were_left_out_and_pages_back(api):
    # A reviewer asking for everything since a date got the latest `limit` rows and no sign
    # that older ones were cut.
    client, keys, _ = api
    for _ in range(3):
        assert client.post("/v1/score", json={"text": NOTE}, headers=auth(keys)).status_code == 200
    everything = client.get("/v1/audit?limit=100000", headers=auth(keys, "governance")).json()
    assert everything["truncated"] is False and everything["next_before"] is None
    seqs = [r["seq"] for r in everything["records"]]
    assert len(seqs) >= 3 and seqs == sorted(seqs)
    pages, before = [], None
    while True:
        query = "/v1/audit?limit=2" + (f"&before={before}" if before else "")
        page = client.get(query, headers=auth(keys, "governance")).json()
        pages.insert(0, [r["seq"] for r in page["records"]])
        if not page["truncated"]:
            break
        before = page["next_before"]
        assert before == page["records"][0]["seq"]
    assert [seq for page in pages for seq in page] == seqs  # every record once, in order


BAD = [
    ({"text": ""}, "text"),
    ({"text": "   \n "}, "text"),
    ({"text": "x" * 100_001}, "text"),
    ({}, "text"),
    ({"text": 42}, "text"),
    ({"text": NOTE, "child_age": "seven"}, "child_age"),
    ({"text": NOTE, "child_age": 30}, "child_age"),
    ({"text": NOTE, "disability": "yes"}, "disability"),
    ({"text": NOTE, "ethnicity": "martian"}, "ethnicity"),
    ({"text": NOTE, "assessment_factors": ["domestic_abuse", "aliens"]}, "assessment_factors"),
    ({"text": NOTE, "assessment_factors": "domestic_abuse"}, "assessment_factors"),
    ({"text": NOTE, "surname": "JONES"}, "(unknown field)"),
    ({"text": NOTE, "closure_date": "2024-02-30"}, "closure_date"),
    ({"text": NOTE, "referral_date": "01/05/2024"}, "referral_date"),
]


@pytest.mark.parametrize(("case", "field"), BAD, ids=[str(i) for i in range(len(BAD))])
def test_bad_case_is_400_naming_the_field_without_echoing_the_value(api, case, field):
    client, keys, _ = api
    response = client.post("/v1/score", json=case, headers=auth(keys))
    assert response.status_code == 400, response.text
    body = response.json()
    assert any(field in d["loc"] for d in body["detail"])
    for value in ("seven", "martian", "aliens", "JONES", "01/05/2024"):
        if value in json.dumps(case):
            assert value not in response.text


@pytest.mark.parametrize("path", ["/v1/score", "/v1/redact"])
def test_blank_text_is_told_in_words_not_as_the_schema_pattern(api, path):
    client, keys, _ = api
    response = client.post(path, json={"text": " \u00a0\n\t "}, headers=auth(keys))
    assert response.status_code == 400
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["text"]
    assert problem["msg"] == "must contain some text, not only white space"


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00bad", b"[1, 2]", b'"text"', b"", b"null",
     b"[" * 100_000 + b"]" * 100_000, b'{"text": "x", "child_age": ' + b"7" * 5000 + b"}"],
    ids=["malformed", "not utf-8", "array", "string", "empty", "null", "nested too deep",
         "a number too long"],
)  # fmt: skip
def test_malformed_bodies_are_400(api, content):
    client, keys, _ = api
    response = client.post(
        "/v1/score", content=content, headers={**auth(keys), "Content-Type": "application/json"}
    )
    assert response.status_code == 400, response.text
    assert "error" in response.json()


@pytest.mark.parametrize(
    "body",
    [{"cases": []}, {"cases": [{"text": NOTE}] * 65}, {"cases": [{"text": ""}]}, {}],
    ids=["empty", "too many", "bad case", "no cases"],
)
def test_bad_batches_are_400(api, body):
    client, keys, _ = api
    response = client.post("/v1/score/batch", json=body, headers=auth(keys))
    assert response.status_code == 400


def test_openapi_publishes_the_typed_contract(api):
    client, _, _ = api
    spec = client.get("/docs.json").json()
    assert {"/v1/redact", "/v1/score", "/v1/score/batch"} <= set(spec["paths"])
    text = json.dumps(spec)
    assert "child_age" in text and "assessment_factors" in text


def test_reviewer_page_is_served_with_labels_and_csp(api):
    client, _, _ = api
    # The index is not BentoML's Swagger page (a third-party script, no content policy).
    index = client.get("/", follow_redirects=False)
    assert index.status_code == 307 and index.headers["location"] == "/ui"
    page = client.get("/ui")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert '<label for="text">' in page.text and '<html lang="en-GB">' in page.text
    assert client.get("/ui/app.js").status_code == 200
    assert client.get("/ui/nope.js").status_code == 404
