"""The two labels of a closed episode, its 12-month outcome window, and censoring.

Definitions (``referral_nlp.data.schema``, ``../shared/docs/domain.md``), for a closure on day
``c``:

* ``re_referral_12m`` = 1 when the child has a new CIN referral on a day in ``(c, c + 365]``;
* ``escalation_12m`` = 1 when, on a day in ``(c, c + 365]``, a section 47 enquiry starts, a
  child protection plan starts, or the child begins a period of being looked after.

Only events on or before the extract date exist (``history``). A closure is **censored** when
``c + 365`` is after the extract date: its window is not over, so "no event yet" is not a 0.
Censored closures are never labelled; ``prepare`` writes them to ``unlabelled`` for scoring.

A window can also end early:

* **18th birthday** (known at closure, not informative): children's social care cannot
  re-refer an adult, so the outcome "as a child" is complete when the child turns 18. The
  window ends the day before; the labels are read from the shortened window and the record
  keeps ``outcome_window_days`` (< 365) so the cut is visible, not silently a 0.
  ``--turning-18 exclude`` leaves these records out instead.
* **death** (``pers_death_date`` or close reason RC2), **transfer out** (RC5 another local
  authority, RC6 adult social care) or **adoption** (RC1: an adopted child gets a new person
  id) on or after the closure and inside the window: what would have followed is not in this
  extract, so the record is left out of every split (reasons ``died``, ``transferred_out``,
  ``adopted``), whatever it would have been labelled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from referral_nlp.data.schema import FOLLOW_UP_DAYS
from referral_nlp.data.ssd.history import History, add_years

TURNED_18 = "turned_18"


@dataclass(frozen=True)
class Outcome:
    """What a closure's window shows: labels, or why there are none."""

    window_days: int  # length of the window actually observed for labels (0..365)
    cut: str | None  # None, TURNED_18, or a reason the record is left out
    censored: bool
    re_referral: int | None
    escalation: int | None

    @property
    def excluded_by_cut(self) -> bool:
        return self.cut is not None and self.cut != TURNED_18


def eighteenth_birthday(dob: int) -> int:
    return add_years(dt.date.fromordinal(dob), 18).toordinal()


def outcome(history: History, closure: int, extract: int) -> Outcome:
    """Labels of the closure on day ``closure`` (ordinals), with the extract on day ``extract``."""
    end = closure + FOLLOW_UP_DAYS
    cut: str | None = None
    if history.dob is not None:
        last_child_day = eighteenth_birthday(history.dob) - 1
        if last_child_day < end:
            end, cut = max(last_child_day, closure), TURNED_18
    ending = [(day, reason) for day, reason in history.exits if closure <= day <= end]
    if history.death is not None and history.death <= end:
        ending.append((history.death, "died"))
    if ending:
        day, reason = min(ending)
        return Outcome(max(0, day - closure), reason, False, None, None)
    if closure + FOLLOW_UP_DAYS > extract:
        return Outcome(end - closure, cut, True, None, None)
    return Outcome(
        end - closure,
        cut,
        False,
        int(history.any_between(history.referrals, closure, end)),
        int(history.any_between(history.escalations, closure, end)),
    )


def labels_ignoring_censoring(history: History, closure: int) -> tuple[int | None, int | None]:
    """The labels a pipeline that ignores censoring would record: an event seen by the extract
    date, else 0, even when the window is not over. Wrong for a censored closure; kept to
    measure how wrong (``benchmarks/prepare.py``). ``None`` where the window ends early."""
    result = outcome(history, closure, closure + FOLLOW_UP_DAYS)
    return result.re_referral, result.escalation
