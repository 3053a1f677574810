"""UkDateRecognizer: UK (day-first) dates, times and dates of birth in referral notes.

Presidio's stock ``DateRecognizer`` reads "03/04/2024" both ways, misses "12th of March", "Sept
2023" and "on the 3rd", and cannot tell a date of birth from any other date. Referral notes write
dates every way a busy practitioner can, so this recogniser:

* reads numeric dates day first (12/03/24, 12.3.24, 12-03-2024, 12 / 03 / 2024) and ISO dates
  (2024-03-12);
* reads written dates (12th March 2024, 12th of March, March 12th 2024, 1st Jan 24, Sept 2023),
  a leading weekday ("Monday 12th March") and a bare ordinal after a cue ("on the 3rd");
* reports a bare year only next to a date cue ("in 2019", "since 2021", "2019-2021", "1990s"):
  a bare four-digit number is as often a count or a case number;
* folds an attached time into the date ("12/03/24 at 14:30", "at 10.30 on 12 March"), but never
  reports a time of day on its own ("14:30 hrs", "2.30pm", "at 23:40"): a time identifies no
  one, and when an incident happened is what a reviewer reads;
* checks every day and month against the calendar, so 31/02/2024 and fraction-like "3/4" never
  match;
* reports a date right after a DOB cue ("DOB:", "d.o.b.", "date of birth", "born on", "b.") as
  DATE_OF_BIRTH, with a higher score, instead of DATE: one result per region, never both.

One region gives one result, so the recogniser resolves overlaps between its own patterns itself
(longest span wins) and implements ``analyze`` instead of being a ``PatternRecognizer``, which
can only report one entity type.
"""

from __future__ import annotations

import re
from typing import ClassVar, NamedTuple

