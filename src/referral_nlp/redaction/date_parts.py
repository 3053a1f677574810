"""The parts UK dates and times are written in, and the calendar checks on them.

The pieces are regular expressions for ``re.IGNORECASE`` (:data:`FLAGS`) that the date
recogniser joins into its patterns. They capture named groups: ``day`` and ``day0`` (the first
day of a list), ``month`` (a number) or ``mon`` (a name), ``year`` and ``year2`` (a range's end),
``ord``, ``hour``, ``minute`` and ``ampm``. :func:`valid_calendar` and :func:`time_ok` read
those groups: "31/02/2024" is no date and "25:10" no time, and "9/24/1946", impossible day
first, is read month first.
"""

from __future__ import annotations

import calendar
import re

FLAGS = re.IGNORECASE
# Fixed lists, not calendar.month_name and the like: those follow the process locale.
MONTH_ABBREVIATIONS = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
MONTH_NAMES = tuple(
    "january february march april may june july august september october november december".split()
)
WEEKDAY_NAMES = tuple("monday tuesday wednesday thursday friday saturday sunday".split())

# ---- building blocks ------------------------------------------------------------------------
#: A month's name, full or abbreviated ("Sept" too), with no group and no boundary.
MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:tember|t)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
MONTH = (
    r"(?P<mon>" + MONTH_WORD + r")\b"
    # A dot only after an abbreviation ("Sept."), so a sentence's full stop stays outside.
    r"(?:(?<=\b[a-z]{3})\.|(?<=\bsept)\.)?"
)
ORD = r"(?P<ord>st|nd|rd|th)"
#: Days before the one that carries the month: "3-5 March", "5 or 6 June", "15, 17 and 24 May".
DAY_LIST = (
    r"(?:(?P<day0>\d{1,2})(?:st|nd|rd|th)?(?:\s*,\s*\d{1,2}(?:st|nd|rd|th)?){0,6}"
    r"\s*,?\s*(?:-|–|to|and|or|&)\s*)?"
)
#: A month name, full or abbreviated, outside the named groups (lists of months).
MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:tember|t)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
# Abbreviated weekdays only when capitalised: lower-case "sat" and "sun" are ordinary words.
WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|(?-i:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun|MON|TUES?|WED|THU(?:RS?)?|FRI|SAT|SUN))"
)
YEAR4 = r"(?:19|20)\d{2}(?!\d)"
# A two-digit year must not be the hour of a following time ("12 March 14:30", "12 March 10am").
YEAR2 = r"'?\d{2}(?!\d)(?![:.]\d)(?!\s?(?:[ap]\.?m\b|hrs?\b|hours\b|h\b))"
# Not glued to a word, a path, a clock or a decimal ("v1.2.24", "10:12/03", "1.12.03.24"); a
# colon after a word is fine ("DOB:04/07/2016").
NUM_START = r"(?<![\w/])(?<!\d[.:])"
NUM_END = r"(?![\w/])(?![.:]\d)(?!(?P=sep)\d)"
TEXT_START = r"(?<![\w/.:£$€])"
_MINUTE = r"(?P<minute>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?"
# "a.m." keeps its last dot; "pm." and "hrs." leave theirs, which is usually a full stop.
AMPM = r"(?P<ampm>[ap]\.m\.|[ap]\.?m\b)"
HRS = r"(?:hrs|hours|h)\b"

# A time after a date or another time; it counts only with minutes or am/pm (see time_ok).
TIME_TAIL = (
    r"(?P<hour>[01]?\d|2[0-3])(?:[:.]" + _MINUTE + r")?(?:\s?" + AMPM + r"|\s?" + HRS + r")?"
    r"(?!\d)(?![.:]\d)"
)
#: A time of day on its own, outside the named groups: "2.30pm", "10 a.m.", "14:30".
CLOCK = (
    r"(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s?(?:[ap]\.m\.|[ap]\.?m\b)"
    r"|(?:[01]?\d|2[0-3])[:.][0-5]\d"
)

# ---- calendar checks ------------------------------------------------------------------------
#: Month names that are also everyday words: lower case, they need an ordinal or a year.
AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar"})


def valid_calendar(match: re.Match[str]) -> bool:
    """Check day, month, year and time against the calendar (31/02/2024 is no date)."""
    groups = match.groupdict()
    if _us_order(groups):
        # "9/24/1946": day-first reading is impossible, so the record is American.
        groups = {**groups, "day": groups["month"], "month": groups["day"]}
    month = _month_number(groups)
    year = _full_year(groups.get("year"))
    if groups.get("month") is not None or groups.get("mon") is not None:
        if month is None:
            return False
        if year is not None and not 1900 <= year <= 2099:
            return False
        # A leap year when none is given, so "29th February" stands.
        last_day = calendar.monthrange(year if year is not None else 2000, month)[1]
        for key in ("day", "day0"):
            if groups.get(key) is not None and not 1 <= int(groups[key]) <= last_day:
                return False
        mon = groups.get("mon")
        if (
            mon is not None
            and mon in AMBIGUOUS_MONTHS  # lower case only: "May", "MAR" are months
            and groups.get("year") is None
            and groups.get("ord") is None
        ):
            return False
    elif groups.get("day") is not None and not 1 <= int(groups["day"]) <= 31:
        return False  # a bare ordinal: "on the 3rd"
    if groups.get("year2") is not None:
        first, last = int(groups["year"]), int(groups["year2"])
        if last < 100:
            last += first - first % 100
        if not 0 < last - first <= 30:
            return False
    if groups.get("hour") is not None:
        return time_ok(match)
    return True


