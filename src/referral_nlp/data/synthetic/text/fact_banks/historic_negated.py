"""Historic and negated mentions: no risk, by design, but the same vocabulary as a current
concern.

A past factor is written either from its own historic bank or as a current-style description
framed by a prefix and followed by a sentence saying it is past; a factor that is absent is
negated in one sentence, in a checklist, or as an allegation followed by a sentence saying it
is untrue. The sentence said after a current concern lives here too, in the same generic words,
so that no single word tells the tenses apart.
"""

from __future__ import annotations

from referral_nlp.data.synthetic.text.engine import Bank

HISTORIC: dict[str, Bank] = {
    "domestic_abuse": Bank(
        "Historic DA from previous partner {ex}, perpetrator no longer in contact [since "
        "{date_hist}|for over 2 yrs].",
        "{Cw} disclosed DA in a previous relationship (ended {date_hist}); no contact with "
        "{ex} since.",
        "Police checks: [2|3] historic DA incidents {date_hist}, nothing since.",
        "Historic DV, {ex} now [living in {other_town}|moved out of area|in custody until "
        "{date_future}] and has no contact with the family.",
        "There was DA [when {child_first} was a baby|in the past] but {cw} ended the "
        "relationship and there have been no incidents since.",
        "{Cw} was in an abusive relationship [years ago|before {child_first} was born|when "
        "{child_first} was little] but it ended and there has been no contact or DA since.",
        "DA was [the reason for previous involvement|an issue with {ex}] [years ago|in "
        "{date_hist}]; {ex} [moved away|has been out of their lives] since and there are no "
        "current concerns.",
    ),
    "mental_health": Bank(
        "{Cw} has a history of [depression|PND|anxiety] (around {date_hist}) but has been well "
        "for some time and is off medication.",
        "Historic MH - {carer} was under the CMHT in {date_hist}, discharged, no current concerns.",
        "Previous [PND|low mood] after {child_first}'s birth, resolved.",
        "{Cw} had [an episode|a period] of [psychosis|severe depression|PND] [years ago|in "
        "{date_hist}] and has been well [since|for a long time], [off medication|discharged "
        "from services].",
        "{Cw} [struggled|was very unwell] with [low mood|anxiety|depression] [in {date_hist}|"
        "some years ago] but got help and has been well since.",
    ),
    "alcohol_misuse": Bank(
        "{Cw} is abstinent from alcohol for [18 months|over 2 years] and [attends AA|engages "
        "with the alcohol service].",
        "Previous alcohol misuse, {carer} completed detox in {date_hist}; no relapse reported.",
        "Historic concerns re {pw}'s drinking ({date_hist}), nothing recent.",
        "{Cw} used to drink heavily but has been [sober|alcohol free] for [years|over three "
        "years] since [completing treatment|detox] and nothing suggests current drinking.",
    ),
    "drug_misuse": Bank(
        "Historic drug use, {carer} now on a stable methadone script and engaging with the "
        "drug service.",
        "{Cw} used drugs [as a teenager|before the children were born], nothing since.",
        "Previous cannabis use by {pw} noted in {date_hist}, says {phe} has stopped.",
        "{Cw} has a history of [cocaine|heroin|cannabis] use but has been [clean|abstinent] "
        "for [over two years|a long time] and recent tests are negative.",
    ),
    "neglect": Bank(
        "Previous EH involvement for home conditions in {date_hist}, improved and closed.",
        "Neglect concerns in the past but home conditions have been good on recent visits.",
        "[There were neglect concerns|Neglect was an issue] when {child_first} was [a baby|"
        "younger] but {he} is now well cared for and the concerns have not returned.",
    ),
    "physical_abuse": Bank(
        "Historic allegation of physical chastisement against {ex} in {date_hist}, NFA, no "
        "contact since.",
        "Physical abuse concerns [years ago|in {date_hist}] from a previous partner who is no "
        "longer around.",
    ),
    "emotional_abuse": Bank(
        "Historic concerns re emotional harm from the conflict between parents ({date_hist}), "
        "parents now separated amicably.",
    ),
    "sexual_abuse": Bank(
        "Historic allegation of sexual abuse by [a family member|{ex}] in {date_hist}, "
        "investigated, NFA, no contact since.",
    ),
    "cse": Bank(
        "Previous CSE concerns in {date_hist}, worked with the exploitation team, no recent "
        "intelligence.",
    ),
    "cce": Bank(
        "Previous CCE concerns ({date_hist}) - {child_first} has since moved school and has "
        "no contact with that group.",
    ),
    "missing": Bank(
        "Missing episodes in {date_hist}, none since {he} moved to {setting}.",
        "{Child_first} went missing a few times [when {he} was younger|in {date_hist}] but "
        "there have been no missing episodes since.",
    ),
    "self_harm": Bank(
        "{Child} [says|tells me] the cutting has stopped since {date_hist_recent}.",
        "Historic self harm ({date_hist}), no recent episodes.",
        "{Child_first} self harmed [a couple of years ago|in {date_hist}] and had CAMHS "
        "support at the time; {he} has not self harmed since.",
    ),
    "homelessness": Bank(
        "Previous period in temporary accommodation in {date_hist}, now settled.",
    ),
    "gangs": Bank("Past links to a local group ({date_hist}), none now per police."),
}

