"""EmailAddressRecognizer: Presidio's e-mail recogniser, with UK school domains accepted.

Upstream checks an address by asking tldextract for its registrable domain. The public-suffix
list names every ``*.sch.uk`` name as a suffix in its own right (each school is its own
registry), so for ``dsl@oakfield.sch.uk`` tldextract finds a suffix and no domain, and upstream
drops the address. Then only the URL recogniser saw the text, and it matched pieces of it. Here an
address counts when its host ends in any known public suffix, which keeps upstream's guard
against ``name@localhost`` and unknown endings while taking every school address.
"""

from __future__ import annotations

import tldextract
from presidio_analyzer.predefined_recognizers import EmailRecognizer

from referral_nlp.redaction.taxonomy import EMAIL_ADDRESS


class EmailAddressRecognizer(EmailRecognizer):
    """Upstream's pattern and context; a host on any public suffix (``*.sch.uk`` too) is valid.

    :param supported_entity: Entity name reported for each match.
    """

    def __init__(self, supported_entity: str = EMAIL_ADDRESS) -> None:
        super().__init__(supported_entity=supported_entity)

    def validate_result(self, pattern_text: str) -> bool:
        """True when the host ends in a known public suffix ("gov.uk", "oakfield.sch.uk").

        :param pattern_text: The matched address.
        """
        return host_has_public_suffix(pattern_text.rsplit("@", 1)[-1])


def host_has_public_suffix(host: str) -> bool:
    """True when ``host`` ends in a known public suffix ("gov.uk", "oakfield.sch.uk")."""
    return tldextract.extract(host).suffix != ""
