"""UsernameRecognizer: handles after @ or a platform cue; not the words that follow platforms."""

from __future__ import annotations

import pytest
from recognizer_helpers import RecognizerTables

from referral_nlp.redaction.recognizers.username_recognizer import UsernameRecognizer
from referral_nlp.redaction.taxonomy import USERNAME

VALID = [
    pytest.param("Snapchat name bigman_k44, ok", ["bigman_k44"], id="Snapchat name"),
    pytest.param(
        "Instagram @kayjay.drip and TikTok @jodiep_xo",
        ["@kayjay.drip", "@jodiep_xo"],
        id="at-handles",
    ),
    pytest.param("posted from @jodiep_xo's account", ["@jodiep_xo"], id="possessive after handle"),
    pytest.param("messaged on Snapchat as bigman_k44.", ["bigman_k44"], id="on Snapchat as"),
    pytest.param("Xbox gamertag SlayerKing_77", ["SlayerKing_77"], id="gamertag"),
    pytest.param("Discord username ghostrider.uk", ["ghostrider.uk"], id="Discord username"),
    pytest.param("He also uses PSN id hjw_2011.", ["hjw_2011"], id="PSN id"),
    pytest.param(
        "Her WhatsApp profile name is DonnaP_84.", ["DonnaP_84"], id="WhatsApp profile name is"
    ),
    pytest.param("his username is ghost_07 and", ["ghost_07"], id="username is"),
    pytest.param("Instagram account: kayjaydrip", ["kayjaydrip"], id="account and colon"),
    pytest.param("met on Yubo (username tj.fresh).", ["tj.fresh"], id="username in brackets"),
    pytest.param("uses the handle ollie_b09 on TikTok", ["ollie_b09"], id="the handle"),
]
INVALID = [
    pytest.param("Snapchat messages were seen.", id="platform then a noun"),
    pytest.param("Her Facebook page was mentioned.", id="account word then a verb"),
    pytest.param("Told me about TikTok dances.", id="noun and a full stop"),
    pytest.param("Meeting @ 14.30 and @5pm.", id="times after an at sign"),
    pytest.param("Write to k@example.com", id="e-mail address"),
    pytest.param("WhatsApp: 07700 900123", id="a phone number after a platform"),
    pytest.param("Snapchat account unknown.", id="unknown"),
]


class TestUsernameRecognizer(RecognizerTables):
    recognizer_class = UsernameRecognizer
    entity = USERNAME
    valid = VALID
    invalid = INVALID
