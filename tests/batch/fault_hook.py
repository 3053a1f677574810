"""A fault for the Ray tests, installed in every Ray worker process by the test session's
``worker_process_setup_hook``: a note holding :data:`MARKER` fails to redact, as a note that
breaks the analyser would. Other notes are redacted as usual."""

from __future__ import annotations

MARKER = "ZZ-FAULT-INJECTED-ZZ"


def install() -> None:
    from referral_nlp.redaction import RedactionError, Redactor

    redact_many, redact = Redactor.redact_many, Redactor.redact

    def failing_redact_many(self, texts, **kwargs):
        texts = list(texts)
        if any(MARKER in t for t in texts):
            raise RedactionError("redaction failed (Injected); no output")
        yield from redact_many(self, texts, **kwargs)

    def failing_redact(self, text):
        if MARKER in text:
            raise RedactionError("redaction failed (Injected); no output")
        return redact(self, text)

    Redactor.redact_many = failing_redact_many
    Redactor.redact = failing_redact
