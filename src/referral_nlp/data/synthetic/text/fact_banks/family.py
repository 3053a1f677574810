"""How the family and the child respond: engagement with services, protective adults, the
explanation given for an injury, and the child's voice.
"""

from __future__ import annotations

from referral_nlp.data.synthetic.text.engine import Bank

ENGAGEMENT: dict[str, Bank] = {
    "engaged": Bank(
        "[Good|Positive|Open] engagement from {cw} [throughout|at every visit|with the "
        "plan]; {cshe} [took on board|acted on|listened to] the advice given.",
        "{Cw} [has worked well with|was receptive to|welcomed] [the SW|EH|the family support "
        "worker|professionals] and [attended the parenting course|kept every appointment|"
        "rang when {cshe} needed help].",
        "[Parents|{Cw} and {pw}] [have been cooperative|engaged positively|were open about "
        "the difficulties] and [agreed the plan|made changes quickly|followed advice].",
        "{Carer} [has shown insight|recognises the impact on {child_first}] and [is "
        "motivated to change|has asked for help|is keen to get it right].",
        "{Cw} engaged well [throughout|with the assessment|with all professionals] and "
        "[attended every meeting|has followed the safety plan].",
        "Parents open and honest, [keen to work with services|accepted support].",
        "{Carer} co-operative with [officers|staff|professionals] and accepted referrals to "
        "support services.",
        "Family have engaged fully with EH and [the plan is working|goals have been met].",
        "{Cw} [aware of the referral and agreed|consented and was keen for help], engaged well "
        "today.",
        "{Cw} has been open with workers and has made the changes asked of {cobj}.",
        "The changes have [lasted|been kept up] [for months|since the plan ended], including "
        "at unannounced visits.",
    ),
    "partial": Bank(
        "[Some|Partial|Limited] engagement - {cw} [attended 3 of 6 sessions|engaged with "
        "school but not EH|answered some calls but not others].",
        "{Cw} [agreed to|accepted] [the parenting course|a DA support worker|EH] but [has not "
        "started|only went once|cancelled twice].",
        "Engagement [has been|is] [up and down|variable|inconsistent], better when [{prot_w} "
        "is around|reminded by text|visits are at school].",
        "{Cw} engaged [inconsistently|on and off], missed [2|some] appointments but attended "
        "when reminded.",
        "Engagement has been mixed.",
        "Parents agreed to support but follow through has been patchy.",
        "{Carer} [reluctant at first|initially wary] but has engaged with some of the plan.",
    ),
    "disguised": Bank(
        "[Concern re|Query] disguised compliance: {cw} [reports the plan is going well|says "
        "{pw} has moved out] but [neighbours|school|the HV] [report otherwise|have seen {phim} "
        "at the address].",
        "{Carer} [is polite and agrees with everything|is always welcoming] yet [the same "
        "issues keep recurring|no change has been seen|{child_first}'s presentation is "
        "unchanged].",
        "{Cw} [only engages when|is compliant only when] [the case is open|there is a "
        "threat of escalation|a visit is announced]; [workers are not reassured|little real "
        "change].",
        "{Cw} [says all the right things|presents as co-operative] but [nothing changes|agreed "
        "actions are not followed through]; workers query disguised compliance.",
        "Possible disguised compliance - {carer} [cancelled|rearranged] [3|several] home "
        "visits and the house is always tidied before announced visits.",
        "{Cw} tells professionals everything is fine, but {setting_word} report a different "
        "picture.",
        "Appears to engage but {pw} has not been seen by any professional and {cw} gives "
        "inconsistent accounts.",
        "Superficial engagement only - agrees in meetings, then [does not attend|nothing is done].",
        "The home is only [clean|tidy] at announced visits and [had slipped again|was "
        "dirty] when the SW called unannounced.",
    ),
    "non_engagement": Bank(
        "[No engagement|Nil engagement] from {cw}; [appointments missed x3|the family were "
        "not home for planned visits|{cshe} blocked the SW's number].",
        "{Carer} [told the SW to leave|would not let us in|was verbally abusive on the "
        "phone] and [refused to discuss|denied] the concerns.",
        "{Cw} [declined EH|declined the offer of support|refused consent for an assessment] "
        "and [would not sign the consent form|said {cshe} does not see a problem].",
        "{Cw} [declined|refused] support and did not answer the door on [2|3] unannounced visits.",
        "Family not engaging - [calls unanswered|letters returned], {carer} says {cshe} "
        "'doesn't need social services'.",
        "{Carer} refused consent for checks and ended the call.",
        "Parents [hostile to|refuse to engage with] professionals.",
        "{Cw} [was reluctant to talk|would not engage] and said {child_first} is 'just being "
        "a teenager'.",
    ),
}

PROTECTIVE: Bank = Bank(
    "{Prot_w} {prot} [is very involved|is a key support|visits daily|has a good "
    "relationship with {child_first}] and [is aware of the concerns|would act if "
    "worried|can offer respite].",
    "{Child_first} [stays with|spends weekends with|is often at the home of] {prot_w} "
    "{prot}, [a protective presence|who is supportive of {cw}|who works with the plan].",
    "Network: {prot_w} ({prot}) [agreed to be part of the safety plan|has offered to "
    "help|is available in an emergency].",
    "{Prot_w} {prot} lives nearby and [helps with school runs|has the children most "
    "weekends|is a strong support].",
    "Good support from {prot_w} {prot}, who [attended the meeting|has agreed to stay at the "
    "home|knows about the concerns and is protective].",
    "{Child_first} is close to {prot_w} {prot}, who [is protective|would contact services if "
    "worried].",
    "Safety plan: {prot_w} {prot} to [stay at the family home|supervise contact|have the "
    "children overnight] until the outcome.",
    "Protective factors: {prot_w} ({prot}) [very involved|supportive], the children's own voice.",
)
PROTECTIVE_PARENT: Bank = Bank(
    "{Cw} has acted protectively and [asked {perp} to leave|called police herself|"
    "separated from {perp}].",
    "{Cw} is protective and understands the risk; {perp} no longer living at the address.",
    "{Cw} showed good insight and put a safety plan in place herself.",
)

