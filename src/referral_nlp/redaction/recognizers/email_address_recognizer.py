"""EmailAddressRecognizer: Presidio's e-mail recogniser, with UK school domains accepted.

Upstream checks an address by asking tldextract for its registrable domain. The public-suffix
list names every ``*.sch.uk`` name as a suffix in its own right (each school is its own
registry), so for ``dsl@oakfield.sch.uk`` tldextract finds a suffix and no domain, and upstream
drops the address. Then only the URL recogniser saw the text, and it matched pieces of it. Here an
address on any known public suffix is certain (1.0), every school address included. Unlike
upstream, an address whose ending no list knows is kept at the pattern's score instead of
dropped: a mistyped ending ("@gmail.con") or a made-up one ("@quickmail.example") still carries
the person's name, and redaction fails closed. Only a picture's file name ("logo@2x.png") is
refused; upstream's pattern already needs a dot in the host, so ``name@localhost`` never matches.
"""

from __future__ import annotations

import re

import tldextract
from presidio_analyzer.predefined_recognizers import EmailRecognizer

from referral_nlp.redaction.taxonomy import EMAIL_ADDRESS

#: A host's last label that makes the match a file's name: "logo@2x.png" is a high-resolution image.
_FILE_ENDING = re.compile(
    r"(?i:png|jpe?g|gif|svg|webp|heic|bmp|tiff?|ico|pdf|docx?|xlsx?|txt|csv|mp[34]|mov)"
)
#: An ending no list knows that still ends an address: lower case and short, as a domain's is
#: ("con", "example"); "seen@home.Mum said" and "Mum@work.tomorrow" are sentences run together.
_UNKNOWN_ENDING = re.compile(r"[a-z]{2,7}")


class EmailAddressRecognizer(EmailRecognizer):
    """Upstream's pattern and context; a host on any public suffix (``*.sch.uk`` too) is valid.

    :param supported_entity: Entity name reported for each match.
    """

    def __init__(self, supported_entity: str = EMAIL_ADDRESS) -> None:
        super().__init__(supported_entity=supported_entity)

    def validate_result(self, pattern_text: str) -> bool | None:
        """True on a known public suffix ("gov.uk", "oakfield.sch.uk"); None (the pattern's
        score) on an ending of letters no list knows; False on a file's name or a number.

        :param pattern_text: The matched address.
        """
        host = pattern_text.rsplit("@", 1)[-1]
        if host_has_public_suffix(host):
            return True
        ending = host.rsplit(".", 1)[-1]
        unknown_but_shaped = _UNKNOWN_ENDING.fullmatch(ending) and not _FILE_ENDING.fullmatch(
            ending
        )
        return None if unknown_but_shaped else False


def host_has_public_suffix(host: str) -> bool:
    """True when ``host`` ends in a known public suffix ("gov.uk", "oakfield.sch.uk")."""
    return tldextract.extract(host).suffix != ""
