"""SpokenEmailAddressRecognizer: e-mail addresses said in words or disguised, as notes keep them.

A voicemail typed up word for word gives an address as it was said ("jane dot smith at gmail
dot com"), and people who post an address where bots read it write "mo(at)yahoo(dot)com" or
"kayleigh.b[at]hotmail.co.uk". Upstream's pattern needs an "@", so each of these leaked whole,
and "Dot", a first name, was taken as a person instead. Here "at" between words, or "at" / "dot"
in brackets, stand for "@" and "."; the address is rebuilt and its host checked as
:class:`~.email_address_recognizer.EmailAddressRecognizer` checks a written one. "at" said
between two words is ordinary English, so a spoken "at" counts only before a host that says
"dot" too, or that ends in one of the endings UK mail comes from ("met at school.Dad" is a
missing space, not an address).
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from referral_nlp.redaction.recognizers.email_address_recognizer import host_has_public_suffix
from referral_nlp.redaction.recognizers.preset_pattern_recognizer import PresetPatternRecognizer
from referral_nlp.redaction.taxonomy import EMAIL_ADDRESS

_BRACKETED_AT = r"[ ]?[\[({][ ]?at[ ]?[\])}][ ]?"
_BRACKETED_DOT = r"[ ]?[\[({][ ]?dot[ ]?[\])}][ ]?"
_SPOKEN_DOT = r"[ ]dot[ ]"
_DOT = r"(?:" + _BRACKETED_DOT + r"|" + _SPOKEN_DOT + r"|\.)"
_LOCAL = r"[a-z0-9_+\-]+(?:(?:" + _DOT + r"|[ ]underscore[ ])[a-z0-9_+\-]+){0,4}"
_HOST = r"[a-z0-9\-]+(?:" + _DOT + r"[a-z0-9\-]+){1,4}"
#: Endings an address said with a spoken "at" but written dots may have: UK mail's usual ones.
MAIL_ENDINGS = (
    ".com", ".net", ".org", ".co.uk", ".org.uk", ".gov.uk", ".nhs.uk", ".nhs.net", ".sch.uk",
    ".ac.uk", ".police.uk", ".me.uk",
)  # fmt: skip


class SpokenEmailAddressRecognizer(PresetPatternRecognizer):
    """An address with "at" / "dot" in words or brackets, its host validated; 0.7.

    :param supported_entity: Entity name reported for each match.
    """

    ENTITY: ClassVar[str] = EMAIL_ADDRESS
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "address with at in brackets",
            r"(?<![\w.@])" + _LOCAL + _BRACKETED_AT + _HOST + r"(?![\w@])",
            0.7,
        ),
        Pattern(
            "address said in words",
            r"(?<![\w.@])" + _LOCAL + r"[ ]at[ ]" + _HOST + r"(?![\w@])",
            0.7,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["email", "e-mail", "address", "contact"]

    _AT: ClassVar[re.Pattern[str]] = re.compile(_BRACKETED_AT + r"|[ ]at[ ]", re.IGNORECASE)
    _DOTS: ClassVar[re.Pattern[str]] = re.compile(_BRACKETED_DOT + r"|" + _SPOKEN_DOT, re.I)
    _UNDERSCORE: ClassVar[re.Pattern[str]] = re.compile(r"[ ]underscore[ ]", re.IGNORECASE)

    def validate_result(self, pattern_text: str) -> bool | None:
        """Keep an address whose rebuilt host ends in a public suffix; one with a spoken "at"
        needs a spoken or bracketed "dot" in its host, or a usual mail ending in lower case.

        :param pattern_text: The matched text.
        :return: None (the pattern's score stands) when it reads as an address, False otherwise.
        """
        at = self._AT.search(pattern_text)
        if at is None:
            return False
        bracketed = at.group(0).strip().startswith(("[", "(", "{"))
        host_said = pattern_text[at.end() :]
        host = self._DOTS.sub(".", host_said)
        if not host_has_public_suffix(host):
            return False
        # "at" between words and a host written with dots: a usual ending, in lower case.
        written = not bracketed and host == host_said
        if written and (host != host.lower() or not host.endswith(MAIL_ENDINGS)):
            return False
        return None
