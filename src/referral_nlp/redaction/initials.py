"""What a person's undotted initials look like ("JL", "K", "ak"), and the short words that are not.

Two or three letters alone cannot tell a person's initials from the field's abbreviations (SW,
HV, TA, GP), from a chat's shorthand (ok, fyi, thx) or from a short English word (am, is, go).
The rules that read initials (:mod:`recognizers.initials_recognizer` and the sign-off line of
:mod:`recognizers.correspondence_name_recognizer`) decide *where* a token names someone; this
module decides whether the token *could*, so both rules refuse the same words.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from referral_nlp.redaction.vocabulary import SOCIAL_CARE_TERMS

#: Professionals' titles and other abbreviations a note writes before a verb as the field's
#: vocabulary does ("TA said", "FSW visited", "HT agreed"), upper case. The field vocabulary
#: (``SOCIAL_CARE_TERMS``) holds the commonest (SW, HV, DSL, GP, PC); these are the rest.
PROFESSIONAL_ABBREVIATIONS: frozenset[str] = frozenset(
    """TA PA RM HT DHT CT KW FC YW EP OT CM LO PM MP RN DJ CG AP SN FSW ISW PSA EWO MW RGN RMN
    HCA ANP ENP SHO SPR FY CNS HOY HOD DM IO AO CO CSO BSL SLT SMT CPS IOPC ICB LSCP PRU ARP
    SALT SAR MDT OOH ENT EYP EYS FE HE UK US EU UN TV IT PE RE HR IP ID ST DR MR MS NB PS CC
    BW KR VS AA NA SU RA FH DH DOH AKA ETA TBC TBA FYI ASAP NFA ICT RSE PSHE CEO MD GM
    AHT LSA HLTA NQT ECT SBM PEP HOS DCS DTM CSM HQ
    PR BP CE SA RP IV BM RR DT QC KC BT TC HB GCS CBG MRI ECG EEG HPV CME EHE NEET FSM OCD
    ASB CSA CSE CCE DNA DNR NOK ICU HDU NICU SCBU ITU PP NPS HMP RHI WA CRC YOI STC
    EDD UTI STI CBT UAS NBV RTC MFH NRM HBV DVA SMS
    OK UA LD KS HC BG GA FU AE WC WB NK NR SF GF BF BA MA""".split()
)

#: Professionals' roles by abbreviation, lower case: written before a professional's initials
#: ("sw ak", "DSL KM"), and never initials beside a role ("Paula Adams (personal adviser, PA)").
ROLE_ABBREVIATIONS: frozenset[str] = frozenset(
    "sw ssw hv tm dsl ddsl gp pc fsw isw iro sn mw ta ewo pa kw yw senco ep ot lsa hlta".split()
)

#: Abbreviations in that list that name no role: "kind regards", "best wishes", a Member of
#: Parliament, a general manager. Before a role in brackets they are a person's initials ("KR
#: (school nurse)"), where a role's abbreviation is not ("HT (DSL)").
NOT_ROLE_ABBREVIATIONS: frozenset[str] = frozenset({"KR", "BW", "MP", "GM"})

#: Single capitals that are a word, not an initial: the article and the pronoun, and text
#: speak's "U" and "R" ("U said u would").
NOT_SINGLE_INITIALS: frozenset[str] = frozenset({"A", "I", "O", "U", "R"})

#: Short lower-case words and shorthand a note or a message writes alone or after a role, which
#: are not initials (lower case; stop words are refused as well).
SHORT_WORDS: frozenset[str] = frozenset(
    """ok ta ty tx thx fyi tbc tba asap cc pp bw kr rgds np xx xxx lol omg brb nb ps eod ooo
    nfa end ends nil yes bye hi hey ah oh eh uh um er yo ya yh ye aw no na nah yep yup
    re eg ie vs via etc aka eta dob tel mob ref app pm am hr hrs yr yrs wk wks mo mth min max
    mg ml kg cm mm km ft lb st rd nd th dr mr ms mx tv pc uk gp sw hv tm dsl pe it id ip
    ad ax ay ba bi bo da de di ee ef el em es fa gi gu ha hm ho id jo ka ki la li lo ma mi
    mu na ne nu od oe oi om op os ow oy pa pi po qi sh si ti ut xi xu za zo
    up go do be me my we he us an as at by if in is of on or so to
    idk tbh omw lmk kk pls plz soz ttyl tho thru wyd hbu nvm rn ve oui non tak nie ja nee si fi
    han tc bp obs hb rr gtg imo idc ffs smh wtf
    vc sv uv ua dp rv fu hx ph wb bb tn ur ww hw fb ig bc bf gf tt yt sc ss cs sms wc""".split()
)


#: Initials in mixed case, as a signature or a staff column writes them: "SMcG", "SMacL", "LMc",
#: "HPr"; not a plural ("GPs").
MIXED_CASE_INITIALS = re.compile(r"[A-Z]{1,2}[a-z]{1,3}[A-Z]|[A-Z]{2}(?!s\b)[a-z]{1,2}")
#: Abbreviations written in mixed case, which that shape would take.
MIXED_CASE_ABBREVIATIONS: frozenset[str] = frozenset(
    "HoY HoS HoD DfE MoJ MoD NoK PoA YoT DoB DoH PhD MSc BSc BEd MEd BTec GCSe".split()
)


def could_be_mixed_case_initials(word: str) -> bool:
    """``word`` has the shape of mixed-case initials ("SMcG") and is no abbreviation ("DfE")."""
    return MIXED_CASE_INITIALS.fullmatch(word) is not None and word not in MIXED_CASE_ABBREVIATIONS


def could_be_initials(word: str, *, max_letters: int = 3) -> bool:
    """``word`` is one to ``max_letters`` letters in one case that no list calls a word.

    One letter must be a capital and not in ``NOT_SINGLE_INITIALS``; two or three are all
    capitals or all lower case ("JL", "ak"), and neither a stop word, a short word or shorthand
    (``SHORT_WORDS``), the field's vocabulary, nor a professional's abbreviation.
    """
    if not word.isalpha() or not 1 <= len(word) <= max_letters:
        return False
    if len(word) == 1:
        return word.isupper() and word not in NOT_SINGLE_INITIALS
    # Capitals may carry accents ("ÉL"); in lower case only plain letters, where a short word
    # of another language ("él", "tak") is as likely.
    if not (word.isupper() or (word.islower() and word.isascii())):
        return False
    low = word.lower()
    if low in STOP_WORDS or low in SOCIAL_CARE_TERMS or word.upper() in PROFESSIONAL_ABBREVIATIONS:
        return False
    # The short words and units are lower-case words: in capitals "KM" and "JO" are initials.
    return word.isupper() or low not in SHORT_WORDS