def _us_order(groups: dict[str, str | None]) -> bool:
    """A slashed date with a year that only reads month first (9/24/1946, 12/31/99)."""
    day, month = groups.get("day"), groups.get("month")
    return (
        groups.get("sep") == "/"
        and groups.get("year") is not None
        and day is not None
        and month is not None
        and 1 <= int(day) <= 12
        and 12 < int(month) <= 31
    )


def _month_number(groups: dict[str, str | None]) -> int | None:
    if groups.get("month") is not None:
        month = int(groups["month"])
        return month if 1 <= month <= 12 else None
    mon = groups.get("mon")
    if mon is None:
        return None
    return MONTH_ABBREVIATIONS.index(mon[:3].lower()) + 1


def _full_year(year: str | None) -> int | None:
    if year is None:
        return None
    digits = year.lstrip("'")
    return int(digits) + 2000 if len(digits) == 2 else int(digits)


def time_ok(match: re.Match[str]) -> bool:
    """A clock time: 0-23 h (1-12 with am/pm), and minutes or am/pm to show it is a time."""
    groups = match.groupdict()
    hour, minute, ampm = groups.get("hour"), groups.get("minute"), groups.get("ampm")
    if hour is None or (minute is None and ampm is None):
        return False
    if ampm is not None:
        return 1 <= int(hour) <= 12
    return int(hour) <= 23


# ---- a clock time beside a numeric date -----------------------------------------------------
_HOUR_OR_MINUTES = r"(?:[01]?\d|2[0-3])(?:[.:][0-5]\d)?\s?(?:[ap]\.?m\.?|hrs|h)?"
#: A clock time or a range of them: "10.42", "23:15", "10am", "4-5pm", "14:00-15:30".
CLOCK_OR_RANGE = re.compile(
    r"(?:(?:[01]?\d|2[0-3])[.:][0-5]\d\s?(?:[ap]\.?m\.?|hrs|h)?|(?:1[0-2]|0?[1-9])\s?[ap]\.?m\.?"
    r"|" + _HOUR_OR_MINUTES + r"\s?[-–]\s?" + _HOUR_OR_MINUTES + r")",
    FLAGS,
)
_LONE_RANGE = re.compile(
    r"(?:[01]?\d|2[0-3])(?:[.:][0-5]\d)?\s?[-–]\s?(?:[01]?\d|2[0-3])(?:[.:][0-5]\d)?\s?"
    r"(?:[ap]\.?m\.?|hrs)",
    FLAGS,
)
#: A numeric date, after a weekday or not, then its time: "03/02/2025 at 10.42", "Sat
#: 27/07/2024 23:15". The date ends before the time.
_NUMERIC_DATE_THEN_TIME = re.compile(
    r"(?P<date>(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    r"\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2}))"
    r"\s*,?\s*(?:(?:at|@|from|around|approx\.?|between)\s*)?(?:" + CLOCK_OR_RANGE.pattern + r")",
    FLAGS,
)


#: A clock time, then "on" and the date: "14.30 on 12th March 2024", "2.15pm on Monday 3 May".
_TIME_THEN_ON = re.compile(
    r"(?:at\s+)?(?:" + CLOCK_OR_RANGE.pattern + r")\s*,?\s*on\s+(?:the\s+)?(?=\S)", FLAGS
)


def date_start_after_time(value: str) -> int:
    """Where the date in ``value`` starts when a clock time and "on" open it ("12th March
    2024" of "14.30 on 12th March 2024"); 0 when none does. As after a date, the time of day
    dates nothing on its own and stays for the reviewer."""
    m = _TIME_THEN_ON.match(value)
    return m.end() if m and m.end() < len(value) else 0


def date_end_before_time(value: str) -> int:
    """Where the numeric date in ``value`` ends when a clock time follows it ("03/02/2025" of
    "03/02/2025 at 10.42"); ``len(value)`` when ``value`` is no numeric date and time. The time
    of day dates nothing on its own and is the note's signal (a visit late at night)."""
    m = _NUMERIC_DATE_THEN_TIME.fullmatch(value)
    return m.end("date") if m else len(value)


def is_time_range(value: str) -> bool:
    """A range of clock times with its unit and no date: "4-5pm", "14-16hrs"."""
    return _LONE_RANGE.fullmatch(value) is not None