from presidio_analyzer import (
    AnalysisExplanation,
    EntityRecognizer,
    LocalRecognizer,
    Pattern,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts

from referral_nlp.redaction.date_parts import (
    AMPM,
    CLOCK,
    DAY_LIST,
    FLAGS,
    HRS,
    MONTH,
    MONTH_NAME,
    NUM_END,
    NUM_START,
    ORD,
    TEXT_START,
    TIME_TAIL,
    WEEKDAY,
    YEAR2,
    YEAR4,
    time_ok,
    valid_calendar,
)
from referral_nlp.redaction.taxonomy import DATE, DATE_OF_BIRTH


class _Candidate(NamedTuple):
    """One validated pattern match before overlaps are resolved."""

    start: int
    end: int
    score: float
    pattern: Pattern


class UkDateRecognizer(LocalRecognizer):
    """UK day-first dates and times (DATE), and dates next to a DOB cue (DATE_OF_BIRTH).

    :param supported_language: language this recogniser supports
    :param supported_entities: entity types reported; DATE and DATE_OF_BIRTH by default
    :param context: context words for Presidio's (optional) context enhancement
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "iso yyyy-mm-dd",
            NUM_START + r"(?P<year>" + YEAR4 + r")(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)"
            r"(?P<day>\d{1,2})(?!/)(?!(?!T\d)\w)(?![.:]\d)(?!(?P=sep)\d)",
            0.85,
        ),
        Pattern(
            "dd/mm/yyyy",
            # A form typed with spaced slashes ("DOB: 4 / 07 / 2016") is the same date; only
            # with a four-digit year, as a spaced "3 / 4" is a score or a fraction.
            NUM_START + r"(?P<day>\d{1,2})(?P<sep>[/.\-]|[ ]/[ ])(?P<month>\d{1,2})(?P=sep)"
            r"(?P<year>\d{4})" + NUM_END,
            0.7,
        ),
        Pattern(
            "dd/mm/yy",
            NUM_START + r"(?P<day>\d{1,2})(?P<sep>[/.\-])(?P<month>\d{1,2})(?P=sep)"
            r"(?P<year>\d{2})" + NUM_END,
            0.6,
        ),
        Pattern(
            # "letters sent 12/9 and 3/10": day and month without a year. Weaker than a full
            # date; scores ("rated 3/10"), "24/7" and gestations ("22/40", no month 40) are out.
            "dd/mm",
            NUM_START
            + r"(?!24/7\b)(?P<day>\d{1,2})(?P<sep>/)(?P<month>\d{1,2})"
            + NUM_END
            + r"(?!\s*(?:old\b|of\b|%))",  # "3/4 of the children" is a fraction
            0.5,
        ),
        Pattern(
            # "CIN closed 03/2024", "MMR1 given 01/2021": a month in two digits and its year,
            # after a word that says when. Alone it is a reference or a version as often
            # ("order no. 12/2023", "circular 10/2015", "version 3/2024", "1/2000" a dilution).
            "mm/yyyy",
            r"\b(?i:closed|opened|given|left|since|from|until|dated|started|ended|moved|born"
            r"|in|on|by|before|after|last|seen)[ ]"
            r"(?P<date>(?P<month>0[1-9]|1[0-2])(?P<sep>/)(?P<year>" + YEAR4 + r"))" + NUM_END,
            0.6,
        ),
        Pattern(
            "day month year",
            TEXT_START
            + DAY_LIST
            + r"(?P<day>\d{1,2})(?!\d)"
            + ORD
            + r"?(?:\s+of\s+|[\s\-]*)"
            + MONTH
            + r"[,\s\-]*(?P<year>"
            + YEAR4
            + r"|"
            + YEAR2
            # "17 May, 19 August", "17 May, 19th ...": a day, not the year '19.
            + r"(?!(?:st|nd|rd|th)\b|[\s,]+(?:of\s+)?"
            + MONTH_NAME
            + r")"
            + r")",
            0.85,
        ),
        Pattern(
            "day month",
            TEXT_START
            + DAY_LIST
            + r"(?P<day>\d{1,2})(?!\d)"
            + ORD
            + r"?(?:\s+of\s+|[\s\-]*)"
            + MONTH,
            0.65,
        ),
        Pattern(
            # Welsh councils and schools write bilingual letters: "6 Chwefror", "29 Ionawr 2024".
            # The day is required: "Mai" and "Medi" are names too.
            "day and Welsh month",
            TEXT_START
            + r"(?P<day>\d{1,2})(?!\d)(?:af|ain|ed|fed|ydd|eg)?[ ](?P<wmon>(?i:Ionawr|Chwefror"
            r"|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr))\b"
            r"(?:[ ](?P<year>" + YEAR4 + r"))?",
            0.65,
        ),
        Pattern(
            "month day year",
            TEXT_START
            + MONTH
            + r"\s+(?:the\s+)?(?P<day>\d{1,2})(?!\d)"
            + ORD
            + r"?,?\s+(?P<year>"
            + YEAR4
            + r")",
            0.85,
        ),
        Pattern(
            "month day",
            TEXT_START + MONTH + r"\s+(?:the\s+)?(?P<day>\d{1,2})(?!\d)" + ORD + r"?\b(?![.:]\d)",
            0.6,
        ),
        Pattern(
            "month year",
            TEXT_START + MONTH + r"[,\s\-]*(?P<year>" + YEAR4 + r"|'\d{2}(?!\d))",
            0.7,
        ),
        Pattern(
            # "October and November 1992", "June, July or August 2021": months sharing a year.
            "month list year",
            TEXT_START
            + r"(?:"
            + MONTH_NAME
            + r"(?:\s*,\s*|\s*,?\s+(?:and|or|to|&)\s+|\s*[-–]\s*)){1,3}"
            + MONTH
            + r"[,\s]*(?P<year>"
            + YEAR4
            + r")",
            0.7,
        ),
        Pattern(
            # "since Jan", "in Feb", "by March": a month alone after a time preposition.
            "month after cue",
            r"\b(?:in|since|from|until|till|by|before|after|during|early|mid|late|end\s+of"
            r"|start\s+of|beginning\s+of|middle\s+of|last|this|next|around|ended|started"
            r"|recent|closed|opened|referred"
            r")\s+(?P<date>" + MONTH + r")",
            0.5,
        ),
        Pattern(
            # "Prev (Sept) ...": a month alone in brackets is the date of what it follows.
            "month in brackets",
            r"\(\s*(?P<date>" + MONTH + r")\s*\)",
            0.5,
        ),
        Pattern(
            "weekday ordinal",
            r"\b" + WEEKDAY + r"\.?,?\s+(?:the\s+)?(?P<day>\d{1,2})" + ORD + r"\b",
            0.6,
        ),
        Pattern(
            "ordinal after cue",
            r"\b(?:on|from|until|till|by|since|before|after|between|and)\s+(?:the\s+)?"
            r"(?P<date>(?P<day>\d{1,2})" + ORD + r")\b",
            0.5,
        ),
        Pattern(
            "decade",
            r"(?<![\w'])(?P<date>(?P<year>(?:19|20)\d0)'?s)\b",
            0.5,
        ),
        Pattern(
            "year range",
            r"(?<![\w/.\-])(?P<year>" + YEAR4 + r")\s*(?:[-–—/]|\bto\b)\s*"
            r"(?P<year2>" + YEAR4 + r"|\d{2}(?!\d))(?![\w/])(?![.\-]\d)",
            0.6,
        ),
        Pattern(
            "year range between",
            r"\bbetween\s+(?P<date>(?P<year>" + YEAR4 + r")\s+and\s+(?P<year2>" + YEAR4 + r"))",
            0.6,
        ),
        Pattern(
            # Cues that make the next four digits a year whatever follows ("since 2021 mum...").
            "year after strong cue",
            r"(?:\b(?:since|during|until|till|throughout|early|mid|late|summer|spring|autumn"
            r"|winter|christmas|easter|born|circa|c\.|end\s+of|start\s+of|beginning\s+of"
            r"|middle\s+of|year\s+of\s+birth|yob|q[1-4]|d\.?o\.?b\b\.?)|(?<![\w.])(?-i:b\.))[\s\-:]*"
            r"(?P<date>(?P<year>" + YEAR4 + r"))(?![\w/])(?![.\-]\d)",
            0.55,
        ),
        Pattern(
            # A two-digit year after a birth cue ("born '09", "b. ’87"): the apostrophe says it
            # is a year, and the cue says whose.
            "short year after birth cue",
            r"(?:\bborn\b|\byob\b|\bd\.?o\.?b\b\.?|(?<![\w.])(?-i:b\.))[\s\-:]*(?:in\s+)?"
            r"(?P<date>['’]\d{2})(?![\w'’])",
            0.55,
        ),
        Pattern(
            # Cues that also introduce counts ("in 2000 cases", "of 2000 children"): guarded.
            "year after weak cue",
            r"\b(?:in|from|by|of|to|before|after|around|about|approx\.?|approximately)\s+"
            r"(?P<date>(?P<year>" + YEAR4 + r"))(?![\w/])(?![.\-]\d)",
            0.5,
        ),
        Pattern(
            "time am/pm",
            r"(?<![\w.:£$€])(?P<hour>1[0-2]|0?\d)(?:[:.](?P<minute>[0-5]\d))?\s?" + AMPM,
            0.6,
        ),
        Pattern(
            "time hrs",
            r"(?<![\w.:£$€])(?P<hour>[01]\d|2[0-3]|\d(?=[:.]))[:.]?(?P<minute>[0-5]\d)\s?" + HRS,
            0.6,
        ),
        Pattern(
            "time after cue",
            r"(?:\b(?:at|around|approx\.?|approximately|about|from|until|till|between|before"
            r"|after|by)\s+|@\s*)(?P<date>(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d))"
            r"(?![\d.:])",
            0.5,
        ),
    ]

    CONTEXT: ClassVar[list[str]] = [
        "date",
        "dated",
        "dob",
        "birth",
        "born",
        "since",
        "seen",
        "visit",
        "attended",
        "meeting",
    ]

    #: Score for a date after a DOB cue: a date of birth is the strongest quasi-identifier here.
    SCORE_DATE_OF_BIRTH = 0.95

    #: Patterns whose span is a whole day, so a weekday in front belongs to it.
    DAY_PATTERNS = frozenset(
        {
            "iso yyyy-mm-dd",
            "dd/mm/yyyy",
            "dd/mm/yy",
            "day month year",
            "day month",
            "month day year",
            "month day",
        }
    )
    #: Times of day: matched so that they can win an overlap with a date-like reading of the
    #: same digits ("at 10.11"), never reported.
    TIME_PATTERNS = frozenset({"time am/pm", "time hrs", "time after cue"})
    #: A date that lacks its year and takes the next one's: "29 March and 10 April 1990".
    YEARLESS_PATTERNS = frozenset({"day month", "month day"})
    #: Dates a list or range may end in.
    JOINABLE_PATTERNS = frozenset(
        {
            "day month year",
            "day month",
            "month day year",
            "month day",
            "month year",
            "month list year",
            "dd/mm/yyyy",
            "dd/mm/yy",
            "iso yyyy-mm-dd",
        }
    )
    _LIST_GAP = re.compile(r"\s*(?:,|,?\s*\b(?:and|or|to|until|till)\b|&|-|–)\s*", FLAGS)
    _RANGE_GAP = re.compile(r"\s*(?:\b(?:and|to|until|till)\b|-|–)\s*", FLAGS)
    _RANGE_OPENER = re.compile(r"\b(?:between|from)\s+\Z", FLAGS)
    #: Patterns of digits and separators only (12/03/24, 2024-03-12).
    NUMERIC_PATTERNS = frozenset({"iso yyyy-mm-dd", "dd/mm/yyyy", "dd/mm/yy", "dd/mm"})
    #: Patterns that also match counts or positions ("June 5 children", "on the 3rd floor",
    #: "in 2000 cases", "at 1.50 each"); they need a harmless word after them (see FOLLOWERS).
    GUARDED_PATTERNS = frozenset(
        {"month day", "ordinal after cue", "year after weak cue", "time after cue"}
    )
    #: Lower-case words that may follow a guarded match. Anything else lower-case (a noun such
    #: as "floor", "cases", "children") means the number was not a date.
    FOLLOWERS = frozenset(
        """a about after am an and approximately approx around as at because before between but by
        during following for from had has have he her his hrs i in is it mum dad mother father of on
        onwards onward or pm police school she so that the their then there they this till to until
        was we were when where which while whilst who with""".split()
    )
    #: Words before a number that make it a version or a legal reference, not a date.
    NOT_DATE_PREFIXES = frozenset(
        """version scored score rated rating marks ver v release section s para paragraph chapter
        clause rule regulation article appendix table figure fig page pp scaling scale
        scaled""".split()
    )

    _COMPILED: ClassVar[tuple[tuple[Pattern, re.Pattern[str]], ...]] = tuple(
        (pattern, re.compile(pattern.regex, FLAGS)) for pattern in PATTERNS
    )
    _TIME_AFTER_DATE = re.compile(
        r"(?:\s*,\s*|\s+(?:at|from|around|approx\.?|approximately|about|between)\s+|\s*@\s*|T|\s+)"
        + TIME_TAIL,
        FLAGS,
    )
    _TIME_BEFORE_DATE = re.compile(
        r"(?:\b(?:between|from)\s+)?(?<![\w.:])(?:" + CLOCK + r")"
        r"(?:\s*(?:-|–|\bto\b|\band\b|\buntil\b)\s*(?:" + CLOCK + r"))?"
        r"\s*,?\s*\bon\s+(?:the\s+)?\Z"
        r"|\b(?:morning|afternoon|evening|night)\s+of\s+(?:the\s+)?\Z",
        FLAGS,
    )
    _TIME_RANGE = re.compile(r"\s*(?:-|–|\bto\b|\buntil\b|\btill\b|\band\b)\s*" + TIME_TAIL, FLAGS)
    _WEEKDAY_BEFORE = re.compile(r"\b" + WEEKDAY + r"\.?,?\s+(?:the\s+)?\Z", FLAGS)
    # The cue, then at most a separator, a bracket and three filler words ("born on the").
    _DOB_CUE = re.compile(
        r"(?:\bd\.?\s?o\.?\s?b(?:s|'s)?\b\.?|\bdate\s+of\s+birth\b|\bbirth\s*date\b"
        r"|\byear\s+of\s+birth\b|\byob\b|\bborn\b|(?:(?<=\S[ \t])|(?<=\())(?-i:b\.))"
        r"\s*[:\-–=]*\s*\(?\s*(?:(?:is|was|on|in|of|the|approx\.?|approximately|around|circa"
        r"|c\.)\s+){0,3}\Z",
        FLAGS,
    )
    _DOB_CUE_WINDOW = 60
    # A list of dates after one DOB cue ("DOBs: 04/07/2016, 05/08/2018 and 01/01/2020").
    _DOB_LIST_GAP = re.compile(r"\s*(?:,|;|&|and|,\s*and)\s*\Z", FLAGS)
    _NEXT_WORD = re.compile(r"[ \t]+([a-z][a-z'’]*)")  # case-sensitive: capitals are fine
    # Not the "s" of "It's": that is no section number.
    _PREVIOUS_WORD = re.compile(r"(?<!['’])\b([A-Za-z]+)\.?\s*\Z")

    def __init__(
        self,
        supported_language: str = "en",
        supported_entities: list[str] | None = None,
        context: list[str] | None = None,
    ) -> None:
        super().__init__(
            supported_entities=supported_entities or [DATE, DATE_OF_BIRTH],
            name="UkDateRecognizer",
            supported_language=supported_language,
            context=context if context else list(self.CONTEXT),
        )
        #: The patterns as this instance runs them (the pattern prefilter wraps them).
        self.compiled_patterns = list(self._COMPILED)

    def load(self) -> None:
        # The patterns are compiled once, at import, as class constants.
        pass

    # ---- analysis ---------------------------------------------------------------------------
    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Find dates (with any time attached) and dates of birth in ``text``.

        A region after a DOB cue is DATE_OF_BIRTH when that type is requested; when only DATE
        is requested it is reported as DATE, so no date goes unreported for its label.

        :param text: text to analyse
        :param entities: entity types requested
        :param nlp_artifacts: not used; every score is final without context enhancement
        :return: one result per date region, in text order
        """
        want_date, want_dob = DATE in entities, DATE_OF_BIRTH in entities
        if not (want_date or want_dob):
            return []
        results: list[RecognizerResult] = []
        previous_dob_end: int | None = None
        for cand in self._join_lists(text, self._resolve_overlaps(self._candidates(text))):
            if cand.pattern.name in self.TIME_PATTERNS:
                continue
            is_dob = self._after_dob_cue(text, cand.start) or (
                previous_dob_end is not None
                and self._DOB_LIST_GAP.match(text, previous_dob_end, cand.start) is not None
            )
            previous_dob_end = cand.end if is_dob else None
            if is_dob and want_dob:
                results.append(self._result(cand, DATE_OF_BIRTH, self.SCORE_DATE_OF_BIRTH))
            elif want_date:
                results.append(self._result(cand, DATE, cand.score))
        return results

    def _candidates(self, text: str) -> list[_Candidate]:
        """Every calendar-valid match of every pattern, widened by weekday and time."""
        found: list[_Candidate] = []
        for pattern, regex in self.compiled_patterns:
            for match in regex.finditer(text):
                start, end = match.span("date") if "date" in regex.groupindex else match.span()
                if (
                    self._crosses_line(text, start, end)
                    or not valid_calendar(match)
                    or self._not_a_date(text, pattern, match)
                ):
                    continue
                groups = match.groupdict()
                with_time = groups.get("hour") is not None
                if pattern.name in self.DAY_PATTERNS:
                    weekday = self._WEEKDAY_BEFORE.search(text, max(0, start - 20), start)
                    if weekday and not self._crosses_line(text, weekday.start(), start):
                        start = weekday.start()
                    # "at 10.30 on 12 March", "between 1.28 p.m. and 2.00 p.m. on 20 July 1996",
                    # "the morning of 31 December 2000": the time of day belongs to the date.
                    before = self._TIME_BEFORE_DATE.search(text, max(0, start - 60), start)
                    if before and not self._crosses_line(text, before.start(), start):
                        start = before.start()
                if groups.get("day") is not None:  # a time belongs to a day, not to a month
                    time = self._TIME_AFTER_DATE.match(text, end)
                    if time and time_ok(time) and not self._crosses_line(text, *time.span()):
                        end, with_time = time.end(), True
                if with_time:
                    time = self._TIME_RANGE.match(text, end)
                    if time and time_ok(time) and not self._crosses_line(text, *time.span()):
                        end = time.end()
                found.append(_Candidate(start, end, pattern.score, pattern))
        return found

    def _join_lists(self, text: str, candidates: list[_Candidate]) -> list[_Candidate]:
        """One region for a list or range of dates that share a year or make one span.

        "29 March and 10 April 1990", "17 May, 3 June and 10 September 1999": a date without
        its year takes the year of the date after it, so the two are one expression and are
        redacted as one. Full dates are joined only as a range ("between 8 May 1994 and 2 June
        2000", "from ... to ..."); two dates merely listed stay two regions.
        """
        joined: list[_Candidate] = []
        for cand in reversed(candidates):
            if joined and self._joins(text, cand, joined[-1]):
                after = joined.pop()
                cand = _Candidate(
                    cand.start, after.end, max(cand.score, after.score), after.pattern
                )
            joined.append(cand)
        return joined[::-1]

    def _joins(self, text: str, first: _Candidate, second: _Candidate) -> bool:
        if second.pattern.name not in self.JOINABLE_PATTERNS or self._crosses_line(
            text, first.end, second.start
        ):
            return False
        if first.pattern.name in self.YEARLESS_PATTERNS:
            return self._LIST_GAP.fullmatch(text, first.end, second.start) is not None
        if first.pattern.name in self.JOINABLE_PATTERNS:
            return (
                self._RANGE_GAP.fullmatch(text, first.end, second.start) is not None
                and self._RANGE_OPENER.search(text, max(0, first.start - 12), first.start)
                is not None
            )
        return False

    @staticmethod
    def _crosses_line(text: str, start: int, end: int) -> bool:
        # A date is written on one line: "Room 12" above "March 2024" is not "12 March 2024",
        # and a time on the next line of a form belongs to the next field.
        return "\n" in text[start:end] or "\r" in text[start:end]

    @staticmethod
    def _resolve_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
        """Keep the longest (then highest-scoring) match of each overlapping group."""
        kept: list[_Candidate] = []
        for cand in sorted(candidates, key=lambda c: (c.start - c.end, -c.score, c.start)):
            if all(cand.end <= k.start or cand.start >= k.end for k in kept):
                kept.append(cand)
        return sorted(kept, key=lambda c: c.start)

    # ---- context ----------------------------------------------------------------------------
    def _not_a_date(self, text: str, pattern: Pattern, match: re.Match[str]) -> bool:
        """Context that makes a calendar-valid match a count, a version or a reference."""
        start, end = match.span("date") if "date" in match.re.groupindex else match.span()
        if pattern.name in self.GUARDED_PATTERNS:
            following = self._NEXT_WORD.match(text, end)
            if following and following.group(1) not in self.FOLLOWERS:
                return True
        if pattern.name in self.NUMERIC_PATTERNS:
            # Part of a longer run with the same separator ("12-12-12-12", "1.2.3.4"); a
            # different one is fine, it is a range ("12/03/24-13/03/24").
            sep = match.group("sep")
            if start >= 2 and text[start - 1] == sep and text[start - 2].isdigit():
                return True
            previous = self._PREVIOUS_WORD.search(text, max(0, start - 20), start)
            if previous and previous.group(1).lower() in self.NOT_DATE_PREFIXES:
                return True
        return False

    def _after_dob_cue(self, text: str, start: int) -> bool:
        return self._DOB_CUE.search(text, max(0, start - self._DOB_CUE_WINDOW), start) is not None

    # ---- results ----------------------------------------------------------------------------
    def _result(self, cand: _Candidate, entity: str, score: float) -> RecognizerResult:
        # The explanation names the pattern, never the matched text (it is personal data).
        textual = f"Detected by `{self.name}` using pattern `{cand.pattern.name}`"
        if entity == DATE_OF_BIRTH:
            textual += " after a date-of-birth cue"
        explanation = AnalysisExplanation(
            recognizer=self.name,
            original_score=cand.pattern.score,
            pattern_name=cand.pattern.name,
            pattern=cand.pattern.regex,
            validation_result=True,
            textual_explanation=textual,
            regex_flags=FLAGS,
        )
        explanation.score = score
        return RecognizerResult(
            entity_type=entity,
            start=cand.start,
            end=cand.end,
            score=min(score, EntityRecognizer.MAX_SCORE),
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
