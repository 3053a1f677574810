"""Labels, windows and exclusions of one closure, table-driven over hand-built SSD histories.

The closure under test is R1: child C1 (born 2010-05-01) referred 2020-01-10, closed
2020-02-01 (RC7). Each case adds events and says what R1 must come out as.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from ssd_cases import Extract, build, by_id

CLOSURE = dt.date(2020, 2, 1)


def day(n: int) -> str:
    """The day ``n`` days after R1's closure."""
    return (CLOSURE + dt.timedelta(days=n)).isoformat()


def base(dob: str = "2010-05-01", reason: str = "RC7", death: str = "") -> Extract:
    ex = Extract().person("C1", dob, death=death)
    return ex.episode("R1", "C1", "2020-01-10", CLOSURE.isoformat(), reason=reason)


Case = tuple[str, Callable[[], Extract], tuple[int, int]]
LABEL_CASES: list[Case] = [
    ("nothing follows", base, (0, 0)),
    ("re-referral on day 1", lambda: base().episode("R2", "C1", day(1), day(9)), (1, 0)),
    ("re-referral on day 365", lambda: base().episode("R2", "C1", day(365), day(380)), (1, 0)),
    ("re-referral on day 366", lambda: base().episode("R2", "C1", day(366), day(380)), (0, 0)),
    ("s47 on day 100", lambda: base().s47("C1", day(100)), (0, 1)),
    ("s47 on day 366", lambda: base().s47("C1", day(366)), (0, 0)),
    ("s47 during the episode", lambda: base().s47("C1", "2020-01-20"), (0, 0)),
    ("CP plan on day 200", lambda: base().cp("C1", day(200)), (0, 1)),
    ("care begins on day 300", lambda: base().cla("C1", day(300)), (0, 1)),
    (
        "placement change in care begun before the closure",
        lambda: base().cla("C1", day(30), reason="P", entered="2019-06-01"),
        (0, 0),
    ),
    ("placement change, no entry date", lambda: base().cla("C1", day(30), reason="P"), (0, 0)),
    ("care, start reason not recorded", lambda: base().cla("C1", day(30), reason=""), (0, 1)),
    (
        "re-referral and CP plan",
        lambda: base().episode("R2", "C1", day(40), day(300)).cp("C1", day(60), "R2"),
        (1, 1),
    ),
    ("a sibling's re-referral", lambda: base().person("C2").episode("R2", "C2", day(5)), (0, 0)),
    ("death after the window", lambda: base(death=day(400)), (0, 0)),
]


@pytest.mark.parametrize("name, make, expected", LABEL_CASES, ids=[c[0] for c in LABEL_CASES])
def test_labels(tmp_path, name, make, expected):
    record = by_id(build(make(), tmp_path))["R1"]
    assert (record["re_referral_12m"], record["escalation_12m"]) == expected
    assert record["outcome_window_days"] == 365


EXCLUSION_CASES: list[tuple[str, Callable[[], Extract], str]] = [
    ("closed: died (RC2)", lambda: base(reason="RC2"), "died"),
    ("died inside the window", lambda: base(death=day(120)), "died"),
    ("closed: another local authority (RC5)", lambda: base(reason="RC5"), "transferred_out"),
    ("closed: adult social care (RC6)", lambda: base(reason="RC6"), "transferred_out"),
    ("closed: adopted (RC1)", lambda: base(reason="RC1"), "adopted"),
    (
        "a re-referral closed by transfer inside the window",
        lambda: base().episode("R2", "C1", day(20), day(50), reason="RC5"),
        "transferred_out",
    ),
    ("still open", lambda: Extract().person("C1").episode("R1", "C1", "2020-01-10"), "open"),
    (
        "no note",
        lambda: Extract().person("C1").episode("R1", "C1", "2020-01-10", "2020-02-01", note=None),
        "no_text",
    ),
    (
        "closure before referral",
        lambda: Extract().person("C1").episode("R1", "C1", "2020-01-10", "2020-01-01"),
        "invalid",
    ),
    ("s47 of R1 dated before R1", lambda: base().s47("C1", "2019-12-01", "R1"), "invalid"),
    ("referred at 18", lambda: base(dob="2001-06-01"), "invalid"),
]


@pytest.mark.parametrize("name, make, reason", EXCLUSION_CASES, ids=[c[0] for c in EXCLUSION_CASES])
def test_exclusions(tmp_path, name, make, reason):
    built = build(make(), tmp_path)
    assert "R1" not in by_id(built)
    assert built.excluded[reason] >= 1


def test_censored_closures_are_unlabelled_never_zero(tmp_path):
    built = build(base(), tmp_path, extract_date=day(364))
    assert not built.labelled
    (record,) = built.unlabelled
    assert record["id"] == "R1"
    assert record["re_referral_12m"] is None and record["escalation_12m"] is None
    assert built.excluded["censored"] == 1
    # one day later the window is over: labelled
    assert build(base(), tmp_path / "later", extract_date=day(365)).labelled


def test_events_after_the_extract_date_are_left_out_and_counted(tmp_path):
    ex = base().s47("C1", day(100))
    built = build(ex, tmp_path, extract_date=day(400))
    assert by_id(built)["R1"]["escalation_12m"] == 1
    later = build(base().s47("C1", day(500)), tmp_path / "b", extract_date=day(400))
    assert by_id(later)["R1"]["escalation_12m"] == 0


def test_window_cut_by_the_18th_birthday(tmp_path):
    # born 2002-06-01: 18 on 2020-06-01, so the window ends on 2020-05-31 (day 120)
    before = base(dob="2002-06-01").episode("R2", "C1", day(100), day(110))
    record = by_id(build(before, tmp_path))["R1"]
    assert record["outcome_window_days"] == 120
    assert record["re_referral_12m"] == 1
    after = base(dob="2002-06-01").s47("C1", day(130))  # an adult by then
    record = by_id(build(after, tmp_path / "b"))["R1"]
    assert (record["outcome_window_days"], record["escalation_12m"]) == (120, 0)
    excluded = build(base(dob="2002-06-01"), tmp_path / "c", turning_18="exclude")
    assert not excluded.labelled and excluded.excluded["turned_18"] == 1


def test_previous_referrals_and_cp_plans_count_only_earlier_events(tmp_path):
    ex = (
        Extract()
        .person("C1")
        .episode("R0", "C1", "2018-03-01", "2018-04-01")
        .episode("R1", "C1", "2020-01-10", "2020-09-01")
        .cp("C1", "2020-02-01", "R1")  # R1's own plan: after R1's referral
        .episode("R2", "C1", "2021-06-01", "2021-07-01")
    )
    records = by_id(build(ex, tmp_path))
    assert [records[r]["previous_referrals"] for r in ("R0", "R1", "R2")] == [0, 1, 2]
    assert [records[r]["previous_cp_plan"] for r in ("R0", "R1", "R2")] == [False, False, True]
