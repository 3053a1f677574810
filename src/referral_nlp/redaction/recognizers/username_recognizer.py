"""UsernameRecognizer: social-media handles, gamertags and account usernames.

Exploitation and bullying referrals quote the accounts a child is contacted through: a Snapchat
name, an Instagram or TikTok ``@handle``, an Xbox gamertag. Each names one person as surely as
their name does. A handle counts when it

* starts with ``@`` (and is not the second half of an e-mail address or a clock time), or
* follows a platform and a word that says a name comes next ("Snapchat name", "Instagram
  handle", "PSN id", "WhatsApp profile name", "gamertag", "username"), or an account word and
  a colon ("Instagram account: x"), or
* follows a platform directly, or after "user" or "account", and looks like a handle, with a
  digit, an underscore or a dot inside ("Snapchat bigman_k44", "on Instagram as kayjay.drip",
  "TikTok user lil.mo_9"), or after the platform and "his name is" ("on Roblox, her name is
  x_y12"); "Snapchat messages" is not one, or
* follows a log-in word ("UC journal login (kerry.ann04)", "user ID: x") and looks like a
  handle, or stands in quotes after an account word and looks like one ('account
  "callumr_07"'), or in quotes in brackets straight after a platform ("discord ('lilxvoid')"), or
* follows an account word and looks like a handle ("add my other acc kxng_backup", "Reporting
  account: PoppySquad2013"), or holds an underscore after a naming word ("someone called
  lil_smokey_k"), or speaks
  after the time on an exported chat's line ("23:41 nightowl_mike: how old r u"), or
* is Discord's tag, a name with "#" and four digits ("nightshade#4421"), cue or none, or
* is a payment app's ``$cashtag`` ("$jodieP22": a letter after the "$", so "$50" is money),
  or holds an underscore and a digit or a dot ("j.smith_edt", "callumr_07"): no word or name
  does, though a program's names may ("street_name").
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from referral_nlp.redaction.english_words import english_dictionary
from referral_nlp.redaction.recognizers.cued_pattern_recognizer import CuedPatternRecognizer
from referral_nlp.redaction.taxonomy import USERNAME
from referral_nlp.redaction.vocabulary import RECORD_SYSTEMS, SOCIAL_CARE_TERMS

_PLATFORM = (
    r"(?:snapchat|snap|instagram|insta|ig|tiktok|tik[ ]tok|facebook|fb|messenger|whatsapp"
    r"|discord|xbox(?:[ ]live)?|psn|playstation(?:[ ]network)?|steam|roblox|fortnite"
    r"|minecraft|twitter|telegram|kik|twitch|youtube|threads|bereal|yubo|wizz|reddit"
    r"|onlyfans|tumblr|pinterest|tinder|grindr|hinge|bumble|wechat|viber)"
)
#: Words that say the next token is the account's name ("Snapchat name is", "PSN id").
_NAME_WORD = (
    r"(?:(?:profile|account|display|screen|user|gamer)[ ]?)?"
    r"(?:user[ ]?name|handle|name|id|tag|gamer[ ]?tag)"
)
#: Words for the account itself: a name follows only after a colon or "called" ("Instagram
#: account: x", not "Facebook page was mentioned").
_ACCOUNT_WORD = r"(?:account|acc|profile|page|channel)"
#: What joins a cue to its handle: "gamertag: x", "username is x", "gamer tag is called x" (the
#: longer join first, or "called" itself would be read as the handle).
_JOIN = r"[ ]?(?:(?:is|was)[ ](?:called|named)|is|was|called|as|[:\-=(])?[ ]?"
_STRICT_JOIN = r"[ ]?(?:called|named|[:\-=(])[ ]?"
#: Discord's classic tag ends in "#" and four digits ("kayden#4412"); the number is part of it.
_DISCRIMINATOR = r"(?:#[0-9]{4})?"
#: A handle: letters of any alphabet ("@rugilė2009", "@ngọc.anh06"), digits, underscores and
#: inner dots or hyphens, at least one letter (a bare number after "WhatsApp" is the phone
#: recognisers' business); an "@" may lead. (Presidio compiles patterns with ``regex``.)
_HANDLE = (
    r"(?=@?[\p{L}0-9_.\-]*\p{L})@?[\p{L}0-9_](?:[\p{L}0-9_.\-]{0,28}[\p{L}0-9_])?" + _DISCRIMINATOR
)
_END = r"(?![\w@]|[.\-][\p{L}0-9])"
#: A word shaped like a handle, not a name: a digit, an underscore or an inner dot in it
#: ("bigman_k44", "kayjay.drip"), where the cue alone does not say a name comes next.
_HANDLE_SHAPED = r"(?=@?[\p{L}0-9_.\-]*(?:[0-9_]|\.[\p{L}0-9]|#[0-9]{4}))"
#: A handle with three letters or more in five characters or more: "s.20", "CIN2", "CP1" and
#: "Y10" (an Act's section, a plan, a school year) are not one, though shaped like one.
_WORDY = r"(?=[\p{L}0-9_.\-#]{5})(?=(?:[0-9_.\-#]*\p{L}){3})"
#: The handle after a cue, reported without the cue.
_VALUE = r"(?P<value>" + _HANDLE + r")"
#: The pattern whose words must not be English ones (see ``UsernameRecognizer.analyze``).
_QUOTED_IN_BRACKETS = "quoted handle in brackets after a platform"
#: The pattern that takes a quoted display name after an account's cue.
_QUOTED_AFTER_ACCOUNT_CUE = "quoted display name after an account's cue"
#: The patterns whose matches are dropped when the dictionary holds every word.
_DICTIONARY_CHECKED = frozenset({_QUOTED_IN_BRACKETS, _QUOTED_AFTER_ACCOUNT_CUE})
#: Words for the name an account is logged in with.
_LOGIN_WORD = r"(?:log[ \-]?in|sign[ \-]?in|user[ ]?id|login[ ]?id|account[ ]?id)"


#: Words a "#" and a number follow that name no account: the field's words, record systems,
#: and things numbered in a record ("ref#4421", "CAD#1234", "exhibit#0012").
_NUMBERED_THINGS = (
    SOCIAL_CARE_TERMS
    | frozenset(system for systems in RECORD_SYSTEMS.values() for system in systems)
    | frozenset(
        """ref no num case room ticket item id job order invoice incident log crime bed bay ward
        flat unit page line call tel ext occurrence exhibit locker collar cell referral
        cad""".split()
    )
)


class UsernameRecognizer(CuedPatternRecognizer):
    """``@handle``; a name after a platform and a name word; a handle-shaped word after a
    platform; anything after "username", "gamertag" or "handle". All score 0.6.

    :param supported_entity: Entity name reported for each match.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "at-handle",
            r"(?<![\w@.])@(?=[\p{L}0-9_.]*[\p{L}_])[\p{L}0-9_](?:[\p{L}0-9_.]{0,28}[\p{L}0-9_])?"
            + _END,
            0.6,
        ),
        Pattern(
            "platform and name word",
            r"\b" + _PLATFORM + r"[ ]?" + _NAME_WORD + r"\b" + _JOIN + _VALUE + _END,
            0.6,
        ),
        Pattern(
            "platform, account word and a colon",
            r"\b" + _PLATFORM + r"[ ]?" + _ACCOUNT_WORD + r"\b" + _STRICT_JOIN + _VALUE + _END,
            0.6,
        ),
        Pattern(
            "handle-shaped word after a platform",
            r"\b(?:on[ ])?"
            + _PLATFORM
            # "Instagram user k.m_04", "TikTok account x_y9", "Discord (user X#4421)": the
            # handle's shape is the evidence, so a bare "user" or "account" may stand between.
            + r"\b(?:[ ]?[(,]?[ ]?(?:user|account|acc|profile))?"
            + _JOIN
            # ... or a capital inside the word: a display name ("Discord user ShadowKing"). A
            # quote may open a handle ('her Snapchat is "kayla.xo"', reported without it), not
            # a display name: 'TikTok is "ForYou"', 'Xbox is "GamePass"' are the platform's.
            + r"(?:[\"“](?=@?[a-z0-9_.\-]*(?:[0-9_]|\.[a-z0-9]|#[0-9]{4}))"
            r"|(?=@?[a-z0-9_.\-]*(?:[0-9_]|\.[a-z0-9]|#[0-9]{4}|(?-i:[a-z][A-Z]))))"
            + _VALUE
            + _END,
            0.6,
        ),
        Pattern(
            "handle in brackets after a platform's mention",
            # "put a video on his snap story (masonnn.7)", 'a guy I know off Insta"
            # (sheff_kdz)': the account the sentence names, in brackets straight after it.
            r"\b" + _PLATFORM + r"(?:[ ][a-z]+){0,2}[\"”']?[ ]?\("
            r"(?=[\p{L}0-9_.\-]*(?:[0-9_]|\.[\p{L}0-9]))" + _WORDY + _VALUE + r"\)",
            0.6,
        ),
        Pattern(
            _QUOTED_IN_BRACKETS,
            # "break-up w/ bf on discord ('lilxvoid')": a quoted word in brackets straight after
            # the platform is the account's name, whatever its shape, but for an English word
            # ("Instagram ('finsta')", "Snapchat ('streaks')": a feature; see ``analyze``).
            r"\b" + _PLATFORM + r"[ ]?\([ ]?[\"“'‘]" + _WORDY + _VALUE + r"[\"”'’][ ]?\)",
            0.6,
        ),
        Pattern(
            "handle-shaped name after a platform and 'his name is'",
            # "chatting on Roblox, her name is x_y12": the platform names the account, and the
            # handle's shape (a digit, an underscore or a dot) tells it from a real name.
            r"\b"
            + _PLATFORM
            + r"\b,?[ ](?:and[ ])?(?:his|her|their|the)[ ](?:user[ ]?)?name[ ](?:is|was)[ ]"
            + _HANDLE_SHAPED
            + _VALUE
            + _END,
            0.6,
        ),
        Pattern(
            "after username or gamertag",
            r"\b(?:user[ ]?name|gamer[ ]?tag|handle|screen[ ]?name)s?\b" + _JOIN + _VALUE + _END,
            0.6,
        ),
        Pattern(
            "handle-shaped word after a log-in word",
            r"\b" + _LOGIN_WORD + r"s?\b" + _JOIN + _HANDLE_SHAPED + _VALUE + _END,
            0.6,
        ),
        Pattern(
            "quoted handle after an account word",
            # "between @x and user 'tee.x.mari'": "user" before a quoted handle too.
            r"\b(?:account|profile|login|tag|channel|page|user)s?\b[ ]?(?:name)?"
            + _JOIN
            + r"[\"“'‘]"
            + _HANDLE_SHAPED
            + _VALUE
            + r"[\"”'’]",
            0.6,
        ),
        Pattern(
            _QUOTED_AFTER_ACCOUNT_CUE,
            # 'app acct "JayJay"', 'has posted as "Shiv McG"': in double quotes after a word
            # for an account's name, a display name of up to three words, unless every word is
            # in the dictionary ('acct "frozen"', 'posted as "Anonymous"'; see ``refine``).
            # "Her account 'was scared'" is an account of events: no such cue here.
            r"\b(?:acct|(?:account|display|profile|screen)[ ]name|posted[ ]as|posts[ ]as"
            r")\b[ ]?:?[ ]?[\"“]"
            r"(?P<value>(?-i:[A-Za-z0-9][\w.\-]{1,20}(?:[ ][A-Z][\w.\-]{0,20}){0,2}))[\"”]",
            0.6,
        ),
        Pattern(
            "handle-shaped word after an account word",
            # "add my other acc kxng_backup", "her account tashaaa_m": the handle's shape (a
            # digit, an underscore or a dot) says a name follows, platform or not; "account
            # no. 12" is a bank's, "Vol acc s.20" a child's accommodation under the Act: a
            # handle starts with a letter and has three letters and five characters.
            r"\b(?:acc|account|profile)s?\b(?:[ ]?:)?[ ](?:is[ ]|called[ ]|named[ ])?"
            r"(?!(?:no|nos|num|nr)\.)(?=[a-z])" + _WORDY + _HANDLE_SHAPED + _VALUE + _END,
            0.6,
        ),
        Pattern(
            "underscored handle after a naming word",
            # "someone called lil_smokey_k", "known as kxng_backup": no word or name holds an
            # underscore, and the naming word says an account's name follows.
            # "his name on there is masonxx_beast": the name an account shows.
            r"\b(?:called|named|known[ ]as|goes[ ]by|as"
            r"|name[ ](?:on[ ](?:there|it|that|snap|insta|tiktok)[ ])?(?:is|was))[ ]"
            r"(?=[a-z0-9.]*[a-z0-9]_[a-z0-9])" + _WORDY + _VALUE + _END,
            0.6,
        ),
        Pattern(
            "chat speaker after a time",
            # An exported chat's lines: "23:41 nightowl_mike: how old r u", "[03/04/2024 23:41]
            # lewy.t2010: 13". A handle-shaped speaker after the time is the account's name.
            # A time is "23:41" or "23:41:05", or "23.41" alone: "12.03.24 S47:" is a
            # chronology's date and a section of the Act.
            r"(?m)^[ \t]*\[?(?:[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4},?[ ])?[0-9]{1,2}"
            r"(?::[0-9]{2}(?::[0-9]{2})?|\.[0-9]{2}(?![.0-9]))\]?[ ]?(?:[-–][ ]?)?(?=[a-z])"
            # A digit or an underscore in it, or an inner dot in lower case: "Re.ref:" is a
            # label; three letters at least: "14:00 CP1:" and "10:30 s.47:" are a plan's.
            r"(?=[a-z0-9_.\-#]*[0-9_]|(?-i:[a-z][a-z0-9\-]*\.[a-z0-9]))"
            + _WORDY
            + _VALUE
            + r"[ ]?:(?=[ \t]|$)",
            0.6,
        ),
        Pattern(
            "Discord tag",
            # "bullied by nightshade#4421": a name, "#" and four digits is Discord's tag, cue
            # or none; "ref#4421", "CAD#1234" and "exhibit#0012" number a thing (see
            # ``invalidate_result``: the field's words and record systems are no accounts).
            r"(?<![\w@#.\-/])"
            + _WORDY
            + r"[a-z0-9_](?:[a-z0-9_.]{0,30}[a-z0-9_])?#[0-9]{4}(?![\w#])",
            0.6,
        ),
        Pattern(
            "cashtag",
            r"(?<![\w$£€])\$(?=[a-z0-9_]*[a-z])[a-z][a-z0-9_]{1,19}" + _END,
            0.6,
        ),
        Pattern(
            "handle after a forum or chat cue",
            # "Reply from TeaAndToast_Mum:", "Original post by SleeplessInSelly", "Young
            # person: jadeyboo_x": a forum's or a chat's poster, shaped like a handle (a digit,
            # an underscore, an inner dot, or two capitals inside a word), not "Reply from Mum".
            r"\b(?:(?:posts?|posted|repl(?:y|ies|ied)|comments?|commented|messages?|sent|written)"
            r"[ ](?:by|from|as)|reply[ ]from|from[ ]user|young[ ]person|sender|sent[ ]to)"
            # "Posted by: X", "post by 'X'": a colon, a quote or both may stand between.
            r"[ ]?:?[ ][\"“'‘]?"
            r"(?=[a-z0-9]*(?:[0-9_]|\.[a-z0-9]|(?-i:[a-z][A-Z][a-z0-9]*[a-z][A-Z])))"
            + _WORDY
            + _VALUE
            + _END,
            0.6,
        ),
        Pattern(
            "chat speaker in angle brackets after a time",
            # A game server's or an IRC-style log: "[18:02] <ElliPugh_YT> who took my sword".
            # The nick between angle brackets after the time is the account's name.
            r"(?m)^[ \t]*\[?[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\]?[ ]?<(?P<value>[^\s<>@]{2,32})>[ ]",
            0.6,
        ),
        Pattern(
            "word of three capitalised parts and a digit or an underscore",
            # "TiagoTheGoat07", "TeaAndToast_Mum": words run together in capitals, with a
            # number or an underscore, are a gamertag's or a forum name's shape, cue or none;
            # a product or a service name ("PlayStation", "YouTube", "TalkToFrank") has no
            # digit or underscore glued to it.
            r"(?<![\w@#.\-/\\$\{])(?-i:(?=[A-Za-z0-9_]*[0-9_])(?=(?:[A-Za-z0-9_]*?[a-z][A-Z]){2})"
            r"[A-Za-z][A-Za-z0-9_]{4,30})" + _END,
            0.6,
        ),
        Pattern(
            "word with an underscore",
            # "j.smith_edt", "callumr_07": an underscore inside a word, with a digit or a dot
            # as well, is a login's; "street_name" and "client_ip" in a template or a query
            # are a program's, and a file name ("notes_v2.docx") is left alone.
            r"(?<![\w@.\-/\\$\{])(?=[a-z0-9.]*[a-z0-9]_[a-z0-9])(?=[a-z0-9_.]*(?:[0-9]|\.[a-z0-9]))"
            r"[a-z0-9]+(?:[._][a-z0-9]+)+" + _END,
            0.6,
        ),
    ]
    CUE_SCREEN = re.compile(
        r"\b(?:" + _PLATFORM + r"|user ?name|gamer ?tag|handle|screen ?name|log ?-?in|sign ?-?in"
        r"|user|account|acc\b|acct|profile|tag|channel|page|post(?:s|ed)?[ ]as|display|screen)",
        re.IGNORECASE,
    )
    CUED_PATTERNS = frozenset(
        {
            "platform and name word",
            "platform, account word and a colon",
            "handle-shaped word after a platform",
            "handle in brackets after a platform's mention",
            _QUOTED_IN_BRACKETS,
            "handle-shaped name after a platform and 'his name is'",
            "after username or gamertag",
            "handle-shaped word after a log-in word",
            "quoted handle after an account word",
            _QUOTED_AFTER_ACCOUNT_CUE,
            "handle-shaped word after an account word",
        }
    )
    CONTEXT: ClassVar[list[str]] = ["snapchat", "instagram", "tiktok", "username", "gamertag"]

    #: Words that follow a platform cue without being an account name.
    NOT_HANDLES: ClassVar[frozenset[str]] = frozenset(
        """unknown not n/k nk none tbc tbd unclear private deleted blocked and or the a an to
        on in is was of for with by at from account accounts messages message app group chat
        chats video videos story stories live call calls post posts photo photos picture
        pictures pic pics images image link links page profile name names username handle
        finsta rinsta
        user friend friends followers request requests he she they him her them his their
        it this that which who said says called named out up off over back down away
        something after because""".split()
    )
    #: Products whose names run words together with a model number.
    PRODUCT_STEMS: ClassVar[tuple[str, ...]] = tuple(
        """macbook ipad iphone ipod airpods imac applewatch galaxy pixel playstation xbox
        nintendo switch reddead grandtheft gta callofduty fifa eafc nhs111 liquidlogic""".split()
    )
    #: A web site's host: "gov.uk", "Outlook.com" ("ghostrider.uk" may be a handle).
    _WEB_HOST = re.compile(
        r"(?:[a-z0-9\-]+\.)*(?:gov|nhs|co|org|ac|sch|police)\.uk|[a-z0-9\-.]+\.(?:com|org|net)",
        re.IGNORECASE,
    )
    _NUMBERED_THING = re.compile(r"(?P<thing>[^#]+)#[0-9]{4}")
    #: A digit, an underscore, an inner dot or a capital inside: a handle's shape, not a word's.
    _HANDLE_SHAPE = re.compile(r"[0-9_]|\w\.\w|[a-z][A-Z]")
    _CLOCK = re.compile(r"@?\d{1,2}(?:[.:]\d{2})?(?:am|pm|hrs?)?", re.IGNORECASE)
    #: "Snapchats", and a console's model: "PlayStation5", "Xbox360".
    _PLATFORM_NAME = re.compile(_PLATFORM + r"(?:s|[ ]?[0-9]{1,3})?", re.IGNORECASE)
    #: A file's name ends in its type: "notes_v2.docx" names a document, not an account.
    _FILE_NAME = re.compile(
        r".*\.(?:docx?|pdf|xlsx?|csv|txt|rtf|odt|jpe?g|png|gif|heic|mp[34]|mov|wav|zip|pptx?|msg|eml)",
        re.IGNORECASE,
    )

    def __init__(self, supported_entity: str = USERNAME) -> None:
        super().__init__(
            supported_entity=supported_entity, patterns=self.PATTERNS, context=self.CONTEXT
        )

    def refine(
        self, text: str, results: list[RecognizerResult], nlp_artifacts: NlpArtifacts | None
    ) -> list[RecognizerResult]:
        english = None if nlp_artifacts is None else english_dictionary(nlp_artifacts.tokens)
        # A quoted word in brackets after a platform that the dictionary holds names one of the
        # platform's features ("Snapchat ('streaks')"), unless shaped like a handle; without a
        # dictionary every such word counts (a feature redacted, never a handle leaked).
        # So is a quoted display name after an account's cue all of whose words it holds.
        return [
            r
            for r in results
            if r.analysis_explanation.pattern_name not in _DICTIONARY_CHECKED
            or self._HANDLE_SHAPE.search(text[r.start : r.end])
            or english is None
            or not all(self._english_word(w, english) for w in text[r.start : r.end].split())
        ]

    @staticmethod
    def _english_word(word: str, english) -> bool:
        """``word`` or its singular is in the dictionary, which holds base forms ("streaks")."""
        low = word.lower()
        return any(w in english for w in (low, low.removesuffix("s"), low.removesuffix("es")))

    def invalidate_result(self, pattern_text: str) -> bool:
        """Drop everyday words after a platform ("Snapchat account"), times ("@5pm") and file
        names ("notes_v2.docx").

        :param pattern_text: The matched text.
        """
        word = pattern_text.lstrip("@").lower()
        tagged = self._NUMBERED_THING.fullmatch(word)
        return (
            word in self.NOT_HANDLES
            # "message from gov.uk", "sent from Outlook.com": a web site, not an account.
            or self._WEB_HOST.fullmatch(word) is not None
            # "MacBookPro2", "iPadPro11", "RedDeadRedemption2": a product and its model.
            or word.startswith(self.PRODUCT_STEMS)
            # "CAD#1234", "Referral#2210", "locker#0412": a system's or a thing's number.
            or (tagged is not None and tagged["thing"] in _NUMBERED_THINGS)
            or self._CLOCK.fullmatch(pattern_text) is not None
            or self._FILE_NAME.fullmatch(pattern_text) is not None
            or self._PLATFORM_NAME.fullmatch(word) is not None  # "on Snapchat TikTok"
        )
