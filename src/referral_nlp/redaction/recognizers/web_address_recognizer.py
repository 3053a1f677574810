"""WebAddressRecognizer: Presidio's URL recogniser with patterns that respect word boundaries.

Upstream's patterns accept any of ~1,500 top-level domains after any dotted run of letters, with
no boundary on either side, so "jane.smith@oakfield.sch.uk" gave a URL "jane.sm" (San Marino)
and "dr.patel" gave "dr.pa" (Panama), leaking the rest of the name. Here a web address

* never starts or ends inside a word, a dotted name or an e-mail address;
* with a scheme (``https://``) or ``www.`` may be on any domain;
* written bare counts only on the common web endings (.com, .org, .net, .co.uk, .gov.uk,
  .nhs.uk, .sch.uk, ...), where a dotted word is a site and not a name written with a dot.

An e-mail address is the e-mail recogniser's: a URL inside it loses the overlap to the longer
EMAIL_ADDRESS span. A national public-service site every family is pointed to (www.gov.uk,
www.nhs.uk, childline.org.uk, a council's or police force's site) identifies no one and stays,
like the names of those bodies (see ``vocabulary.PUBLIC_WEB_HOSTS``).
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import UrlRecognizer

from referral_nlp.redaction.taxonomy import URL
from referral_nlp.redaction.vocabulary import is_public_web_address

#: Not glued to a word, a dotted name, an address's "@", or a path.
_BEFORE = r"(?<![\w@.\-/])"
_LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
_HOST = _LABEL + r"(?:\." + _LABEL + r")+"
_PORT = r"(?::[0-9]{2,5})?"
#: A path, query or fragment; it does not end on sentence punctuation.
_PATH = r"(?:[/?#](?:[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?])?)?"
#: Endings on which a bare domain is taken for a web address.
_WEB_SUFFIXES = (
    # ... and, in lower case, the link-in-bio hosts a child's profile points to (linktr.ee,
    # beacons.ai, bio.link): "upset.Link worker" is a sentence without its space.
    r"(?:com|org|net|info|biz|edu|gov|io|co|app|dev|online|site|tv|me|ly|(?-i:ee|ai|bio|link|gg)"
    r"|(?:co|org|gov|ac|nhs|sch|police|ltd|plc|me|net|mod|parliament)\.uk|uk|ie|eu)"
)
#: Not followed by more of a word, host or address.
_AFTER = r"(?![\w@\-]|\.[a-z0-9])"


class WebAddressRecognizer(UrlRecognizer):
    """A URL with a scheme or ``www.``, or a bare domain on a common web ending.

    Scores: 0.6 with a scheme or ``www.``, 0.5 for a bare domain.

    :param supported_entity: Entity name reported for each match.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "URL with scheme",
            _BEFORE + r"(?:https?|ftp)://" + _HOST + _PORT + _PATH + _AFTER,
            0.6,
        ),
        Pattern("www address", _BEFORE + r"www[0-9]{0,3}\." + _HOST + _PORT + _PATH + _AFTER, 0.6),
        Pattern(
            "bare domain on a web ending",
            _BEFORE + r"(?:" + _LABEL + r"\.)+" + _WEB_SUFFIXES + _PORT + _PATH + _AFTER,
            0.5,
        ),
    ]

    def __init__(self, supported_entity: str = URL) -> None:
        super().__init__(patterns=self.PATTERNS, supported_entity=supported_entity)

    def invalidate_result(self, pattern_text: str) -> bool:
        """Drop a national public-service or public body's site ("www.gov.uk/child-benefit").

        :param pattern_text: The matched text.
        """
        return is_public_web_address(pattern_text)