#: Said after a current concern, in the same generic words the historic and negated frames use
#: ("this is", "current", "now", "case"), so that no single word tells the tenses apart.
CURRENT_AFTER = Bank(
    "This is [still|very much] the case[ now| per {cw}|].",
    "All of this is current.",
    "This is [ongoing|happening now|still happening].",
    "It has happened again [since|this week|recently].",
    "[That|This] is [recent|current] and [agencies agree|was seen on the visit].",
    "None of this has [stopped|changed] [since|yet].",
    "This is not historic.",
)

#: Frames that turn a current-style description into a historic one.
HISTORIC_PREFIX = Bank(
    "Previously ({date_hist}) ",
    "In {date_hist} ",
    "Back in {date_hist}, ",
    "Previously ",
    "Known previously: ",
    "When {child_first} was younger, ",
    "In the past ",
    "",
    "",
    "",
    "",
)
#: A separate sentence after the description: generic words ("not current", "no longer")
#: that also occur in other contexts, so no single cue word marks the tense.
HISTORIC_AFTER = Bank(
    "This was [some time ago|years ago|in {date_hist}|a long time ago] and is not current.",
    "None of this is [current|happening now|recent].",
    "That was before the separation; {pw} is no longer [around|on the scene|in the picture].",
    "This is no longer the case[ per {cw}| and agencies agree|].",
    "That relationship [ended|is over|finished in {date_hist}] and there is no contact now.",
    "All of that relates to a [previous|former|past] partner.",
    "This is historic[ only|, nothing recent|].",
    "Things are different now[, per all agencies| according to school| and {cw} has moved on|].",
    "Not since {date_hist}.",
    "It has not happened [again|since|for years].",
    "[That|This] was [dealt with|closed] at the time and [nothing has been reported since|"
    "there is nothing recent].",
    "[Nothing|No repeat] [since then|in the last [2|3|4] years].",
    "[Old|Historic] information - [not current|the family have moved on|{pw} has no contact].",
)
NEGATED_PREFIX = Bank(
    "Allegation that ",
    "Anonymous report that ",
    "Referrer queried whether ",
    "It was alleged that ",
    "Report that ",
    "Caller said ",
    "Concern raised that ",
    "",
    "",
    "",
)
NEGATED_AFTER = Bank(
    "This is not the case.",
    "Not substantiated[ on checks| by the visit|].",
    "{Cw} and {child_first} deny this and nothing was seen on the visit.",
    "Checked - no evidence[ of this|].",
    "Police found nothing to back it up.",
    "The referrer later withdrew this; it was the wrong family.",
    "This was looked into and ruled out.",
    "None of this was found to be true.",
    "No evidence of any of this[ on the home visit| at school|].",
    "[Unfounded|Unsubstantiated] - [no sign of this|nothing to support it] [at home|at "
    "school|from checks].",
    "[School|The HV|Police] [have seen nothing like this|have no such concerns|can't "
    "confirm any of it].",
    "[On enquiry|When checked] this [was not true|did not stand up|was a misunderstanding].",
)