INJURY: dict[str, Bank] = {
    "consistent": Bank(
        "Explanation [consistent with the injury|plausible and consistent over 3 accounts].",
        "Consultant feels the injury [is consistent with|could be consistent with] the "
        "described fall.",
        "{Cw}'s account matches what {child_first} told staff.",
        "Prompt presentation and a clear, consistent account of the accident.",
        # Most injuries reach children's services through a medical attendance, accidental or
        # not, so the consistent accounts name one too: attendance alone must not read as harm.
        "{Cw} brought {child_first} [straight|promptly] to [ED|the GP|the walk-in centre|minor "
        "injuries] and the [doctor|paediatrician|nurse] [says|feels] the [injury|mark|bruise] "
        "fits [the account|what {cw} described|a fall].",
        "[Staff|Other adults|A neighbour|The childminder] saw the accident happen and [the "
        "account has not changed|everyone gives the same account].",
        "{Child_first} [said|explained] {he} [fell off {his} bike|came off a trampoline|tripped "
        "on the stairs|fell in the playground] and {cw} gave the same account [when seen "
        "separately|without prompting].",
        "The [x-ray|examination] [fits|is in keeping with] an accidental [fall|knock] and [no "
        "other injuries were found|there are no other concerns].",
    ),
    "inconsistent": Bank(
        "Mechanism not felt to be consistent with the injury.",
        "Explanation inconsistent - {child_first} first said {pw} [grabbed|hit] {him} then "
        "said {he} fell off {his} scooter.",
        "Parents' accounts differ [and changed over time|about how it happened].",
        "Delay in seeking treatment and no explanation offered for the injury.",
        "[There was a delay of|{Cw} waited] [two days|several hours|until the next morning] "
        "before [seeking help|bringing {child_first} in|seeing the GP] and the account "
        "[changed|kept changing] when [asked again|the doctor asked].",
        "The [paediatrician|doctor|consultant] says the [pattern|shape|site] of the [bruising|"
        "burn|injury] does not fit [the account given|a fall|what {cw} described].",
        "{Child_first} [would not say|did not know] how it happened and {cw} [could not "
        "explain|gave two different versions of] the injury.",
        "[The adults' accounts|The explanations given] do not match each other[ and neither "
        "fits the injury|].",
    ),
}

VOICE: dict[str, Bank] = {
    "safe": Bank(
        "{Child_first} [said|told me|shared] that {he} [likes living with|loves] {cw} and "
        "[feels safe|has no worries at home].",
        "Spoke with {child_first} [alone|at school|in {his} room]: {he} [is happy|feels "
        "safe|'has no worries'] and [named {cw} and {prot_w} as people {he} trusts|would tell "
        "a teacher if something was wrong].",
        "{Child_first}'s [three houses|wishes and feelings] work: [no worries at home|home "
        "is a happy place|{he} drew the family together].",
        "{Child_first} says {he} feels safe at home [with {cw}|and wants things to stay as they "
        "are].",
        "Seen alone, {child_first} said home is 'fine' and spoke warmly about {cw}.",
        "{Child_first} told me {he} is happy at home and 'nothing is wrong'.",
    ),
    "worried": Bank(
        "{Child_first} [said|told staff] {he} [does not like|hates] it when [there is "
        "shouting|{cw} is upset|{pw} is at home].",
        "{Child_first}'s [three houses|wishes and feelings] work shows worries about [{cw}|"
        "money|the arguments|being moved].",
        "{Child_first} [seemed|appeared] [anxious|on edge|unsettled] and [kept asking|asked] "
        "if {cw} would be ok.",
        "{Child_first} told me {he} worries about {cw} 'all the time'.",
        "{Child_first} has been [withdrawn|quiet|tearful] at [school|nursery] for about 2 weeks.",
        "{Child_first} [said|told staff] {he} gets scared when {pw} is [angry|shouting].",
    ),
    "disclosed": Bank(
        "{Child_first} [told|disclosed to] [a TA|the DSL|{his} friend's mum|the school nurse] "
        "that [{pw} grabbed {him}|{pw} hit {him} with a belt|{cw} locks {him} out|things at "
        "home are 'bad'].",
        "In {his} own words: '[I'm scared to go home|it happens a lot|don't tell {cw}|"
        "{pw} gets really angry]'.",
        "{Child_first} disclosed to [{his} teacher|the school nurse|staff] that '{pw} [hurts "
        "me|hits me]'.",
        "{Child_first} said 'I don't want to go home tonight'.",
        "{Child_first} asked if {pw} would be told and said '[it happens when I'm bad|"
        "please don't tell]'.",
    ),
    "not_seen": Bank(
        "{Child_first} [was at school during the visit|was asleep|was out] so not seen; "
        "to be seen [next week|at school].",
        "Views of {child_first} not gathered [yet|at this stage].",
        "{Child_first} not yet seen alone.",
        "Not been possible to speak with {child_first} on {his} own.",
    ),
    "too_young": Bank(
        "[Baby|{Child_first}] too young to give {his} views; observed to be [settled|well "
        "attached to {cw}].",
        "",
    ),
}
