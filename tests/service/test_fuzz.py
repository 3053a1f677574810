"""Fuzzing the API with hypothesis: malformed requests never get a 5xx, and none of the personal
data they carry reaches a log record or the audit database."""

from __future__ import annotations

import json
import logging
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from service_helpers import auth

from referral_nlp.serving.schemas import ScoreRequest

# Personal data planted in every request; none of it may appear in logs or the audit log.
MARKERS = ("Zebedee", "QUARTERMAINE", "07700 900461", "LS9 8ZZ", "zq@example.org")
PII_TEXT = "Mum Zebedee QUARTERMAINE (07700 900461, zq@example.org) lives at 3 Elm Rd LS9 8ZZ."

# Every request field, the batch wrapper and one the API does not know.
FIELDS = [*ScoreRequest.model_fields, "cases", "surname"]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(string.printable, max_size=30),
    st.just(""),
    st.just("   "),
    st.just(PII_TEXT),
    st.sampled_from(["police", "martian", "N1", "domestic_abuse", "2024-01-01", "31/02/2024"]),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
bodies = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), values, max_size=6).map(
        lambda d: json.dumps({**d, "assessment_text": PII_TEXT}).encode()
    ),
    st.binary(max_size=200).map(lambda b: b + PII_TEXT.encode("utf-8")),
    st.just(("{" + json.dumps(PII_TEXT)).encode()),
    st.just(b"\xff\xfe" + PII_TEXT.encode("utf-16")),
    values.map(lambda v: json.dumps([v, PII_TEXT]).encode()),
)


class Sink(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(logging.Formatter("%(message)s %(exc_text)s").format(record))
        if record.exc_info:
            self.lines.append(logging.Formatter().formatException(record.exc_info))


@pytest.fixture(scope="module")
def sink():
    handler = Sink()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(old_level)


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=st.sampled_from(["/v1/score", "/v1/score/batch", "/v1/redact"]),
    body=bodies,
    ctype=st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain"]),
)
def test_malformed_requests_get_no_5xx(api, sink, path, body, ctype):
    client, keys, _ = api
    response = client.post(path, content=body, headers={**auth(keys), "Content-Type": ctype})
    assert response.status_code < 500, (response.status_code, response.text)
    if response.status_code >= 400:
        assert all(m not in response.text for m in MARKERS)


def test_no_planted_personal_data_in_logs_or_audit(api, sink):
    # Runs after the fuzz test in this module (pytest keeps file order).
    _, _, audit_db = api
    logged = "\n".join(sink.lines)
    assert sink.lines, "the sink saw no log records; the check would be vacuous"
    for marker in MARKERS:
        assert marker not in logged
    data = b"".join(p.read_bytes() for p in audit_db.parent.glob(audit_db.name + "*"))
    for marker in MARKERS:
        assert marker.encode() not in data
