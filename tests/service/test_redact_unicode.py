"""/v1/redact: invisible and look-alike characters do not carry personal data through the API.

The disguised notes of ``tests/redaction/unicode_variants.py`` go through the HTTP endpoint; the
redacted text must not show the value, and the entity offsets must index the text as posted.
"""

from __future__ import annotations

import sys
from pathlib import Path

from service_helpers import auth

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "redaction"))

from unicode_variants import leaks, variants


def test_disguised_values_never_leak_through_the_api(api):
    client, keys, _ = api
    cases = variants()
    assert len(cases) >= 50
    failures = []
    for case in cases:
        response = client.post("/v1/redact", json={"text": case.text}, headers=auth(keys))
        assert response.status_code == 200, (case.id, response.status_code)
        body = response.json()
        spans = [(e["start"], e["end"]) for e in body["entities"]]
        if leaks(case.text, case.value, spans):
            failures.append(case.id)
            continue
        start, end = case.value
        # Nothing of the value survives in the output, not even a piece of it.
        visible = [w for w in case.text[start:end].split() if any(c.isalnum() for c in w)]
        if any(w in body["redacted_text"] for w in visible if len(w) > 2):
            failures.append(case.id)
    assert failures == []