NEGATED: dict[str, Bank] = {
    "domestic_abuse": Bank(
        "DA - [nil|none known|no concerns].",
        "No history of DA [reported|known to police|disclosed].",
        "[Routine enquiry|RE] re DA: [none|no disclosure].",
        "No concerns re DA.",
        "No current concerns re DA.",
        "No DA disclosed on routine enquiry.",
        "Police checks: no DA incidents recorded at the address.",
        "{Cw} denies any DV and there is no police intel to suggest otherwise.",
        "No indication of domestic abuse.",
        "[Officers|The HV|School] have no concerns re DA [in the relationship|at home] and "
        "[a DASH was not needed|{cw} says {cshe} feels safe].",
    ),
    "mental_health": Bank(
        "No concerns re parental MH.",
        "{Cw} reports good mental health, no history.",
        "MH - nil of note.",
        "{Cw} [reports no low mood|says {cshe} feels well] and [no mental health "
        "difficulties were identified|has no history with services].",
    ),
    "alcohol_misuse": Bank(
        "No concerns re alcohol.",
        "No alcohol misuse reported or observed.",
        "{Cw} [drinks only occasionally|does not drink at all] and [no alcohol misuse was "
        "identified|nobody has seen {cobj} drunk].",
    ),
    "drug_misuse": Bank(
        "No concerns re substance misuse.",
        "No drug use known.",
        "No smell of cannabis and no paraphernalia seen.",
        "{Cw} [denies any drug use|says {cshe} has never used drugs] and [a drug test was "
        "negative|the screen was clear|nothing was found].",
    ),
    "neglect": Bank(
        "No neglect concerns, basic care needs met.",
        "Home conditions good, children clean and appropriately dressed.",
        "Home [was clean and tidy|conditions were good] with [safe sleeping arrangements|food "
        "in the cupboards] and [the HV|school] [has|have] no concerns re neglect.",
        "{Child_first} [arrives|comes in] [clean and fed|in clean uniform] each day and there "
        "are no hygiene concerns.",
    ),
    "physical_abuse": Bank(
        "No marks or injuries seen.",
        "No physical abuse concerns.",
    ),
    "emotional_abuse": Bank("No concerns re emotional harm."),
    "sexual_abuse": Bank("No concerns of a sexual nature."),
    "cse": Bank("No CSE concerns identified on screening.", "CSE screening - no concerns."),
    "cce": Bank("No concerns re exploitation.", "No CCE indicators."),
    "missing": Bank("No missing episodes.", "Never been reported missing."),
    "self_harm": Bank("No self harm.", "No history of self harm."),
    "young_carer": Bank("Not a young carer."),
    "homelessness": Bank("Housing stable.", "No housing issues."),
    "gangs": Bank("No gang links known."),
    "socially_unacceptable_behaviour": Bank("No behaviour concerns."),
}

#: Short names for negation lists ("No concerns re DA, MH or substance misuse").
NEGATION_NAMES: dict[str, tuple[str, ...]] = {
    "domestic_abuse": ("DA", "DV", "domestic abuse"),
    "mental_health": ("MH", "parental MH", "mental health"),
    "alcohol_misuse": ("alcohol", "alcohol misuse"),
    "drug_misuse": ("substance misuse", "drugs", "drug use"),
    "neglect": ("neglect", "home conditions"),
    "physical_abuse": ("physical abuse", "marks or injuries"),
    "cse": ("CSE",),
    "cce": ("CCE", "exploitation"),
    "missing": ("missing episodes",),
    "self_harm": ("self harm",),
}
NEGATION_LIST = Bank(
    "No concerns re ", "No ", "Nil concerns re ", "No current concerns re ", "No known "
)
