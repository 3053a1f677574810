"""The card's fairness section: flags and their meaning first, on one screen, then details."""

from __future__ import annotations

import copy
import math
import re
from typing import Any

from referral_nlp.cards import ModelCardData, content_from_dicts, render_html, render_markdown
from referral_nlp.cards.fairness_section import MAX_SUMMARY_ROWS

SCREEN_LINES, SCREEN_WIDTH = 40, 120


def summary_of(markdown: str) -> str:
    """From the section's heading to its first detail table."""
    start = markdown.index("### Fairness across groups")
    return markdown[start : markdown.index("\n#### ", start)]


def screen_lines(text: str) -> int:
    return sum(max(1, math.ceil(len(line) / SCREEN_WIDTH)) for line in text.splitlines())


def test_the_section_opens_with_what_was_flagged_and_what_it_means(card: ModelCardData) -> None:
    summary = summary_of(render_markdown(card))
    rows = [line for line in summary.splitlines() if line.startswith("| Re-referral")]
    assert rows == [
        "| Re-referral within 12 months | ethnicity: black (150 cases) | recorded 36% vs "
        "predicted 27% (true risk 26%) | Outcomes are recorded more often for these children "
        "than their underlying risk explains; the model's scores follow the risk, the records "
        "do not. Do not read the extra recorded outcomes as extra need: ask whether this group "
        "is watched or recorded differently. |"
    ]
    assert "never flagged" in summary and "Holm correction over this model's 60" in summary
    assert "- Not recorded: child_sex (20 cases)." in summary
    assert "- Not enough data to judge (1): child_sex=not recorded (n=20)." in summary
    assert "Inconclusive, more data needed (2)" in summary
    assert screen_lines(summary) <= SCREEN_LINES


def test_many_flags_still_fit_on_one_screen(sources: dict[str, Any]) -> None:
    block = sources["eval_data"]["fairness"]["model"]
    flag = block["flags"][0]
    block["flags"] = [copy.deepcopy(flag) | {"group": f"group {i}"} for i in range(12)]
    inconclusive = block["labels"]["re_referral_12m"]["attributes"]["ethnicity"]["groups"]
    for i in range(20):
        inconclusive[f"extra {i}"] = copy.deepcopy(inconclusive["asian"])
    markdown = render_markdown(content_from_dicts(**sources))
    summary = summary_of(markdown)
    assert summary.count("| Re-referral within 12 months |") == MAX_SUMMARY_ROWS
    assert f"And {12 - MAX_SUMMARY_ROWS} more flagged group(s)" in summary
    assert re.search(r"Inconclusive, more data needed \(\d+\): .* and \d+ more\.", summary)
    assert screen_lines(summary) <= SCREEN_LINES


def test_detail_tables_follow_with_every_group_and_the_truth_beside(card: ModelCardData) -> None:
    markdown = render_markdown(card)
    details = markdown[markdown.index("#### Re-referral within 12 months: outcome rates") :]
    assert (
        "| ethnicity | black | 150 (105) | 36.0% [32.0%, 40.0%] | 26.0% | 27.0% | "
        "+0.090 [+0.050, +0.130] | +0.010 [+0.000, +0.020] | flagged |" in details
    )
    assert "| sex | not recorded | 20 (14) |" in details and "not enough data (n=20) |" in details
    assert "#### Re-referral within 12 months: error rates per group at top_10pct (threshold " in (
        details
    )
    assert "| TPR gap / truth's | FPR gap / truth's |" in details


def test_without_true_risks_the_card_says_error_rate_gaps_are_not_flagged(
    sources: dict[str, Any],
) -> None:
    block = sources["eval_data"]["fairness"]["model"]
    block["method"]["oracle"] = False
    markdown = render_markdown(content_from_dicts(**sources))
    assert "Without true risks, TPR/FPR gaps are shown but not flagged" in markdown
    assert "| true risk |" not in markdown and "/ truth's" not in markdown


def test_an_evaluation_without_fairness_says_so(sources: dict[str, Any]) -> None:
    sources["eval_data"]["fairness"] = {}
    data = content_from_dicts(**sources)
    assert data.fairness is None
    assert "Not available: the evaluation has no fairness results" in render_markdown(data)


def test_html_keeps_the_summary_open_and_the_details_folded(card: ModelCardData) -> None:
    page = render_html(card)
    section = page[page.index('<h3 id="fairness">') : page.index("Calibration and operating")]
    assert section.index("What was flagged, and what it means for a reviewer") < section.index(
        "<details>"
    )
    assert '<th scope="row" class="flagged">ethnicity: black (150 cases)</th>' in section
    assert "Calibration within each group: Re-referral within 12 months (test)" in page
