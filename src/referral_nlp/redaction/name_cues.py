"""Words around a person's name in referral notes, for the person recogniser.

Cues before a name make the next word one ("mum sarah", "SW: Priya", "said Zeljko to",
"Name: ..."); words after it confirm it ("Babatunde Obi threatened"); and some words that look
like names next to a cue are not ("Type A", "Will Mum").
"""

from __future__ import annotations

#: A person's place in the family: before a name it labels it ("mum sarah"), and in brackets
#: after a word it says the word is a name ("kasia (mum)").
KIN_ROLES = frozenset(
    """mum mother mom dad father stepdad stepfather stepmum stepmother partner boyfriend
    girlfriend husband wife brother sister son daughter sibling grandmother grandma nan nana
    nanna gran grandfather grandad granddad aunt auntie uncle cousin niece nephew carer stepson
    stepdaughter grandson granddaughter fiance fiancé fiancee fiancée spouse godmother
    godfather gf bf hubby missus fella daddy mummy mommy mam mammy mama papa granny grandpa
    grampa gm pgm mgm pgf mgf bro sis aunty nanny ex wifey hubbie boyf girlf""".split()
)
#: The same roles in the other languages of England's and Wales's families, as notes write
#: them when the family does: Welsh, Scots, South Asian, Polish, Romanian, Italian, Greek,
#: Somali, Turkish, Chinese and Irish words for a grandparent, parent, aunt, uncle or elder
#: sibling ("Taid (Emrys Pugh)", "nani shazia"). Unaccented, as a note types them; words that
#: are also names (Abi, Anne, Baba, Didi, Taya, Amma, Dada, Tata) are left out:
#: these words are never redacted themselves.
KIN_ROLES_OTHER_LANGUAGES = frozenset(
    """taid nain mamgu tadcu dadcu bampi granda grandda gramps grampy grannie nannan nanan dadi
    nani nanaji naniji dadaji dadiji chacha chachi chachu mamu khala khalu phuphi phupho tayi
    bhai bhaiya baji bhabhi mausi ammi abbu babcia dziadek ciocia wujek tato bunica bunicul
    nonna nonno yiayia pappou papou ayeeyo awoowe hooyo aabo eedo abti anneanne babaanne teyze
    amca dayi nainai yeye laolao laoye mamo daideo""".split()
)
KIN_ROLES = KIN_ROLES | KIN_ROLES_OTHER_LANGUAGES
#: Verbs of speech: 'said Zeljko to Teresa', '..., says Hauta-aho.' The name must end the
#: clause, so "said Leeds was nice" and "said Yes" are not names.
SPEECH_CUES = frozenset({"said", "says", "asked", "replied", "added", "explained"})
#: Words after which the next name-like word is a person ("mum Sarah", "SW: priya").
ROLE_CUES = (
    KIN_ROLES
    | SPEECH_CUES
    | frozenset(
        """ex child baby sw dsl hv gp teacher headteacher head officer pc midwife worker nurse
        called named aka referrer applicant victim perpetrator friend neighbour kid kids
        christened assessor""".split()
    )
)
SPEECH_AFTER = frozenset({"to", "and", "in", "on", "at", "from", "with", "as", "when"})
INTERJECTIONS = frozenset(
    "yes no ok okay hello hi hey sorry thanks please goodbye bye well right sure".split()
)
#: One-word replies that a quote after "Mum:" or "known as" may hold and that name no one.
REPLY_WORDS = frozenset("fine whatever nobody never maybe nothing thanks cheers leave stop".split())
#: Cues that take an object pronoun before the name: "named him Luís", "called her Bee".
NAMING_CUES = frozenset({"named", "called", "christened", "nicknamed"})
#: Connectors allowed between a role cue and the name.
CUE_GAP = frozenset({",", ":", "-", "is", "was", "called", "named", "(", "'s"})

#: Tokens allowed between a name cue ("name is", "Name:") and the name itself.
NAME_CUE_GAP = frozenset({":", "is", "was", "-", "–", "?", "=", '"', "“", "'", "’s", "'s"})
QUOTES = frozenset({'"', "“", "”", "'", "‘", "’"})

#: Written after an English judge's surname.
JUDICIAL_SUFFIXES = frozenset({"J", "LJ", "JJ", "LJJ"})
#: Nouns followed by a letter that names a kind, not a person: "Type A", "Vitamin D", "Plan B".
LETTER_DESIGNATED = frozenset(
    """type vitamin plan group class block grade level year key stage part section appendix
    option category phase tier room ward bay flat unit hepatitis schedule annex annexe
    exhibit form size blood point zone wing floor team house building gate terminal platform
    route model series version channel row column table figure item list note box""".split()
)

#: Verbs whose subject is a person: what someone says, does to someone, or how they live.
PERSON_VERBS = frozenset(
    """said says told tells stated states reported disclosed discloses admitted admits denied
    denies threatened threatens phoned rang texted messaged hit hits punched pushed slapped
    kicked grabbed assaulted strangled shouted screamed swore refused agreed explained
    confirmed alleged alleges claimed claims cried spoke mentioned shared drinks
    drank smokes smoked lives lived works worked wants wanted feels felt thinks thought
    believes believed met visited""".split()
)
#: Forms of a person's verbs no modal stands before: after a name that is also a word ("will
#: said", "may told"), one shows the word is the note's Will or May. A list of its own, not
#: drawn from ``PERSON_VERBS``: a base form there ("hit", "met") may follow a modal.
FINITE_PERSON_VERBS = frozenset(
    """said says told tells disclosed discloses reported reports stated states admitted denied
    explained spoke rang texted messaged shouted cried wants wanted lives lived""".split()
)
#: Capitalised sentence openers that are people's roles, not their names: the role cues and a
#: few more ("Foster", "Paramedic", "School").
NOT_SUBJECT_NAMES = ROLE_CUES | frozenset(
    "foster caller paramedic school nursery college police".split()
)
#: Words a lower-case name in front of an age or DOB may follow ("with berat akbulut (DOB").
LEAD_INS = frozenset({"with", "and", "re", "of", "for", "to", "child", "sibling", "&"})
