"""propagate_handles: other mentions of a distinctive username already found."""

from __future__ import annotations

import pytest

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.handle_propagation import propagate_handles
from referral_nlp.redaction.spans import Entity


def _found(text: str, handle: str) -> list[str]:
    start = text.index(handle)
    seed = [Entity(start, start + len(handle), taxonomy.USERNAME, 0.6)]
    return [text[e.start : e.end] for e in propagate_handles(text, seed)]


@pytest.mark.parametrize(
    ("text", "handle", "expected"),
    [
        (
            "23:41 nightowl_mike: hi\nDMI note: nightowl_mike logged in",
            "nightowl_mike",
            ["nightowl_mike", "nightowl_mike"],
        ),
        (
            "snap is @lewy_t2. He messaged lewy_t2 and @LEWY_T2.",
            "@lewy_t2",
            ["@lewy_t2", "lewy_t2", "@LEWY_T2"],
        ),
        ("kayjay.drip posted; kayjay.drip again", "kayjay.drip", ["kayjay.drip", "kayjay.drip"]),
        # A section of an Act found by mistake does not spread: three letters, five characters.
        ("s.47 held; s.47 ongoing; CIN2 and CIN2", "s.47", []),
        # A handle of letters alone may be a word: it is left where it was found.
        ("@kayjay said kayjay", "@kayjay", []),
        # Only whole tokens: not inside a longer handle, an e-mail address or a URL path.
        ("bob_9 and bob_99 and bob_9@example.org and x.com/bob_9", "bob_9", ["bob_9"]),
    ],
)
def test_other_mentions_of_a_distinctive_handle(text, handle, expected):
    assert _found(text, handle) == expected


def test_no_username_found_gives_nothing():
    text = "Mum: Kerry Smith"
    assert propagate_handles(text, [Entity(5, 16, taxonomy.PERSON, 0.85)]) == []
