"""Mark the words a negation governs, so a bag of n-grams can tell "no bruising" from "bruising".

A TF-IDF model sees the unigram ``bruising`` in "bruising to the arm" and in "no bruising was
seen" alike, so a note that rules a concern out scores as if it named it. This is NegEx's rule
(Chapman et al., 2001) in the form Das & Chen (2001) and Pang et al. (2002) use for bag-of-words
classifiers: every word after a negation cue, up to the end of its clause or
:data:`SCOPE_WORDS` words, gets the prefix ``neg_``, so "no bruising was seen" becomes
``no neg_bruising neg_was neg_seen``. The logistic regression then weighs a ruled-out concern on
its own, and it learns from the training labels which way it points ("not engaged" raises risk,
"no injuries" lowers it).

Written here rather than taken from medspaCy's ConText: ConText asserts the negation of target
concepts from a concept list, through a spaCy pipeline, and the n-gram model needs every word
in scope marked in plain text before scikit-learn's tokenizer, on the scoring path of the
service, with no model to load. Only negation is marked: marking historic mentions the same way
did not order the directional pairs better (issue 11's closing note, stop 27).

The output is lower-cased words and punctuation joined by spaces; scikit-learn's default token
pattern reads the same words from it as from the original text, plus the prefixes.
"""

from __future__ import annotations

import re

__all__ = ["NEGATION_CUES", "SCOPE_TERMINATORS", "SCOPE_WORDS", "mark_negation_scope"]

#: Words that negate what follows them.
NEGATION_CUES = frozenset(
    {
        "no", "not", "nil", "never", "none", "neither", "nor", "without", "nothing", "nobody",
        "cannot", "deny", "denies", "denied", "denying", "absent",
    }
)  # fmt: skip
#: Words and punctuation that end a negation's scope: a clause boundary or a turn in the
#: sentence ("no marks seen, but mum was tearful"; "not at home and the door was open").
SCOPE_TERMINATORS = frozenset(
    {
        ",", ";", ":", ".", "!", "?", "(", ")",
        "but", "however", "although", "though", "whereas", "while", "yet", "except", "apart",
        "which", "who", "because", "as", "and", "so", "then",
    }
)  # fmt: skip
#: At most this many words are negated after a cue (NegEx uses a window of five or six).
SCOPE_WORDS = 6
PREFIX = "neg_"

# A word with an inner apostrophe stays one token ("didn't"); anything else is one character.
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_CONTRACTED_NOT = re.compile(r"\w+n['’]t")


def _is_cue(token: str) -> bool:
    return token in NEGATION_CUES or _CONTRACTED_NOT.fullmatch(token) is not None


def mark_negation_scope(text: str) -> str:
    """``text`` lower-cased, with the words each negation governs prefixed ``neg_``."""
    tokens = _TOKEN.findall(text.lower())
    marked = list(tokens)
    i = 0
    while i < len(tokens):
        if not _is_cue(tokens[i]):
            i += 1
            continue
        j, words = i + 1, 0
        while j < len(tokens) and words < SCOPE_WORDS and tokens[j] not in SCOPE_TERMINATORS:
            # A second cue inside the scope starts its own scope ("no food and not washed").
            if _is_cue(tokens[j]):
                break
            if tokens[j][0].isalnum() or tokens[j][0] == "_":
                marked[j] = PREFIX + tokens[j]
                words += 1
            j += 1
        i = j
    return " ".join(marked)
