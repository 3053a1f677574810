"""Which of NER's DATE candidates are calendar dates, the only dates that identify anyone.

Besides dates, spaCy's DATE tags durations, times of day and numbers after a collar, bleep or
extension; span clean-up keeps a DATE only where :func:`is_calendar_date` says it is one.
"""

from __future__ import annotations

import re

from referral_nlp.redaction.date_parts import MONTH_WORD

#: spaCy's DATE also tags durations and relative times ("three weeks", "this month"); those carry
#: risk signal (frequency, recency) and identify no one, so a DATE must look like a calendar date.
#: A weekday alone ("every Tuesday") names no date and is not a cue; a weekday with an ordinal
#: ("Tues 4th") is a date.
_CALENDAR_CUE = re.compile(
    r"\b\d{4}s?\b|\d{1,2}[/.\-]\d{1,2}|\b\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3}"
    r"|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"^(?:(?:about|around|approx\.?|approximately|over|under|more\s+than|less\s+than|within"
    r"|for|every|each|the|nearly|almost|up\s+to)\s+)*"
    r"(?:last|past|next|previous|first|few|several|a|an)?\s*(?:\d+(?:\s*[-–]\s*\d+)?)?\s*"
    r"(?:working\s+|school\s+|calendar\s+)?"
    r"(?:days?|nights?|weeks?|wks?|months?|mths?|mnths?|years?|yrs?|hours?|hrs?|minutes?|mins?"
    r"|weekends?)"
    r"(?:\s+(?:ago|old|later|earlier|before|after))?$",
    re.IGNORECASE,
)
#: What follows a clock time: "hrs", "h", "am", "p.m.".
_CLOCK_UNIT = r"(?:hrs|hours|h|am|pm|a\.m\.?|p\.m\.?)"
#: A clock time with a unit ("10.15 hrs", "2.15pm", "1430hrs") is a time of day, not a date.
_CLOCK = re.compile(r"^(?:\d{1,2}[.:]\d{2}|\d{4})\s*" + _CLOCK_UNIT + r"\.?$", re.IGNORECASE)
#: A clock time inside a longer DATE candidate ("09:30 tomorrow", "2.15pm Thursday"), or a
#: range of two with colons ("15:30-18:00"; a colon separates no date's parts).
_CLOCK_IN_TEXT = re.compile(
    r"(?<![\d.:/\-])(?:[01]?\d|2[0-3]):[0-5]\d\s*[-–]\s*(?:[01]?\d|2[0-3]):[0-5]\d(?![\d.:/\-])"
    r"|(?<![\d.:/\-])\d{1,2}(?:[.:][0-5]\d)?\s*" + _CLOCK_UNIT + r"(?![a-z])"
    r"|(?<![\d.:/\-])(?:[01]?\d|2[0-3])[.:][0-5]\d(?![\d.:/\-])",
    re.IGNORECASE,
)
#: "14.30", "9:05": hour and minutes; a date only when the minutes could be a month and no
#: time word stands before it ("on 10.11" is a date, "at 10.11" a time).
_HOUR_MINUTES = re.compile(r"^(?P<h>\d{1,2})(?P<sep>[.:])(?P<m>\d{2})$")
_TIME_CUE_BEFORE = re.compile(
    r"(?:\b(?:at|@|from|until|till|til|to|by|around|approx\.?|about|after|before|between"
    r"|and|meeting|visit|called|rang|time)|[@\-–])\s*$",
    re.IGNORECASE,
)
#: A police officer's collar or badge number is no date: "collar 4471" (with a name, the
#: number is part of the PERSON span instead: "PC 4471 HARRIS"); nor is a doctor's bleep, a
#: phone extension or a ward's bed number ("Bleep 4421", "ext 2210"); nor a number after a
#: police rank with no name after it ("completed by PC 5512 - ..."). Such a number is bare
#: digits: a date after the word is still a date ("Seen by PC 03/04/24", "PC 12th March").
_COLLAR_BEFORE = re.compile(
    r"\b(?:collar|badge|shoulder|warrant|bleep|pager|ext|extension"
    r"|pc|dc|ps|ds|sgt|pcso)\.?\s*"
    r"(?:no\.?|number|num)?\s*[:#]?\s*$",
    re.IGNORECASE,
)
#: Nor is a score out of ten a date ("Scaling: 6/10"), nor a room's or a bed's number in any
#: shape ("Room 12/3", "bed 3/4").
_SCORE_BEFORE = re.compile(
    r"\b(?:scaling|scaled|scale|score|scored|rated|rating|room|bed|bay)\.?\s*"
    r"(?:no\.?|number|num)?\s*[:#]?\s*$",
    re.IGNORECASE,
)
#: An officer's number is no date ("arresting officer 4471"), but a date after the word is
#: one ("police officer 14/02/2024"): only bare digits count here.
_OFFICER_BEFORE = re.compile(
    r"\b(?:officer|insp|inspector)\.?\s*(?:no\.?|number)?\s*[:#]?\s*$", re.I
)
#: An amount of money is no date, whatever its digits look like: "£1,127.40/month".
_MONEY_BEFORE = re.compile(r"[£$€]\s*$")
#: A 24-hour time written without a colon after "at": "arrived at 1630".
_HHMM = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d")
_AT_BEFORE = re.compile(r"\b(?:at|@)\s*$", re.IGNORECASE)
#: A list number NER glued onto a duration: "within 5 days 3) ...".
_LIST_NUMBER = re.compile(r"\s+\d{1,2}\)?$")


#: A range of clock times with its unit: "1-3pm", "9.30-11am" ("Tuesday 1-3pm").
_TIME_RANGE = re.compile(
    r"(?<![\d.:/\-])\d{1,2}(?:[.:][0-5]\d)?\s*[-–]\s*\d{1,2}(?:[.:][0-5]\d)?\s*"
    + _CLOCK_UNIT
    + r"(?![a-z])",
    re.IGNORECASE,
)


def _is_clock_time(text: str, start: int, value: str) -> bool:
    """ "14.30", "9:05", "at 10.15", "09:30 tomorrow", "Tuesday 1-3pm": a time of day, not a
    date."""
    if not _CALENDAR_CUE.search(_CLOCK_IN_TEXT.sub(" ", _TIME_RANGE.sub(" ", value))):
        return True
    m = _HOUR_MINUTES.match(value)
    if not m or int(m["h"]) > 23 or int(m["m"]) > 59:
        return False
    if m["sep"] == ":" or int(m["m"]) > 12 or int(m["m"]) == 0:
        return True
    return _TIME_CUE_BEFORE.search(text, max(0, start - 16), start) is not None


#: A day written as an ordinal word, right before its month: "twenty-second May 2024",
#: "third of June"; NER may report the day apart from the month.
_ORDINAL_WORD_DAY = re.compile(
    r"(?:the\s+)?(?:(?:twenty|thirty)[\s-]?)?(?:first|second|third|fourth|fifth|sixth|seventh"
    r"|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth"
    r"|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)",
    re.IGNORECASE,
)
_MONTH_AFTER = re.compile(r"\s+(?:of\s+)?" + MONTH_WORD + r"\b", re.IGNORECASE)


def _ordinal_word_before_month(text: str, start: int, value: str) -> bool:
    return _ORDINAL_WORD_DAY.fullmatch(value) is not None and (
        _MONTH_AFTER.match(text, start + len(value)) is not None
    )


def is_calendar_date(text: str, start: int, value: str) -> bool:
    """Is NER's DATE ``value``, at ``start`` in ``text``, a calendar date: not a duration, a
    time of day, a collar, bleep or extension number, nor a 24-hour time after "at"?"""
    if _ordinal_word_before_month(text, start, value):
        return True
    if not _CALENDAR_CUE.search(value):
        return False
    return not (
        _MONEY_BEFORE.search(text, max(0, start - 3), start) is not None
        or _DURATION.match(_LIST_NUMBER.sub("", value))
        or _CLOCK.match(value)
        or _is_clock_time(text, start, value)
        or _SCORE_BEFORE.search(text, max(0, start - 24), start) is not None
        or (value.isdigit() and _COLLAR_BEFORE.search(text, max(0, start - 24), start))
        or (value.isdigit() and _OFFICER_BEFORE.search(text, max(0, start - 24), start))
        or (_HHMM.fullmatch(value) and _AT_BEFORE.search(text, max(0, start - 8), start))
    )
