"""What a note says about a current factor beside its description: how serious, how often.

A generic severity line for factors whose banks do not state it, and a single, repeat or
escalating frequency line (domestic abuse in police wording, the rest naming the factor
through ``{fname}``).
"""

from __future__ import annotations

from referral_nlp.data.synthetic.text.engine import Bank

# A generic severity line, added for factors whose banks do not make severity plain.
SEVERITY_NOTE: dict[int, Bank] = {
    1: Bank("[Concerns appear low level at present.|Felt to be low level.|Low risk at present.]"),
    2: Bank(""),
    3: Bank("[Concerns are serious.|Risk felt to be high.|Significant harm threshold likely met.]"),
}

# ---- frequency -----------------------------------------------------------------------------
FREQUENCY_DA: dict[str, Bank] = {
    "single": Bank(
        "First [reported|known] incident at this address.",
        "No previous DA incidents recorded.",
        "",
    ),
    "repeat": Bank(
        "[Previous|Prior] PPNs for this [couple|household|address] [in {date_hist}|last "
        "year|in the past year].",
        "[Second|2nd] [DA notification|domestic] for [the family|these adults] [this year|"
        "since {month_recent}].",
        "[Second|2nd] PPN for this household since {month_recent}.",
        "Previous DA incidents logged at the address [in {date_hist}|last year].",
        "Police hold [2|3|several] previous DA logs for the couple.",
        "Not the first incident - [2|3] previous callouts to this address.",
    ),
    "escalating": Bank(
        "[3rd|Third|4th|Fourth] [call out|callout|DA call] [in|within] [a fortnight|3 weeks|"
        "the month] - [escalating|getting worse|more serious each time].",
        "[Frequency|Severity] of [incidents|calls] [increasing|rising] [sharply|fast], "
        "[3|4|5] logs since {month_recent}.",
        "This is the [third|3rd|fourth] PPN this month and the pattern is escalating.",
        "Incidents are becoming more frequent and more serious, [3|4] callouts in [the last 6 "
        "weeks|a month].",
        "Escalating pattern of DA - frequency increasing since {month_recent}.",
    ),
}
FREQUENCY: dict[str, Bank] = {
    "single": Bank(
        "",
        "",
        "",
        "First time {fname} has been raised.",
        "No previous {fname} concerns.",
        "[This seems to be|Appears to be] a [one-off|first] {fname} [concern|report].",
        "Nothing like this [logged|recorded] before.",
    ),
    "repeat": Bank(
        "Similar [concerns|worries|issues] re {fname} were [raised|logged|reported] [last "
        "year|previously|in {date_hist}|by school before].",
        "{Fname} [concerns|issues] have [come up|been raised|been noted] before.",
        "[Repeat|Recurring|Ongoing] {fname} concern, [logged before|noted on previous "
        "occasions|on file from {date_hist}].",
        "Not the first time - {fname} [noted|flagged|raised] [by school|by the GP|on file|by "
        "the HV] before.",
        "{Fname} [has featured|featured] in [a previous|an earlier|the last] [referral|contact].",
        "[This is a|A] [known|long-standing] {fname} [issue|concern] for the family.",
        "[The|This] {fname} [worry|concern] [was also raised|came up] [in {date_hist}|a year "
        "ago|at the last contact].",
    ),
    "escalating": Bank(
        "{Fname} [concerns|worries] are escalating, [3rd|third|4th] [report|contact|log] in "
        "[a month|6 weeks|a fortnight].",
        "{Fname} getting worse - [more frequent|more serious|more often] over [recent weeks|the "
        "last month|the summer].",
        "[Worsening|Escalating|Deteriorating] picture re {fname} since {month_recent}.",
        "Increasing [frequency|severity] of {fname} [incidents|episodes|reports] [this "
        "term|since {month_recent}|over the last 6 weeks].",
        "[Each|Every] {fname} [report|incident] [is worse than the last|has been more "
        "serious], [3|4|5] since {month_recent}.",
        "[Pattern of escalation|Escalating pattern] re {fname}: [weekly|near daily|repeated] "
        "[reports|incidents] [now|lately|this month].",
    ),
}

#: How frequency sentences name a factor.
FACTOR_WORDS: dict[str, tuple[str, ...]] = {
    "domestic_abuse": ("DA", "domestic abuse"),
    "mental_health": ("mental health", "MH"),
    "alcohol_misuse": ("alcohol", "drinking"),
    "drug_misuse": ("drug use", "substance misuse"),
    "neglect": ("neglect", "home conditions"),
    "physical_abuse": ("physical harm", "injury"),
    "emotional_abuse": ("emotional harm",),
    "sexual_abuse": ("sexual harm",),
    "cse": ("CSE", "exploitation"),
    "cce": ("CCE", "exploitation"),
    "missing": ("missing", "missing episode"),
    "self_harm": ("self harm",),
    "young_carer": ("caring",),
    "homelessness": ("housing",),
    "socially_unacceptable_behaviour": ("behaviour",),
    "gangs": ("gang",),
    "learning_disability": ("SEND",),
    "physical_disability": ("health",),
    "radicalisation": ("Prevent",),
    "fgm": ("FGM",),
    "privately_fostered": ("private fostering",),
    "trafficking": ("trafficking",),
    "faith_abuse": ("faith-based abuse",),
}
