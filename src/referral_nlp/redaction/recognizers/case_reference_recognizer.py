"""CaseReferenceRecognizer: council, police, court and ECHR reference numbers.

A case or crime reference links a redacted note straight back to the family's record, so it is
personal data even though it contains no name. The shapes vary by system, so the recogniser
combines three kinds of evidence:

* **Shape alone**, for codes no other kind of text takes: letter-prefixed codes with separators
  ("CR/2024/001234", "PPN-24-556677", "MASH-2023-0456", "LCS1234567"), police crime references
  ("42/12345/24": force code, number, year) and family court case numbers ("LS24C50123").
* **A label in front**, built into the pattern as a look-behind so that only the number is
  redacted and the label stays readable: "Ref: 123456", "CAD 1234 12/03/24" (just "1234"; the
  date is the date recogniser's business), "crime no. 1234567/24", "application no. 36110/97".
* **Context words**, for bare digit runs ("123456") and ECHR-style "36110/97" with no label:
  these score below the project's threshold and only count when Presidio's context enhancer finds
  a word such as "reference", "crime" or "incident" nearby.

Everything a date, time, phone number, amount of money, percentage or small count looks like is
kept out: a date can never be a labelled token, bare runs need five or more digits and may not
touch another number, and money and percent signs block a match on either side.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from referral_nlp.redaction.recognizers.nhs_number_recognizer import NhsNumberRecognizer
from referral_nlp.redaction.recognizers.preset_pattern_recognizer import PresetPatternRecognizer
from referral_nlp.redaction.taxonomy import CASE_REFERENCE
from referral_nlp.redaction.vocabulary import record_system_names

#: Words that label the reference after them. A "case" needs a qualifier: "case" alone is far
#: too common in social work writing ("in this case 2 ...").
_LABEL_WORDS = (
    # "crn": probation's case reference number (nDelius "CRN X123456"); "dbs": a DBS
    # certificate's number ("Enhanced DBS 0012..."), which names its holder.
    # "occ": an occurrence, as police notes shorten it ("Niche occ 24000318812").
    r"ref|reference|crime|cad|ppn|incident|log|occurrence|occ|application|mash|urn|id|pnc|mrn|cro"
    r"|crn|"
    # The NHS's incident system: "Datix W-112908" names the incident, and so the patient.
    r"datix|"
    # HMPPS's prison record system, whose number ("NOMIS: A1234BC") names a prisoner.
    r"nomis|"
    # A professional's registration ("GMC 7041129", "NMC 12A3456E"): the body's name stays.
    r"gmc|gdc|gphc|nmc|hcpc|swe|"
    # A housing file: "Tenancy T6828181", "homelessness case HOM/1121/E" (a housing e-mail's
    # subject line names its number without "ref").
    r"tenancy|(?:homelessness|housing)[ ]case|"
    r"dbs(?:[ ](?:certificate|cert))?|"
    + record_system_names("care")
    + "|"
    # Case-sensitive: "CRIS", "STORM", "Athena", "Niche", not "the storm".
    + record_system_names("police")
    # A membership, a tenancy or a customer account names its holder ("OSM member no.
    # 0014478263", "Tenancy ref KL/HR58/F3").
    + r"|(?:member|membership|tenancy|customer|student|learner"
    r"|case|court|claim|child|client|person|subject|police|job|file|hosp|hospital|patient"
    r"|app|appl|passport|licen[cs]e|plot|plots|parcel|title|event|call|job|register"
    # A prison number (HMPPS "A1234BC") and a certificate's ("DBS ... certificate no.").
    r"|prison|prisoner|inmate|nomis|certificate|cert"
    # A looked-after child's number, a custody record's, a library card's, a report's to a
    # platform or a hotline ("LAC no. 7730921", "Custody No: 13WY/48812/24").
    r"|lac|custody|card|report)[ ]?\.?[ ]?"
    r"(?:no|nos|num|number|nr|ref|reference|id|code)"
    # A school's admission, pupil or exam candidate number, only as "no." or "ID" ("Admission
    # no. 002318"; "admission number is 210", "Pupil number: 450 on roll" are counts).
    r"|(?:admission|enrolment|enrollment|pupil|candidate)[ ]?(?:no|id)"
)
#: "PIN": a nurse's registration ("NMC PIN 09A1234E").
_QUALIFIER = r"(?:[ ]?(?:no|nos|num|number|nr|id|ref|pin)\b\.?)?"
#: The label, its optional qualifier ("no.", "number") and punctuation, as a look-behind.
#: A label and its optional qualifier: "Crime ref", "LAC no.", "Subject ID".
_LABEL = r"\b(?:" + _LABEL_WORDS + r")\b\.?" + _QUALIFIER
_LABELLED = (
    r"(?<="
    + _LABEL
    # A form pasted from a table puts a tab between the label and its value.
    + r"(?:[ ](?:is|was))?(?:[ ]?[:#=\-–]?(?:[ ]{0,2}|\t)"
    # After a colon, the kind of record in capitals may come first: "Police ref: MISPER
    # 24MP11923", "Ref: CIN 40021" (the kind stays readable).
    + r"|[ ]?:[ ]?(?-i:[A-Z]{3,8})[ ]))"
)

#: A date, in the orders notes use: 12/03/24, 12.03.2024, 2024-03-12. A four-digit year is
#: a 19xx or 20xx one: "24-06-1187" after a label is a reference, not a date.
_DATE = (
    r"(?:[0-9]{1,2}[./\-][0-9]{1,2}[./\-](?:19|20)?[0-9]{2}"
    r"|(?:19|20)[0-9]{2}[./\-][0-9]{1,2}[./\-][0-9]{1,2})(?![0-9])"
)
_NOT_DATE = r"(?!" + _DATE + r")"

#: The reference after a label: a prefixed code, a police "42/12345/24", or digit groups.
_TOKEN = (
    # "M/24/0614", "MASH-24-06-1187": two digits after the prefix need a further part.
    # Up to 15 digits: a police occurrence number holds the date and a serial
    # ("CC2024100500873").
    r"(?:[A-Z]{1,6}[/\-]?(?:[0-9]{3,15}|[0-9]{2}(?=[/\-][0-9A-Z]))(?:[/\-][0-9A-Z]{1,12}){0,3}"
    # Two or three letter groups before the number: "AB/CP/24/1234" (team and service).
    r"|[A-Z]{1,6}(?:[/\-][A-Z]{1,6}){1,2}[/\-][0-9]{2,12}(?:[/\-][0-9A-Z]{1,12}){0,3}"
    # An HMPPS prison number: a letter, four digits, two letters ("A1234BC").
    r"|(?-i:[A-Z][0-9]{4}[A-Z]{2})"
    # "24-0193": a year and a serial after a label.
    r"|[0-9]{2}-[0-9]{4,8}"
    # "24-06-1187": digit groups that no calendar date makes (the date look-ahead came first).
    r"|[0-9]{2}-[0-9]{2}-[0-9]{3,8}"
    # "11-486-2203": a person or port ID in three digit groups.
    r"|[0-9]{1,2}-[0-9]{3,8}-[0-9]{3,8}"
    r"|[0-9]{2}/[0-9]{3,12}(?:/[0-9]{2,4})?[A-Z]?"
    # Digits, letters, digits: a court's "01HV2345624", a CAD's "7781/08JUL24" (number and
    # the day it was logged). Only after a label, where nothing else takes this shape.
    r"|[0-9]{2,8}(?:/[0-9]{1,4})?[A-Z]{1,4}[0-9]{2,10}[A-Z]?"
    # A number and the team's letters after it ("your ref 88213-CSC").
    r"|[0-9]{3,12}-[A-Z]{2,6}"
    # Niche's occurrence number: year, an asterisk, serial ("24*118822").
    r"|[0-9]{2}\*[0-9]{4,10}"
    r"|[0-9]{3,12}(?:[/\-][0-9]{2,12}){0,3}[A-Z]?"
    # Any code of letter and digit groups joined by "/" or "-", after a label: "KL/HR58/F3",
    # "0214-07MAR-1187".
    # Capitals only, and no word of four letters or more before a number ("COVID-19"); in
    # lower case it is "3-year-old", "1-to-1", "24-hour".
    r"|(?-i:(?=[A-Z0-9/\-]{0,40}[A-Z])(?=[A-Z0-9/\-]{0,40}[0-9])(?![A-Z]{4,}-)"
    r"[A-Z0-9]{1,8}(?:[/\-][A-Z0-9]{1,8}){1,4}))"
)
#: Where any reference ends: no more word, "%", "/" or "-" part, no decimal or time part, and no
#: further digit group unless it starts a date ("CAD 1234 12/03/24"); a reference followed by
#: more digits is more likely part of a phone number ("MUM 07700 900123").
_END = (
    r"(?![\w%/\-])(?![.,:][0-9])"
    r"(?:(?![ ][0-9])|(?=[ ]" + _DATE + r"))"
)

#: The same, but another application number may follow after a space ("61038/00 61388/00").
_END_IN_LIST = (
    r"(?![\w%/\-])(?![.,:][0-9])"
    r"(?:(?![ ][0-9])|(?=[ ]" + _DATE + r")|(?=[ ][0-9]{3,6}/[0-9]{2}(?![\w/])))"
)

#: Upper-case words that precede numbers without being reference prefixes.
_NOT_PREFIX = (
    r"(?!(?:NHS|NI|NINO|DOB|TEL|TELEPHONE|MOB|MOBILE|PHONE|FAX|CALL|TEXT|GBP|EUR|USD|AGE|AGED"
    r"|YEAR|YEARS|ROOM|WARD|BAY|AT|ON|IN|OF|TO|BY|FROM|AND|OR|UPN|ULN|MRN|VRM|VRN|REG|PSN|ACC"
    r")(?![A-Z]))"
)
#: Label words are kept out of space-joined prefixed codes: "PPN 556677" is the label "PPN" and
#: the reference "556677" (the labelled pattern), so the redaction leaves "PPN" readable.
_NOT_LABEL = r"(?!(?:" + _LABEL_WORDS + r")\b)"

#: Bare numbers: not glued to a word, currency, decimal point, or another digit group, and not
#: an amount after a currency code ("GBP 125000").
_BARE_BEFORE = r"(?<![\w£$€.,:/\-+])(?<![0-9][ ])(?<!\b(?:GBP|EUR|USD)[ ])"

#: Case-sensitive upper-case prefix (an inline flag: Presidio compiles with IGNORECASE).
_UPPER_PREFIX = r"(?-i:[A-Z]{2,6})"
#: What a prefixed code starts with, checked first: capitals, at most a separator, a digit.
#: The word lists after it (_NOT_PREFIX, _NOT_LABEL) were tried at every word boundary and
#: made the prefixed patterns the costliest regexes of all; this look-ahead, implied by the
#: rest of each pattern, turns nearly every word away at its first or second character.
_CODE_AHEAD = r"(?=" + _UPPER_PREFIX + r"[/\- ]?[0-9])"


class CaseReferenceRecognizer(PresetPatternRecognizer):
    """Council case, police crime/PPN/CAD/incident, court and ECHR application references.

    Scores: 0.6 for a labelled reference, a prefixed code joined to its number ("CR/2024/001234",
    "LCS1234567"), a family court case number, a court serial number ("30/1993/425/504") and a
    UK neutral citation ("[2019] EWFC 12"); 0.5 for a prefix and number separated by a space
    ("ABC 123456"), a police crime reference ("42/12345/24") and a number in a list of
    application numbers ("..., 29703/96, 682/02"); 0.4 for an ECHR-style "36110/97"; 0.2 for a
    four-digit "5856/72" and 0.15 for a bare run of 5-9 digits, both below the default threshold
    until a context word lifts them.
    """

    ENTITY: ClassVar[str] = CASE_REFERENCE
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "labelled reference",
            # The look-ahead (what every _TOKEN starts with: a digit, after at most six
            # letters and a separator) rejects most positions before the costly look-behind runs.
            r"\b(?=[A-Z]{0,6}(?:[/\-][A-Z]{1,6}){0,2}[/\-]?[0-9])"
            + _LABELLED
            + _NOT_DATE
            # "Log: CALL 999": the emergency and non-emergency numbers are no one's reference.
            + r"(?!(?:999|111|101|112)(?![0-9/\-]))"
            + _TOKEN
            + _END,
            0.6,
        ),
        Pattern(
            # "Subject ID:         7742091": a form aligns its value far from the label's colon;
            # five digits or more, ending the line ("Ref:       100 days" is a count).
            "labelled reference aligned in a form's column",
            r"(?<=" + _LABEL + r"[ ]?:[ ]{3,12})"
            r"[0-9]{5,12}(?=[ \t]*$)",
            0.6,
        ),
        Pattern(
            # An employee's payroll, staff or driver number names them as surely as their name
            # ("Payroll no: 0048291", "Driver no.: 40718"); five digits at least ("staff number
            # 350", "payroll no. 003 is the March run" are a count and a run).
            "employee's number after its label",
            r"(?<=\b(?:payroll|staff|employee|driver)[ ]?(?:no\b\.?|number|num|id)[ ]?[:#]?[ ]?)"
            # ... or a code in capitals and digits ("Staff no. SSA-2291"; "HR-003" is a form's).
            r"(?:[0-9]{5,10}|(?-i:[A-Z]{2,4}[-/ ]?[0-9]{4,8}))" + _END,
            0.6,
        ),
        Pattern(
            # A traveller's booking: an airline's PNR or a booking reference of letters and
            # digits ("PNR: K7PZQM", "booking ref STN8K2QZ") leads to the passenger's record.
            # Letters then digits is a flight's number or a code ("BA0217", "COVID19",
            # "SUMMER25"), and "12MAR25" a date.
            "booking reference",
            r"(?<=\b(?:pnr|booking[ ](?:ref|reference)(?:[ ](?:no|number))?|booking[ ]id)"
            r"[ ]?[:#.]?[ ]?)"
            r"(?-i:(?=[A-Z0-9]{0,9}[0-9])(?=[A-Z0-9]{0,9}[A-Z])"
            r"(?![A-Z]+[0-9]+\b|[0-9]{1,2}[A-Z]{3}[0-9]{2,4}\b)[A-Z0-9]{5,10})" + _END,
            0.6,
        ),
        Pattern(
            # A solicitor's matter, a capital-led code ("Matter:       MCG0142-0003", "Matter no.
            # KLT0831-0012"); "no matter 2024" and "Subject matter: 360 feedback" are not one.
            "solicitor's matter",
            r"(?<=\bmatter(?:[ ]?(?:no\b\.?|number|ref))?[ ]?:?[ ]{1,12})"
            r"(?-i:[A-Z]{2,6}[0-9]{3,15}(?:[/\-][0-9A-Z]{1,12}){0,3})" + _END,
            0.6,
        ),
        Pattern(
            "prefixed reference (multi-part)",
            # "CR/2024/001234", "PPN-24-556677", "MASH-2023-0456"; "CR 2024/001234" needs capitals.
            r"\b(?=(?:[A-Z]{2,6}[/\-]){0,2}[A-Z]{2,6}[/\- ][0-9])"
            + _NOT_PREFIX
            # "AB/CP/24/1234": letter groups before the number, each in the span.
            + r"(?:(?:[A-Z]{2,6}[/\-]){1,3}|"
            + _NOT_LABEL
            + _UPPER_PREFIX
            + r"[ ])"
            r"[0-9]{2,4}[/\-][0-9]{3,10}(?:[/\-][0-9A-Z]{1,6})?" + _END,
            0.6,
        ),
        Pattern(
            "prefixed reference (dated serial)",
            # "MASH-24-06-1187", "CP/24/06/0012": a joined prefix, a year and month (or day and
            # month), then the serial. Joined only: "MEETING 24/06/2024" is a heading and a date.
            r"\b(?=(?:[A-Z]{2,6}[/\-]){1,3}[0-9])"
            + _NOT_PREFIX
            + r"(?:[A-Z]{2,6}[/\-]){1,3}[0-9]{2,4}(?:[/\-][0-9]{2}){1,2}[/\-][0-9]{3,10}"
            + _END,
            0.6,
        ),
        Pattern(
            "prefixed reference (serial and year)",
            # "MPR/0193/25", "DV-4471-2024": a joined prefix, the serial, then the year it was
            # opened; dates and "24/7" have no letters before them.
            # The prefix in capitals, and no year before the year: "autumn-2023-24",
            # "FY-2023-24" and "SY/2024/25" are an academic or a financial year.
            r"\b(?=(?-i:(?:[A-Z]{2,6}[/\-]){1,3})[0-9])"
            + _NOT_PREFIX
            + r"(?-i:(?:[A-Z]{2,6}[/\-]){1,3})(?!(?:19|20)[0-9]{2}[/\-])[0-9]{3,6}[/\-]"
            # ... and the officer's two initials after it ("CP/0211/24/EB"; an exam paper's tier,
            # "AQA/8700/24/F", and a document's "POL-0045-23-HR" stay as they were).
            r"(?:[0-9]{2}|20[0-9]{2})(?-i:/[A-Z]{2})?" + _END,
            0.6,
        ),
        Pattern(
            # A record system's number after a hash ("Alert ##87446", "incident #66719" in a
            # school's safeguarding log, "Alert # 87446" typed with a space): four digits at
            # least ("#1" is a list's item), and no HTML character reference ("&#8217;").
            "hash-numbered record",
            # Spaced, five digits at least: "# 2024 Review" is a heading's year.
            r"(?:(?<=#)(?<![\w&]#)(?<!&##)[0-9]{4,12}|(?<=# )(?<![\w&]# )[0-9]{5,12})" + _END,
            0.6,
        ),
        Pattern(
            "family court case number",
            # Court code, year, case type, serial: "LS24C50123".
            r"\b(?-i:[A-Z]{2}[0-9]{2}[A-Z][0-9]{5})\b",
            0.6,
        ),
        Pattern(
            "prefixed reference (single part, joined)",
            # "LCS1234567", "PPN-556677": capitals joined to 5-10 digits. Scored as high as the
            # labelled pattern so that its "556677" inside "PPN-556677" is dropped as contained.
            r"\b" + _CODE_AHEAD + _NOT_PREFIX + _UPPER_PREFIX + r"[/\-]?[0-9]{5,10}" + _END,
            0.6,
        ),
        Pattern(
            "prefixed reference (single part, spaced)",
            # "ABC 123456": capitals that are not a label word, a space, 5-10 digits. Weaker than
            # a joined code: all-capitals notes put ordinary words before numbers too.
            r"\b"
            + _CODE_AHEAD
            + _NOT_PREFIX
            + _NOT_LABEL
            + _UPPER_PREFIX
            + r"[ ][0-9]{5,10}"
            + _END,
            0.5,
        ),
        Pattern(
            "police crime reference",
            # Force code / number / two-digit year. A date never has 4-7 digits in the middle.
            r"(?<![\w/.\-])[0-9]{2}/[0-9]{4,7}/[0-9]{2}" + _END,
            0.5,
        ),
        Pattern(
            "ECHR-style application number",
            # "36110/97": five or six digits / two-digit year. Nothing else is written this way,
            # so the shape alone is enough.
            _BARE_BEFORE + r"[0-9]{5,6}/[0-9]{2}" + _END_IN_LIST,
            0.4,
        ),
        Pattern(
            "ECHR-style application number, four digits",
            # "5856/72": weaker, a context word must lift it. Financial years ("2023/24") are
            # left out.
            _BARE_BEFORE + r"(?!(?:19|20)[0-9]{2}/)[0-9]{4}/[0-9]{2}" + _END,
            0.2,
        ),
        Pattern(
            "application number in a list",
            # "..., 29703/96, 682/02 and 2573/02": a shorter number in a list of them.
            r"(?<=[0-9]{3,6}/[0-9]{2}(?:,[ ]?|,?[ ](?:and|or|&)[ ]|[ ]))"
            r"(?!(?:19|20)[0-9]{2}/)[0-9]{3,6}/[0-9]{2}" + _END_IN_LIST,
            0.5,
        ),
        Pattern(
            "land plot numbers",
            # "plot no. 42", "plots nos. 19, 20 and 29", "plot no. 288/3": a land registry plot
            # names one property and so its owner. Short numbers count only after this label.
            r"(?<=\bplots?[ ]nos?\.?[ ]?(?:[0-9]{1,5}(?:/[0-9]{1,3}){0,2}(?:,[ ]?|,?[ ]and[ ]))*)"
            r"[0-9]{1,5}(?:/[0-9]{1,3}){0,2}(?![\w/])(?![.,][0-9])",
            0.6,
        ),
        Pattern(
            "court case number with year",
            # Strasbourg's old serial form "30/1993/425/504": case / year / two serials.
            r"(?<![\w/.\-])[0-9]{1,4}/(?:19|20)[0-9]{2}/[0-9]{1,6}/[0-9]{1,6}" + _END,
            0.6,
        ),
        Pattern(
            "UK neutral citation",
            # "[2019] EWFC 12", "[2008] EWHC 860 (QB)", "[2021] EWCA Civ 1234": a published
            # judgment, which family judgments name the child's case by.
            r"\[(?:19|20)[0-9]{2}\][ ](?-i:UKSC|UKHL|UKPC|EWCA[ ](?:Civ|Crim)|EWHC|EWFC|EWCOP"
            r"|EWFD|UKUT|UKFTT|UKEAT|CSIH|CSOH|NICA|NIQB|NIFam|IEHC|IESC)[ ][0-9]{1,5}"
            r"(?:[ ]\((?-i:Fam|QB|KB|Ch|Admin|Comm|TCC|Pat|IPEC|AAC|IAC|LC|TC|GRC|Costs)\))?",
            0.6,
        ),
        Pattern(
            # A collar number has at most six digits: a longer run straight after a rank, with
            # or without the officer's surname, is the crime or occurrence reference they gave
            # ("Passed to DS 13240003318", "DS Hart 24000318812 for crime ref").
            "reference after a police rank",
            r"(?<=\b(?-i:PC|DC|DS|PS|DI|DCI|DSI|PCSO|Sgt|SGT)\.?[ ](?:(?-i:[A-Z][a-z]+)[ ])?)"
            r"[0-9]{7,14}" + _END,
            0.6,
        ),
        Pattern(
            # Ten digits or more that no phone or NHS rule takes (no leading 0, no checksum):
            # a system's record number, whatever its label.
            "long bare digit run",
            _BARE_BEFORE + r"[1-9][0-9]{9,13}" + _END,
            0.6,
        ),
        Pattern(
            "bare digit run",
            _BARE_BEFORE + r"[0-9]{5,9}" + _END,
            0.15,
        ),
    ]

    # Single tokens, because Presidio's enhancer compares one lemma at a time, and in its
    # default substring mode: "ref" therefore also matches "referral" and "referred", which is
    # wanted ("referral 1234567" is a referral number).
    CONTEXT: ClassVar[list[str]] = [
        "ref",
        "reference",
        "case",
        "crime",
        "cad",
        "ppn",
        "incident",
        "log",
        "occurrence",
        "application",
        "mash",
        "lcs",
        "mosaic",
    ]

    _EIGHT_DIGITS: ClassVar[re.Pattern[str]] = re.compile(r"[0-9]{8}")
    _TEN_DIGITS: ClassVar[re.Pattern[str]] = re.compile(r"[0-9]{10}")

    def invalidate_result(self, pattern_text: str) -> bool:
        """Drop an eight-digit run that reads as a date written without separators, and a
        ten-digit one that is a valid NHS number.

        "12032024" (DDMMYYYY) or "20240312" (YYYYMMDD) is far more likely a date than a
        reference; fewer than one eight-digit number in a thousand has either form.

        :param pattern_text: The matched text.
        :return: True (drop the match) for an undelimited date or a valid NHS number.
        """
        if self._TEN_DIGITS.fullmatch(pattern_text):
            # A valid NHS number is the NHS recogniser's (its type says what it is).
            return NhsNumberRecognizer.check_digit(pattern_text[:9]) == int(pattern_text[9])
        if not self._EIGHT_DIGITS.fullmatch(pattern_text):
            return False
        return self._is_date(pattern_text[:2], pattern_text[2:4], pattern_text[4:]) or (
            self._is_date(pattern_text[6:], pattern_text[4:6], pattern_text[:4])
        )

    @staticmethod
    def _is_date(day: str, month: str, year: str) -> bool:
        return 1 <= int(day) <= 31 and 1 <= int(month) <= 12 and 1900 <= int(year) <= 2099
