"""CorrespondenceNameRecognizer: names placed by the layout of messages copied into notes.

Referrals paste in chat exports, e-mails and letters, and their layout says where a name is
even when the name is in no list ("Smudge", "Deano"):

* a chat export's speaker label: a time (after a date, or in brackets), a dash and the name
  before a colon, on two lines of the text or more ("21/04/2024 22:41 - Smudge: u up",
  "[22:41] Smudge: where r u"); a single such line may be a chronology entry;
* a group chat's or class stream's speaker, a full name before the time and a dash ("Will
  Okonkwo 20:43 – no but"), on two lines of the text or more;
* a typed-out chat's speaker with no time ("ellie: hes bein weird"), on two lines or more,
  when the word is a known first name or shaped like a handle ("big_man_k:"); any other word
  before a colon is as likely a form's label;
* an e-mail header's "Surname, Forename" after "From:", "To:" or "Cc:" (both are the name),
  a display name before an address in angle brackets ("Sola Oduya <s.oduya@...>"),
  and a Teams message header's "Surname, Forename" before the time ("Popa, Aleksandra  10:37");
* the name a message greets its reader by: "Hi Jade,", "Dear Summer,";
* a child's nickname before the name and age in brackets ("LIL MAN (Oliver, 5)"), and a full
  name in brackets after a family role ("M (Sunny Dlamini)"), and a family's surname before
  the count of its children in a duty list ("NOVAK x2 (Ela 3, Tomas 11)");
* who wrote, took or signed a record, after an authorship label: initials ("Minutes: HM") or an
  initial and a surname no list need hold ("Completed by: K. Oduya", "Signed F A-L");
* the name line of a sign-off: one to three capitalised words alone on the line after
  "Thanks", "Many thanks", "Regards", "Best wishes", "Cheers" and the like;
* the name line of a signature block, straight before a job-title line ("Helen Marsh" /
  "Family Support Worker"), when it opens with a known first name, or a signature on one line
  ("Amber Ravenscroft, Social Worker, Locality Team").

A chat speaker's name is then redacted wherever the note mentions it, in any case ("smudge was
older"); later mentions of the other names are found by the redactor's name propagation.
Words of the field ("MASH Team", "Duty Team") are no one's name; the redactor drops those spans.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import ClassVar

from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from referral_nlp.redaction.english_words import english_dictionary
from referral_nlp.redaction.initials import (
    MIXED_CASE_INITIALS,
    could_be_initials,
    could_be_mixed_case_initials,
)
from referral_nlp.redaction.name_cues import KIN_ROLES
from referral_nlp.redaction.name_lists import AMBIGUOUS_NAMES, TITLES, first_names, surnames
from referral_nlp.redaction.recognizers.cued_pattern_recognizer import CuedPatternRecognizer
from referral_nlp.redaction.taxonomy import PERSON
from referral_nlp.redaction.vocabulary import INSTITUTIONAL_WORDS, SOCIAL_CARE_TERMS, alternation

#: A capitalised name word ("Smudge", "O'Neill", "Ruby-Mae", "T-Dog").
_CAP = r"[A-Z][\w'’\-]*[^\W_]"
#: A place's or a service's last word, which a name in brackets after a role does not hold:
#: "SW (King Street)", "HV (Rose Cottage)", "DSL (Labour Ward)".
_NOT_PLACE_WORD = (
    r"(?!(?-i:Street|Road|Lane|Ward|Cottage|Bank|House|Centre|Office|Team|Hub|Unit|Close"
    r"|Avenue|Drive|Way|Court|Park|Hill|Surgery|Practice|Services?|Station|School)\b)"
)
_NAME = _CAP + r"(?:[ ]" + _CAP + r"){0,2}"
_TIME = r"(?:[01]?[0-9]|2[0-3])[:.][0-5][0-9](?::[0-5][0-9])?(?:[ ]?(?i:am|pm))?"
_DATE = r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4},?[ ]"
#: A chat line's speaker: "21/04/2024 22:41 - Name:", "21/04/2024, 22:41 - Name:",
#: "[22:41] Name:", "[21/04/2024, 22:41:05] Name:".
_CHAT_SPEAKER = (
    r"^[ \t]*(?:\[(?:"
    + _DATE
    + r")?"
    + _TIME
    + r"\][ ]?[\-–]?|(?:"
    + _DATE
    + r")?"
    + _TIME
    + r"[ ]?[\-–])[ ]?(?P<value>[^\W\d_][\w'’.\-]*(?:[ ][^\W\d_][\w'’.\-]*){0,2})"
    # A contact saved with an emoji after the name: "TJ 💙: at deanos".
    r"(?:[ ]?[^\w\s:,.\-\[\]()]{1,3})?:[ ]"
)
#: A chat line with no time, as a referrer types a transcript out: "ellie: hes bein weird",
#: "big_man_k: yo". The speaker must be a known first name or handle-shaped (see ``analyze``).
_UNTIMED_SPEAKER = (
    # A capitalised speaker may carry a surname's initial: "Precious O: I'm not getting in".
    r"^[ \t]*(?P<value>[a-z][a-z0-9_.]{1,30}|[A-Z][a-z]{1,20}(?:[ ][A-Z]\.?)?):[ ]+(?=\S)"
)
_HANDLE_SHAPED = re.compile(r"[a-z0-9_.]*[0-9_][a-z0-9_.]*")
_SIGN_OFF = (
    r"(?i:many[ ]thanks|thanks(?:[ ](?:again|all))?|thank[ ]you|kind[ ]regards|best[ ]regards"
    r"|warm(?:est)?[ ]regards|regards|best[ ]wishes|all[ ]the[ ]best|best|cheers|take[ ]care"
    r"|speak[ ]soon|yours[ ](?:sincerely|faithfully|truly)|many[ ]thanks[ ]in[ ]advance"
    r"|thx|thnx|ta)"
)
#: Job titles end in one of these words ("Family Support Worker", "Designated Safeguarding Lead").
_JOB_WORDS = (
    r"(?i:worker|officer|manager|practitioner|co-?ordinator|nurse|advis[eo]r|therapist|midwife"
    r"|lead|consultant|teacher|headteacher|head|visitor|assistant|director|senco|dsl|navigator"
    r"|mentor|clinician|psychologist|psychiatrist|paediatrician|solicitor|supervisor|keyworker)"
)

#: Who a form's label says is named after its colon: a professional's or a party's role, the
#: label's last word ("Interpreter (Dari, face to face): Farid Ahmadzai", "Allocated social
#: worker: ...", "Appropriate adult: ...").
_ROLE_LABEL = (
    r"(?:(?i:interpreter|translator|advocate|referrer|caller|author|chair|minute[ \-]?taker|mgr"
    r"|sw|hv|gp|iro|lado|amhp|idva|isva|guardian|carer|adult|witness|informant)|"
    + _JOB_WORDS
    + r")"
)
#: A label that says who wrote, took or signed a record: "Completed by:", "Minutes:", "Signed".
_AUTHOR_LABEL = (
    r"\b(?:(?i:completed|compiled|written|recorded|prepared|minuted|typed(?:[ ]up)?|checked"
    r"|reviewed|approved|authori[sz]ed|signed|added|entered|logged|updated)[ ](?i:by)"
    # A message slip's "Taken by: KD", with its colon ("taken by car" is a journey).
    r"|(?i:taken[ ]by)(?=[ \t]*:)"
    r"|(?-i:Signed|Minutes|Minute[ \-]taker|Author|Scribe|Note[ \-]?taker|[Cc]ountersigned"
    r"|Initials))\b"
    r"[ \t]*:?[ \t]*"
)
#: Where an author's initials or name end: the line, or a comma, a bracket, a dash or a date.
_AUTHOR_END = r"(?=[ \t]*(?:$|[,;(|]|[ ][\-–][ ]|[ ][0-9]))"
#: A form's signature line, for an initial and a surname only ("Signature: K Stubbs",
#: "Checked: D Jowett"): a value alone there is as often "YES", "NKA" or "PDF".
_SIGNATURE_LABEL = r"\b(?-i:[Ss]ignature|Checked)[ \t]*:[ \t]*"
#: ... or, after an initial and a surname, a form's next field on the line: a gap of spaces and
#: its label ("Signed: D Jowett    Checked:"; initials alone there are as often "YES", "NIL").
_AUTHOR_NAME_END = r"(?:" + _AUTHOR_END + r"|(?=[ \t]{2,}(?-i:[A-Z])[A-Za-z ]{0,20}:))"
#: A second signer's initials after a slash ("Signed RP / GHL"): one letter more than the first
#: may have, as a supervisor's countersignature often carries a middle initial.
_COSIGNED = r"[ ]?/[ ]?(?-i:[A-Z]{2,3})"
#: A line's start straight after a line of text: where a message's last line may begin.
_AFTER_A_LINE = r"^(?<=\S[ \t]{0,8}\r?\n)[ \t]*"
#: Where a message ends: the note's end, a blank line, a quoted reply or a forwarded header.
_MESSAGE_END = r"[ \t]*+(?:\r?\n[ \t]*(?:\r?\n|>|-{3}|_{3}|(?i:from|sent|on)\b)|\s*\Z)"
_AUTHOR_INITIALS = "an author's initials after an authorship label"
_DATED_INITIALS = "initials and the date signing an entry"
#: A date after a signature's initials, with a slash or in three dotted parts ("09.00" is a
#: time, "4.2" a section), and an optional time: "12/09/2024", "05/05 21.10".
_SIGNED_DATE = (
    r"[ \t]+(?:[0-9]{1,2}/[0-9]{1,2}(?:/[0-9]{2,4})?|[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{2,4})"
    r"(?:[ \t]+[0-9]{1,2}[.:][0-9]{2})?\b"
)
#: Patterns that read initials, which must be no word, shorthand or abbreviation.
_INITIALS_PATTERNS = frozenset(
    {
        "initials signing off",
        "bare initials ending a message",
        "initials after the last sentence",
        "an author's initials and the date in brackets",
        "an author's initials in brackets after a note's label",
        _AUTHOR_INITIALS,
        _DATED_INITIALS,
        "a second signer's initials after a slash",
    }
)
#: Initials patterns that take mixed-case initials too ("SMcG 12/09/2024", a closing "CMcG").
_MIXED_CASE_PATTERNS = frozenset({_DATED_INITIALS, "bare initials ending a message"})
#: Patterns whose names must hold a word of the name lists (see ``analyze``).
_NAME_LIST_PATTERNS = frozenset(
    {
        "name after a role label",
        "name before a job title on its line",
        "full name in brackets after a family role",
        # "GP (Park Lane Surgery)": a practice as often; a word of it must be a name's.
        "full name in brackets after a professional's role",
    }
)
#: Patterns whose names must open with a known first name: a heading above a job title ("Next
#: Steps"), or a diary's line before its time ("Coffee Morning 10:30 – hall"), is as likely.
_FIRST_NAME_LED_PATTERNS = frozenset(
    {"name line before a job title", "chat speaker before the time"}
)
#: Stop words that are forenames too: "Will Okonkwo", "May Chen", "An Nguyen".
_FUNCTION_WORD_FORENAMES = frozenset({"will", "may", "an"})
#: Languages an interpreter's label names: "Interpreter: Kurdish Sorani" names no one.
_LANGUAGE_WORDS = frozenset(
    """arabic urdu punjabi bengali bangla sylheti polish romanian kurdish sorani kurmanji
    badini dari pashto farsi persian tigrinya amharic somali lithuanian latvian portuguese
    spanish french turkish albanian vietnamese mandarin cantonese chinese russian ukrainian
    czech slovak hungarian bulgarian gujarati hindi tamil malayalam swahili yoruba igbo twi
    romani roma bsl welsh italian german greek oromo lingala shona sinhala nepali""".split()
)


#: A line that is a list's item: a bullet, or a word or two and no more ("- FSM", "B.", "OCD").
_LIST_ITEM_LINE = re.compile(r"[ \t]*(?:[-–—•*~][ \t]*\S|\S{1,4}[.)]?[ \t]*$)")


def _ends_a_list(text: str, start: int) -> bool:
    """The line before the one holding ``start`` is a list's item, so the short last line is
    the list's last item ("- OCD" / "- FSM"), not a message's initials."""
    line_start = text.rfind("\n", 0, start) + 1
    if line_start == 0:
        return False
    before = text.rfind("\n", 0, line_start - 1) + 1
    return _LIST_ITEM_LINE.match(text[before : line_start - 1].rstrip("\r")) is not None


class CorrespondenceNameRecognizer(CuedPatternRecognizer):
    """Chat speakers, e-mail header names, sign-off and signature name lines; 0.6 each.

    :param supported_entity: Entity name reported for each match.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("chat speaker", _CHAT_SPEAKER, 0.6),
        Pattern("untimed chat speaker", _UNTIMED_SPEAKER, 0.6),
        Pattern(
            "e-mail header surname, forename",
            r"^[ \t]*(?i:from|to|cc|bcc|sent[ ]by|reply[ \-]to)[ \t]*:[ \t]*"
            r"(?:[^\n]*;[ \t]*)?"
            r"(?P<value>" + _CAP + r",[ ]" + _CAP + r"(?:[ ]" + _CAP + r")?)"
            r"(?=[ \t]*(?:[<(\[;]|\r?\n|$))",
            0.6,
        ),
        Pattern(
            # A Teams or Outlook export's message header: "Popa, Aleksandra  10:37" alone on
            # its line, the sender as the directory writes them, then the time.
            "message header surname, forename and time",
            r"^[ \t]*(?P<value>" + _CAP + r",[ ]" + _CAP + r"(?:[ ]" + _CAP + r")?)"
            r"[ \t]+" + _TIME + r"[ \t]*(?=\r?\n|$)",
            0.6,
        ),
        Pattern(
            # A form's role label, a note in brackets, a colon, then the name in two or three
            # capitalised words, alone or before the next field: "Interpreter (Dari, face to
            # face): Farid Ahmadzai", "Social worker (duty): Ana Lupu, tel ...". One word may be
            # a language or a team ("Interpreter: Somali"), so one is not enough.
            "name after a role label",
            r"^[ \t]*(?:[A-Za-z][\w'’\-]*[ ]){0,3}" + _ROLE_LABEL + r"s?"
            r"(?:[ ]?\([^()\n]{0,40}\))?[ \t]*:[ \t]*"
            # An initial may stand for the forename: "Senior Practitioner: D. McGonigle".
            r"(?P<value>(?:" + _CAP + r"|(?-i:[A-Z])\.)(?:[ ]" + _CAP + r"){1,2})"
            r"(?=[ \t]*(?:$|[,;(/|]|[ ][\-–][ ]|[ ](?i:tel|mob|ext|e-?mail)\b))",
            0.6,
        ),
        Pattern(
            # A sign-off and its name on one line, closing a message: "Thx, Bex".
            "name after a sign-off on its line",
            r"(?:^[ \t]*|(?<=[.!?])[ \t]+)" + _SIGN_OFF + r",[ ](?P<value>" + _CAP + r")[ \t]*[.!]?"
            r"[ \t]*(?=\r?\n|$)",
            0.6,
        ),
        Pattern(
            "name line after a sign-off",
            r"^[ \t]*" + _SIGN_OFF + r"[ \t]*[,!.]?[ \t]*\r?\n(?:[ \t]*\r?\n)?[ \t]*"
            # An initial may lead it, and a title in brackets follow: "M. Pickersgill (Miss)".
            r"(?P<value>(?:[A-Z]\.[ ])?" + _NAME + r")[ \t]*[,.]?[ \t]*"
            r"(?:\((?i:mr|mrs|miss|ms|mx|dr)\)[ \t]*)?(?=\r?\n|$)",
            0.6,
        ),
        Pattern(
            # A signature on one line: the name, a comma, then the job title ("Amber
            # Ravenscroft, Social Worker, Locality Team North").
            "name before a job title on its line",
            # An initial may stand for the forename: "K. Ofori, Hospital Social Worker".
            r"^[ \t]*(?:[-–—][ \t]*)?(?P<value>(?:"
            + _CAP
            + r"|(?-i:[A-Z])\.)(?:[ ]"
            + _CAP
            + r"){1,2}),[ ]"
            r"(?=[^\n,]{0,40}\b" + _JOB_WORDS + r"\b)",
            0.6,
        ),
        Pattern(
            # Initials on a message's last line after a dash, or before a job title: "-ab",
            # "— AM, EHE Coordinator".
            "initials signing off",
            _AFTER_A_LINE + r"(?:[-–—~][ \t]*(?P<value>[A-Za-z]{1,3})[ \t]*+[.]?"
            r"(?=" + _MESSAGE_END + r")|(?:[-–—~][ \t]*)?(?P<value>[A-Za-z]{1,3}),[ ]"
            r"(?=[^\n,]{0,40}\b" + _JOB_WORDS + r"\b))",
            0.6,
        ),
        Pattern(
            # Initials glued to a dash after the message's last sentence: "... to DSL. -GLB".
            "initials after the last sentence",
            r"(?<=[.!?][ \t]{0,3}[-–—~][ ]?)(?P<value>[A-Za-z]{2,3})(?=" + _MESSAGE_END + r")",
            0.6,
        ),
        Pattern(
            # Initials alone on the line that ends the note or a message: "JB", "ss", "C.".
            "bare initials ending a message",
            # One capital needs its full stop ("C."): alone, it is as often a list's letter.
            # Mixed case too, as a surname's prefix writes them: "CMcG".
            _AFTER_A_LINE + r"(?P<value>(?-i:" + MIXED_CASE_INITIALS.pattern + r")|[A-Za-z]{2,3}"
            r"|[A-Z](?=\.))[ \t]*+[.]?"
            r"(?=" + _MESSAGE_END + r")",
            0.6,
        ),
        Pattern(
            # "YJS note (KT, 11/11): ...", "Front Door note (AB, 16/03 09:20)", "[TM sign-off
            # pending - RH 28/01]": who wrote an entry, and when, in its bracket.
            "an author's initials and the date in brackets",
            r"[(\[](?:[^()\[\]\n]{1,60}?[ ](?:[\-–][ ])?)?(?P<value>[A-Z]{2,3}|[a-z]{2,3}),?[ ]"
            r"[0-9]{1,2}/[0-9]{1,2}(?:/[0-9]{2,4})?(?:,?[ ][0-9]{1,2}[:.][0-9]{2})?[)\]]",
            0.6,
        ),
        Pattern(
            # "Minutes: HM", "Signed F", "completed by jt": who wrote or signed the record, as
            # initials (no word or abbreviation: "Signed: SW" is a role).
            _AUTHOR_INITIALS,
            # Not a form's Y, N or X ("Parent signed: Y"), nor its answers ("Initials: NIL").
            _AUTHOR_LABEL + r"(?P<value>(?-i:(?![YNX]\b|(?:YES|NIL|UNK|NKA)\b)[A-Z]{1,3}"
            r"|(?!(?:yes|nil|unk|nka)\b)[a-z]{2,3}))"
            + r"(?:(?="
            + _COSIGNED
            + r")|"
            + _AUTHOR_END
            + r")",
            0.6,
        ),
        Pattern(
            # "Signed RP / GHL": a countersigning supervisor's initials after the author's.
            "a second signer's initials after a slash",
            r"(?<=" + _AUTHOR_LABEL + r"(?-i:[A-Z]{1,3}|[a-z]{2,3})[ ]?/[ ]?)"
            r"(?P<value>(?-i:[A-Z]{2,3}))" + _AUTHOR_END,
            0.6,
        ),
        Pattern(
            # "Completed by: K. Oduya", "Signed F A-L", "B. O'L": an initial and a surname, or
            # its first letters, that no list need hold; the label says a person is named.
            "an initial and a surname after an authorship label",
            # Not an article and a title: "Approved by: A Director".
            r"(?:"
            + _AUTHOR_LABEL
            + "|"
            + _SIGNATURE_LABEL
            + ")"
            + r"(?P<value>(?-i:[A-Z]\.?(?:[ ]?[A-Z]\.)?[ ](?!"
            + _JOB_WORDS
            + r"\b)(?:[A-Z][a-z]+"
            r"(?:[\-'’][A-Z][a-z]*)?|[A-Z][\-'’][A-Z][a-z]*)|[A-Z]\.[ ]?[A-Z]\.(?:[ ]?[A-Z]\.)?))"
            + _AUTHOR_NAME_END,
            0.6,
        ),
        Pattern(
            # "SMcG 12/09/2024" or "BO 05/05 21.10" alone on a line: who wrote an entry, and
            # when. Two letters or mixed case only, and nothing after: "WNB 12/03 - unwell" and
            # "FTE 12/03" are a chronology's codes.
            _DATED_INITIALS,
            r"^[ \t]*(?P<value>(?-i:[A-Z]{2}|[a-z]{2}|"
            + MIXED_CASE_INITIALS.pattern
            + r"))(?="
            + _SIGNED_DATE
            + r"[ \t]*$)",
            0.6,
        ),
        Pattern(
            # "Adviser notes (jb): attendance 94%": the author's initials after a note's label.
            "an author's initials in brackets after a note's label",
            # A message thread's desk or team writes its sender the same way, in two capitals
            # ("School Office (JH):", "Reception (kb):"; "Desk (CID):" is a team).
            r"\b(?:(?i:notes?|comments?|update|entry|added)[ ]\((?P<value>[A-Z]{2,3}|[a-z]{2,3})\)"
            r"|(?i:office|reception|admin|desk)[ ]\((?P<value>[A-Z]{2}|[a-z]{2,3})\))"
            r"[ ]?:",
            0.6,
        ),
        Pattern(
            # "4. Crys (Crystal Lowther) –", "Saw Will (William Ashworth-Bell)": a short form
            # before the full name in brackets (the full name's own rules find the rest).
            "short form before the full name in brackets",
            r"\b(?P<value>(?-i:[A-Z][a-z]{1,12}))[ ]\((?-i:(?P=value)[a-z]*)[ ](?-i:[A-Z])[\w'’\-]+"
            r"(?:[ ](?-i:[A-Z])[\w'’\-]+)?\)",
            0.6,
        ),
        Pattern(
            # "5. Bilal (surname not known)": the word before is a forename, the bracket says so.
            "forename before an unknown surname",
            r"\b(?P<value>" + _CAP + r")[ ]\((?i:surname|last[ ]name|family[ ]name)[ ]"
            r"(?i:not[ ]known|unknown|n/?k|tbc|not[ ]given)\)",
            0.6,
        ),
        Pattern(
            "name line before a job title",
            r"^[ \t]*(?P<value>" + _CAP + r"(?:[ ]" + _CAP + r"){1,2})[ \t]*\r?\n"
            r"[ \t]*(?=[^\n]{0,60}\b" + _JOB_WORDS + r"\b[ \t]*(?:\r?\n|$|[|,\-–]))",
            0.6,
        ),
        Pattern(
            # "Hi Jade, thanks for sending this", "Dear Summer,", "Hello Hope - thanks": a
            # message greets its reader by name, a name that is also a word too ("Jade",
            # "Hope"). "Hi All", "Dear Sir", "Hi Team" are dropped as no one's name.
            "name after a greeting",
            # A bare "Morning" needs the comma or "!" of an address: "Morning Routine" alone on
            # its line is a daily log's heading.
            r"(?:^[ \t]*|(?<=[:.!?)][ \t]{1,3}))"
            r"(?:(?i:hi|hiya|hello|hey|dear|good[ ](?:morning|afternoon|evening))[ ]?,?[ ]"
            r"(?P<value>" + _CAP + r"(?:[ ]" + _CAP + r")?)"
            r"[ \t]*(?=[,!]|[ ][\-–][ ]|[ ]x{1,3}\b|\r?\n|$)"
            r"|(?i:morning|afternoon|evening)[ ]?,?[ ](?P<value>" + _CAP + r")(?=[ \t]*[,!]))",
            0.6,
        ),
        Pattern(
            # "LIL MAN (Oliver, 5) – bed by 7", "SMUDGE (Alfie, 8)": a list's item names a
            # child by a family's nickname, then the name and age in brackets.
            "nickname before a name and an age",
            # A family role is no nickname: "Son (Jack, 7)".
            r"^[ \t]*(?:[-•*][ \t]*)?(?!(?i:" + alternation(KIN_ROLES) + r")\b)"
            r"(?P<value>" + _CAP + r"(?:[ ]" + _CAP + r"){0,2})[ ]"
            r"(?=\((?-i:[A-Z])[\w'’\-]+,[ ][0-9]{1,2}(?:[ ]?(?i:yrs?|years?|y/?o|mths?"
            r"|months))?\))",
            0.6,
        ),
        Pattern(
            # "From: Sola Oduya <s.oduya@school.example>": the display name before an e-mail
            # address in angle brackets, in a header or anywhere a message is quoted.
            "display name before an e-mail address",
            r"(?P<value>" + _CAP + r"(?:[ ]" + _CAP + r"){1,3})[ ]?<[\w.+\-']+@[\w.\-]+>",
            0.6,
        ),
        Pattern(
            # "Will Okonkwo 20:43 – no but ...": a class stream's or a group chat's export, the
            # speaker's full name before the time and a dash (two such lines make a chat).
            "chat speaker before the time",
            r"^[ \t]*(?P<value>"
            + _CAP
            + r"(?:[ ]"
            + _CAP
            + r"){1,2})[ \t]+"
            + _TIME
            + r"[ \t]*[\-–—][ \t]",
            0.6,
        ),
        Pattern(
            # "- NOVAK x2 (Ela 3, Tomas 11)": a duty list's item names a family by its surname
            # in capitals, the number of its children and their names and ages.
            "family surname before a count of children",
            r"^[ \t]*(?:[-•*][ \t]*)?(?P<value>(?-i:[A-Z][A-Z'’\-]{2,}))[ ]?[xX][0-9]{1,2}[ ]?"
            r"(?=\((?-i:[A-Z])[a-z]+[ ,]*[0-9])",
            0.6,
        ),
        Pattern(
            # "Present: M (Sunny Dlamini), Ch x3", "MGM (Pat Hughes) attended": a family role
            # or its shorthand, then the full name in brackets.
            "full name in brackets after a family role",
            r"(?<![\w/])(?-i:M|F|Mum|Mam|Dad|Mother|Father|MGM|PGM|MGF|PGF|SF|SM|Stepdad|Stepmum"
            r"|Step-dad|Step-mum|Nan|Gran|Grandad|Grandma|Uncle|Aunt|Auntie|Partner|P/F)[ ]\("
            r"(?P<value>" + _CAP + r"(?:[ ]" + _CAP + r"){1,2})\)",
            0.6,
        ),
        Pattern(
            # "assessed by AMHP (Dev Chauhan)", "SW (Jo Parr) visited": a professional's role in
            # capitals, then the full name in brackets.
            "full name in brackets after a professional's role",
            r"(?<![\w/])(?-i:AMHP|SW|SSW|IRO|HV|DSL|DDSL|PC|DC|DS|PCSO|EWO|LADO|IDVA|ISVA|CPN"
            r"|HSW|SENCO|SENCo|FSW)[ ]\((?P<value>"
            + _CAP
            + r"(?:[ ]"
            + _NOT_PLACE_WORD
            + _CAP
            + r"){1,2})\)",
            0.6,
        ),
    ]
    GLOBAL_REGEX_FLAGS: ClassVar[int] = re.MULTILINE
    #: Words that make a line a team's, a heading's or a chronology label, not a name.
    NOT_NAME_WORDS: ClassVar[frozenset[str]] = frozenset(
        """team service services duty hub unit office department panel board admin call visit
        note notes update action task text email phone letter message home school academy
        college nursery surgery practice centre center hospital trust ltd limited solicitors
        club guys all everyone sir madam word voice language translation interpreting awaiting
        allocation allocated unallocated pending sirs friends folks ladies gents girls boys
        families resident residents householder occupier customer members everybody
        darling handsome gorgeous sexy sweetie sweetheart stranger boss buddy cutie trouble
        sunshine princess lovely kitty babes hunny routine shift meal session activities
        medication standard""".split()
    )
    #: Names a phone gives a contact it has no name for, and what friends call each other.
    CONTACT_LABELS: ClassVar[frozenset[str]] = frozenset(
        """unknown withheld private anon anonymous bro bruv sis babe bae hun mate cuz blud fam
        bestie bff me them him her""".split()
    )
    _WORD: ClassVar[re.Pattern[str]] = re.compile(r"[^\W_]+")

    def __init__(self, supported_entity: str = PERSON) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=self.PATTERNS,
            global_regex_flags=self.GLOBAL_REGEX_FLAGS,
        )

    def invalidate_result(self, pattern_text: str) -> bool:
        """Drop a line of field, team or function words ("MASH Team", "Call", "The").

        :param pattern_text: The matched text.
        """
        words = [w.lower() for w in self._WORD.findall(pattern_text)]
        if not words:
            return True
        # A stop word that is a forename too leads a name ("Will Okonkwo 20:43 – ...", "May
        # Chen"), or stands alone, capitalised, where the layout says a name stands ("Saw Will
        # (William Ashworth)", "Thanks,\nWill"); never "The Hub".
        lead_is_name = words[0] in _FUNCTION_WORD_FORENAMES and (
            len(words) > 1 or (words[0] != "an" and pattern_text[:1].isupper())
        )
        return any(
            w in self.NOT_NAME_WORDS
            or w in SOCIAL_CARE_TERMS
            or w in INSTITUTIONAL_WORDS
            # A single letter is an initial wherever a pattern lets one stand ("F A-L").
            or (w in STOP_WORDS and len(w) > 1 and not (k == 0 and lead_is_name))
            or w in _LANGUAGE_WORDS
            or w in self.CONTACT_LABELS  # "Thanks, Mate"
            or w in TITLES
            for k, w in enumerate(words)
        )

    @staticmethod
    def _speaker_word(word: str, firsts: frozenset[str]) -> bool:
        low = word.split(" ", 1)[0].lower()  # "Precious O": the forename speaks for it
        if _HANDLE_SHAPED.fullmatch(word):
            return any(c.isalpha() for c in word)
        return low in firsts and low not in AMBIGUOUS_NAMES

    @staticmethod
    def _mentions(text: str, speakers: list[RecognizerResult]) -> list[RecognizerResult]:
        """Each mention of a chat's speaker in any case ("Smudge: u up" ... "smudge was
        older"): the transcript shows the word is this person's name, however it is written."""
        names = {text[r.start : r.end].lower() for r in speakers}
        pattern = re.compile(
            r"(?<![\w'’-])(?:" + alternation(names) + r")(?![\w-])",
            re.IGNORECASE,
        )
        taken = {(r.start, r.end) for r in speakers}
        template = speakers[0]
        return [
            RecognizerResult(
                entity_type=template.entity_type,
                start=m.start(),
                end=m.end(),
                score=template.score,
                analysis_explanation=template.analysis_explanation,
                recognition_metadata=template.recognition_metadata,
            )
            for m in pattern.finditer(text)
            if m.span() not in taken
        ]

    def refine(
        self, text: str, results: list[RecognizerResult], nlp_artifacts: NlpArtifacts | None
    ) -> list[RecognizerResult]:
        found = list(results)
        firsts = first_names()
        # An untimed "word: message" line is a form's label unless the word is a known first
        # name that is no everyday word, or shaped like a handle ("big_man_k", "rhys_05").
        untimed = [
            r for r in found if r.analysis_explanation.pattern_name == "untimed chat speaker"
        ]
        speakers = [r for r in untimed if self._speaker_word(text[r.start : r.end], firsts)]
        relaxed: list[RecognizerResult] = []
        if len(speakers) >= 2:
            # Once those show a typed-out chat, a lower-case word that opens two of its lines
            # speaks in it too ("kezia: home why"), in no list or not: a form's labels are
            # capitalised. A phone's contact label ("unknown:", "bro:") is no name.
            words = Counter(text[r.start : r.end] for r in untimed if r not in speakers)
            relaxed = [
                r
                for r in untimed
                if r not in speakers
                and words[text[r.start : r.end]] >= 2
                and text[r.start : r.end].islower()
                and text[r.start : r.end] not in self.CONTACT_LABELS
            ]
        found = [r for r in found if r not in untimed or r in speakers or r in relaxed]
        # One "time - word:" line is as likely a chronology's entry as a chat; two make a chat.
        for kind in ("chat speaker", "untimed chat speaker", "chat speaker before the time"):
            speakers = [r for r in found if r.analysis_explanation.pattern_name == kind]
            if len(speakers) < 2:
                found = [r for r in found if r not in speakers]
            else:
                # A speaker taken on the chat's evidence alone is redacted where it speaks, not
                # wherever the word stands: it may be a word ("unknown to mum").
                found += self._mentions(text, [r for r in speakers if r not in relaxed])
        # Above a job title, a heading ("Next Steps" / "Social Worker to visit") is as likely
        # as a signature: the line must open with a known first name. After a role label or
        # before a job title on one line, a status or a service is as likely as a name
        # ("Allocated worker: Awaiting Allocation", "Interpreter: Big Word"): one of its words
        # must be a known first name or surname.
        lasts = surnames()
        english = english_dictionary(nlp_artifacts.tokens) if nlp_artifacts else None
        return [
            r
            for r in found
            if (
                r.analysis_explanation.pattern_name not in _FIRST_NAME_LED_PATTERNS
                or text[r.start : r.end].split()[0].lower() in firsts
            )
            and (
                r.analysis_explanation.pattern_name not in _INITIALS_PATTERNS
                or (
                    (
                        could_be_initials(text[r.start : r.end])
                        or (
                            r.analysis_explanation.pattern_name in _MIXED_CASE_PATTERNS
                            and could_be_mixed_case_initials(text[r.start : r.end])
                        )
                    )
                    # After "Minutes:" the label says a person follows, list above or not.
                    and (
                        r.analysis_explanation.pattern_name == _AUTHOR_INITIALS
                        or not _ends_a_list(text, r.start)
                    )
                )
            )
            and (
                r.analysis_explanation.pattern_name not in _NAME_LIST_PATTERNS
                or any(
                    w.lower() in firsts or w.lower() in lasts
                    for w in self._WORD.findall(text[r.start : r.end])
                )
                or _initial_and_unlisted_surname(text[r.start : r.end], english)
            )
        ]


def _initial_and_unlisted_surname(value: str, english) -> bool:
    """An initial and one surname that no dictionary holds: "K. Ofori, Hospital Social Worker".

    The initial says a person signs, but a lettered heading looks the same ("B. Background,
    Lead ..."), so the word after it must be no English word. Without a dictionary it is never
    taken (:mod:`referral_nlp.redaction.english_words`).
    """
    words = value.split()
    return (
        english is not None
        and len(words) == 2
        and len(words[0]) == 2
        and words[0].endswith(".")
        and words[1].lower() not in english
    )
