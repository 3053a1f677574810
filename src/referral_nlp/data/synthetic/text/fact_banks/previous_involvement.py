"""Previous involvement with children's social care, consistent with the structured fields
(previous referrals, a previous child protection plan).
"""

from __future__ import annotations

from referral_nlp.data.synthetic.text.engine import Bank

PREVIOUS_NONE = Bank(
    "First referral for {child_first}.",
    "Not known to CSC before.",
    "No CSC history.",
    "New to services.",
    "No previous CSC involvement.",
    "Not previously known to CSC.",
    "No previous referrals.",
    "",
)
PREVIOUS_SOME = Bank(
    "[Previously known|Known] to CSC: {n_prev_num} previous [referral(s)|contact(s)], last "
    "[in|around] {date_prev}.",
    "This is the {nprev} referral for {child_first}.",
    "History: {n_prev_num} prior [referrals|contacts] (most recent {date_prev}).",
    "Known to CSC - {nprev} referral[| in {n_years} years], last {date_prev}.",
    "RE-REFERRAL - {nprev} referral for this child.",
    "Previous referrals: {n_prev_num}, most recent {date_prev}.",
    "Family known to CSC, previous involvement [closed {date_prev}|in {date_prev}].",
)
PREVIOUS_CP = Bank(
    "Previously subject to a CP plan.",
    "Previous CP plan [for neglect|under emotional abuse|for physical abuse] ([ended|closed] "
    "{date_prev}).",
    "Child was on a CP plan before.",
)
