"""Paraphrase banks for the facts of the latent state: factors, engagement, protection, voice.

Every latent quantity that moves the oracle has words here, so that the text carries the signal:
a current factor at each severity, a repeat or escalating frequency, historic and negated
mentions (which carry no risk, by design, but share the factor's vocabulary), engagement,
protective adults, injury explanations, the child's voice and the outcome.

Slots: the child ``{child}`` (first mention full, then short), ``{child_first}``, pronouns
``{he} {his} {him}``; the main carer ``{carer}``, role word ``{cw}`` ("mum"/"dad"), ``{cshe}``
``{cher}``; the other adult or alleged perpetrator ``{perp}``, role word ``{pw}`` ("dad",
"stepdad", "mum's partner"), ``{phe} {phis} {phim}``; a former partner ``{ex}``; the protective
adult ``{prot}`` and role ``{prot_w}``; dates ``{date_inc} {date_hist} {month_recent}
{date_future}``; places ``{town} {district} {country} {address}``; organisations ``{setting}
{surgery} {hospital}``. A capital letter ("{Cw}") capitalises a non-personal value.
"""

from __future__ import annotations

from referral_nlp.data.synthetic.text.engine import Bank

# ---- current factors, by severity -----------------------------------------------------------
CURRENT: dict[str, dict[int, Bank]] = {
    "domestic_abuse": {
        1: Bank(
            "[Police called to|Officers attended] a [verbal domestic|row|disturbance] [after "
            "a night out|over the kids' bedtime|about {phis} ex], [both parties|{carer} and "
            "{perp}] [apologetic|calm] on arrival and no offences disclosed.",
            "{Carer} [rang 101|called police] [worried|because] {perp} [would not leave|was "
            "banging on the door|kept texting], [no violence|nothing physical] [reported|"
            "alleged].",
            "[Jealous|Controlling] behaviour from {perp} - [checking {cher} location|taking "
            "{cher} bank card|turning up at {cher} work] - though {carer} says {phe} has "
            "never [hit|hurt] {cobj}.",
            "[Verbal argument|Verbal altercation|Argument] between {cw} and {pw} {perp}[, no "
            "physical violence reported|, nil injuries| overheard by neighbours].",
            "{Cw} {carer} reports that {pw} {perp} [shouts|gets verbally aggressive|calls {cobj} "
            "names] when [{phe} has had a drink|{phe} is stressed|they argue about money], no "
            "physical "
            "abuse disclosed.",
            "Report of a [loud|heated] argument at the address, {carer} [stated|said] it was "
            "'just words' and nobody was hurt.",
            "{Cw} says {perp} [can be controlling|checks {cher} phone|makes comments about {cher} "
            "friends] but denies any physical abuse.",
            "Low level DA - [raised voices|a verbal row] [over|about] [contact arrangements|money|"
            "{phis} drinking], children [upstairs|in bed|in the next room] at the time.",
            "Neighbour reported shouting; both parties calm on arrival, [words only|verbal only], "
            "no injuries.",
        ),
        2: Bank(
            "{Perp} [headbutted|punched|kicked] {carer} [during a row about money|after "
            "drinking|when {cshe} tried to leave]; [bruising to {cher} arm|a swollen eye] "
            "[noted|seen by officers], {child} [in the next room|woke up and saw it].",
            "[Assault|Common assault] reported by {carer}: {perp} [pinned {cobj} against the "
            "wall|dragged {cobj} by the hair|threw {cher} phone at {cobj}], [arrested and "
            "released on bail|interviewed, NFA by CPS|not yet located].",
            "[DA|Domestic] [assault|incident] in the presence of {child}; {carer} [has a "
            "cut to {cher} lip|is bruised], {perp} [left before police arrived|was "
            "arrested at the scene].",
            "{Carer} [disclosed|stated|told officers] that {pw} {perp} [pushed {cobj} into the "
            "door "
            "frame|slapped {cobj}|grabbed {cobj} by the arm|threw a mug at {cobj}] during an "
            "argument.",
            "{Cw} had [redness to {cher} L cheek|a red mark on {cher} arm|a cut lip] and said "
            "{perp} "
            "[pushed|hit|shoved] {cobj} while {child} was [in the room|downstairs|watching TV].",
            "Physical assault on {cw} by {pw} {perp}; {phe} was arrested for common assault and "
            "[is in custody|has been bailed with conditions not to attend the address].",
            "DA incident - {perp} [kicked the door in|smashed the TV|broke {cher} phone] and "
            "[pushed|grabbed] {carer} [in front of the children|with the children present].",
            "{Child} told [school|staff|{his} teacher] that {pw} 'hurt {cw}' [at the weekend|last "
            "night] and {cw} had a mark on {cher} face.",
            "{Carer} disclosed that {perp} has [pushed|hit] {cobj} [a few times|before] and "
            "[controls the money|stops {cobj} seeing friends].",
        ),
        3: Bank(
            "{Carer} [hospitalised|needed stitches] after {perp} [attacked {cobj} with a "
            "bottle|stamped on {cobj}|beat {cobj} unconscious]; {child} [witnessed it|was in "
            "{cher} arms at the time].",
            "{Perp} [threatened to burn the house down|said {phe} would kill {carer} and the "
            "kids|tried to run {carer} over]; high risk DA, [MARAC|DVPO] [referral made|being "
            "considered].",
            "{Carer} disclosed [strangulation|non-fatal strangulation] ('[{phe} put {phis} hand "
            "round "
            "my neck till I saw stars|{phe} choked me]'), petechiae noted, {perp} [arrested|made "
            "off "
            "before police arrived].",
            "Serious DA - {perp} [threatened to kill {carer}|held a knife to {carer}|threatened "
            "{carer} with a knife] in front of {child}.",
            "{Pw} {perp} [took {cher} phone and passport and threatened to take the children to "
            "{country}|locked {carer} in the house for several hours|assaulted {carer} causing a "
            "head injury].",
            "{Carer} [assaulted|beaten] [while holding the baby|in front of the children], "
            "[hospital treatment needed|taken to ED with facial injuries]; DASH HIGH[ (17 ticks)|"
            " (19 ticks)|], MARAC referral made.",
            "Weapon used - {perp} [brandished a kitchen knife|threw a hammer|used a belt] during "
            "the incident and {child} [hid upstairs|called 999|tried to protect {cw}].",
        ),
    },
    "mental_health": {
        1: Bank(
            "{Cw} [has been feeling anxious|struggles with panic attacks|has had low mood] "
            "[since the move|since losing {cher} job|on and off], [on the waiting list for "
            "talking therapy|awaiting a GP review].",
            "{Cw} reports low mood [since the birth|since the separation|over the winter] and "
            "has [seen the GP|been started on sertraline|self-referred to Talking Therapies].",
            "{Carer} said {cshe} is 'struggling a bit' and feels isolated, no thoughts of self "
            "harm.",
            "Mild anxiety for {cw}, managing with [GP support|medication|support from family].",
            "{Cw} [a bit low|tired and low] at the visit but [coping|managing the children's "
            "routines], agreed to speak to {cher} GP.",
        ),
        2: Bank(
            "{Carer} [off {cher} medication|not sleeping|hearing voices again] and the [CMHT|"
            "crisis team|GP] [are involved|have been contacted]; {child_first} [doing a lot for "
            "{cw}|missing school].",
            "{Cw} [tearful throughout|very low|flat in mood] and says {cshe} 'can't cope', EPDS "
            "score [14|16|18].",
            "{Carer} has a diagnosis of [bipolar disorder|EUPD|PTSD|depression] and has "
            "stopped taking {cher} medication.",
            "{Cw}'s mental health is [affecting|getting in the way of] getting {child_first} to "
            "[school|nursery] and keeping on top of the house.",
            "{Carer} has been 'really down' and [couldn't face the school run|stays in bed most "
            "of the day], {child_first} getting {himself} ready in the mornings.",
        ),
        3: Bank(
            "{Cw} [was sectioned|was found wandering at night|made threats to harm "
            "{cobj}self and the children], [police used s136|admitted to hospital], "
            "{child_first} [placed with family|with {prot_any}].",
            "{Cw} [took an overdose|was detained under s136|was admitted to an acute MH ward] "
            "[last week|on {date_inc}]; {child} [found {cobj}|was present|called 999].",
            "{Carer} expressing suicidal thoughts and [paranoid beliefs|psychotic symptoms], "
            "crisis team [involved|visiting daily].",
            "{Cw} acutely unwell with beliefs that [neighbours are watching the family|the "
            "children are being poisoned], has kept {child_first} off school 'to protect {him}'.",
        ),
    },
    "alcohol_misuse": {
        1: Bank(
            "{Pw} {perp} drinks [most weekends|heavily at weekends], {cw} worried about it "
            "though no incidents with the children.",
            "{Cw} [admits|acknowledges] {cshe} 'drinks a bit too much' in the evenings; children "
            "in bed.",
            "Some concern re {cw}'s drinking, [cans seen in the kitchen|smelt of alcohol once].",
        ),
        2: Bank(
            "{Carer} smelled of alcohol at [a 10am appointment|pick up|the school gate] "
            "[twice this month|on several occasions].",
            "{Pw} {perp} drinking daily and [aggressive|unpredictable] when drunk, per {cw}.",
            "{Cw} disclosed {cshe} is drinking [a bottle of wine|2 bottles of wine|8 cans] a day "
            "while caring for {child}.",
        ),
        3: Bank(
            "{Carer} found [intoxicated|too drunk to stand] and unable to care for {child}, "
            "[police took the children to {prot_any}|neighbour looked after the children].",
            "{Cw} drove with {child} in the car while over the limit, arrested for drink driving.",
            "{Carer} [collapsed|passed out] after drinking with {child} ({age}) home alone with "
            "{him}; ambulance called.",
        ),
    },
    "drug_misuse": {
        1: Bank(
            "Smell of cannabis at the address; {perp} says {phe} only smokes [in the garden|when "
            "the kids are in bed].",
            "{Pw} uses cannabis recreationally, not in front of the children per {cw}.",
            "{Cw} admits occasional cannabis use, says it helps {cobj} sleep.",
        ),
        2: Bank(
            "{Cw} self reports daily cannabis use and 'the odd line' of cocaine at weekends.",
            "Drug paraphernalia [found within reach of the children|seen on the kitchen "
            "worktop|in the children's bedroom].",
            "{Perp} known to police for [possession with intent|drug offences] and believed to "
            "be using at the address.",
        ),
        3: Bank(
            "{Carer} using [heroin|crack cocaine|heroin and crack], needles found in the "
            "[bathroom|living room] accessible to {child}.",
            "{Child} found holding a bag of [pills|white powder] at [nursery|school], "
            "{cw} unable to explain.",
            "Address believed to be used for [dealing|cuckooing], {carer} [under the influence|"
            "incoherent] when officers attended.",
        ),
    },
    "neglect": {
        1: Bank(
            "[Packed lunches|Lunches] [often missing|are crisps only] and {child_first} "
            "[asks staff for food|is often the last collected].",
            "{Child_first}'s [uniform|clothes] [too small|not washed] and [shoes have holes|"
            "no coat in winter], per [school|nursery].",
            "{Child} often arrives [in the same clothes as the day before|unwashed|without a "
            "coat], sometimes hungry.",
            "Home conditions [cluttered|untidy] but basic needs met, [fridge had food|beds made "
            "up].",
            "[Minor|Low level] neglect concerns - [head lice untreated|uniform dirty|late "
            "collection x3] this term.",
        ),
        2: Bank(
            "[Home visit|Visit]: [no food in the fridge|fridge empty], [dirty nappies on the "
            "floor|piles of rubbish], [the children's beds had no sheets|mattresses soiled].",
            "{Child_first} [has head lice that are not treated|has untreated tooth decay|has "
            "had the same infection for weeks] and [appointments are missed|{cw} has not "
            "sought treatment].",
            "Concerns over several weeks: [strong smell of urine|nappy not changed overnight|"
            "very hungry on arrival|dental decay visible on front teeth].",
            "{Child} [has been taking food from other children's plates|is always hungry] and "
            "attendance has dropped to {attendance}.",
            "Missed [health appointments|immunisations|dental appointments] x[3|4|5] and "
            "[no GP registration|no response to letters].",
            "House [dirty|very cluttered] with [dog mess|rubbish bags] in the hallway, "
            "[no bedding on {child_first}'s bed|little food in the cupboards].",
        ),
        3: Bank(
            "{Child_first} ({age}) [found home alone for hours|left in the care of a "
            "sibling ({sib_age}) overnight|found outside in the cold without a coat] [at 10pm|in "
            "the early hours]; {cw} [at a party|not contactable|found later at a friend's].",
            "Severe neglect: [baby with a nappy rash that has bled|infant weighed below the "
            "0.4th centile|children scavenging for food from bins], [urgent medical "
            "review|strategy discussion] arranged.",
            "House extremely cold (no gas credit), dog faeces on the floor in the kitchen and "
            "hallway, very little food, mattress on the floor with no bedding.",
            "Children [regularly left on their own at night|left alone for hours], baby "
            "heard crying and {cw}'s car not there.",
            "Faltering growth - weight dropped from [50th|25th] to below 2nd centile, no "
            "organic cause found.",
            "{Child} ({age}) found [wandering the street alone at 11pm|alone in the flat with "
            "a younger sibling], [no adult at home|{cw} not contactable].",
        ),
    },
    "physical_abuse": {
        1: Bank(
            "{Child} says {pw} [smacked|slapped] {him} on the leg [when {he} was naughty|for "
            "answering back], no marks seen.",
            "Small bruise to {child_first}'s [shin|forearm], {he} said '{pw} pushed me' but "
            "would not say more.",
            "{Child} disclosed being [smacked|hit with a slipper] at home, no visible injury.",
        ),
        2: Bank(
            "On arrival {child} had a bruise approx [3cm|4cm] to {his} [upper arm|cheek|back], "
            "yellowish.",
            "{Child} came to school with linear marks on the back of both legs, 3 or 4 "
            "parallel red lines.",
            "{Child} says {pw} 'does belt' when angry and showed staff a mark on {his} arm.",
            "Fingertip bruising to {child_first}'s [upper arm|forearm], {he} said {pw} "
            "[grabbed|pulled] {him}.",
        ),
        3: Bank(
            "CT head - undisplaced skull fracture in a [non-mobile|young|small] child.",
            "Multiple bruises of different ages to {child_first}'s [back and legs|face and "
            "ears], skeletal survey requested.",
            "[Burn|Circular burn] to {child_first}'s [hand|forearm], possibly from a cigarette.",
            "{Child} hit with a [belt buckle|cable|stick] causing [a cut lip|open wounds], "
            "photos taken by school.",
        ),
    },
    "emotional_abuse": {
        1: Bank(
            "{Pw} shouts at {child_first} a lot and [calls {him} names|swears at {him}], per "
            "{child_first}.",
            "{Child} feels 'picked on' at home compared to [{his} siblings|the younger ones].",
        ),
        2: Bank(
            "{Child} describes being told {he} is 'useless' and 'a waste of space' by {pw}.",
            "{Child} appears scapegoated in the family, [left out of outings|blamed for "
            "everything], and is [anxious|withdrawn] at school.",
            "Parents' [conflict|rows] [are constant|centre on {child_first}] and {he} says {he} "
            "feels it is {his} fault.",
        ),
        3: Bank(
            "{Child} [locked in {his} room for long periods|denied meals as a punishment|made "
            "to stand in the garden at night] per {his} account.",
            "{Child} is [terrified of|frozen around] {pw}, [wets {himself}|shakes] when "
            "collected, and says {he} 'would rather die than go home'.",
        ),
    },
    "sexual_abuse": {
        1: Bank(
            "{Child} has shown sexualised [behaviour|language] [in play|towards peers] that "
            "staff felt was not age appropriate.",
            "Concern that {child_first} has been shown [adult content|inappropriate images] "
            "on a phone at home.",
        ),
        2: Bank(
            "{Child} disclosed that {pw} {perp} comes into {his} room at night when {cw} is at "
            "work and 'says things about {his} body'.",
            "{Child} told [the school counsellor|{his} teacher] that [an older cousin|a family "
            "friend] touched {him} and {he} 'didn't like it'.",
        ),
        3: Bank(
            "{Child} disclosed sexual abuse by {perp}; strategy discussion held, ABE interview "
            "planned and {perp} [arrested|not to have contact].",
            "{Child} disclosed rape by [an adult male|a family member], medical at the SARC "
            "arranged.",
        ),
    },
    "cse": {
        1: Bank(
            "{Child} has been talking to older males online and [sending pictures|using "
            "Snapchat late at night].",
            "Friends say {child_first} has a 'boyfriend' aged about {older_age}.",
        ),
        2: Bank(
            "{Child} is meeting older lads in a car outside [the park|school], seen with "
            "[vapes, new nails and a second phone|gifts {cw} did not buy].",
            "{Child} has gone missing from school [on 4 occasions|several times] since "
            "{date_hist_recent}, leaving at lunch to meet older males.",
        ),
        3: Bank(
            "{Child} found at an address in {district} with adult males, [intoxicated|no "
            "explanation]; CSE screening tool indicates significant risk.",
            "Intelligence that {child_first} is being [passed between|taken to parties with] "
            "adult males and given [alcohol|drugs]; CSE risk high.",
        ),
    },
    "cce": {
        1: Bank(
            "{Child} hanging around with older boys and has new trainers {cw} did not buy.",
            "{Child} [out late|not home until 11pm] and [vague about where {he} goes|says {he} "
            "is 'just with mates'].",
        ),
        2: Bank(
            "Over the last month {child_first} has turned up with new designer gear and talks "
            "about 'making easy money'; an older lad on a moped waits outside for {him}.",
            "{Child} has a second phone and [cash|£200 in {his} room] and has been seen in "
            "{district} with known dealers.",
        ),
        3: Bank(
            "{Child} found in a flat in {town} during a warrant, [14 wraps of crack|wraps of "
            "heroin] and [£420 cash|cash] recovered, {he} had a burner phone and a knife; NRM "
            "referral submitted.",
            "{Child} treated as a victim of CCE / county lines after being [stabbed|robbed] "
            "while 'holding' drugs for older males.",
        ),
    },
    "missing": {
        1: Bank(
            "{Child} came home after midnight on [2|two] occasions this month and would not "
            "say where {he} had been.",
            "{Child} [late back|out past curfew] a few times, {cw} reported {him} missing once.",
        ),
        2: Bank(
            "{Child} reported missing overnight [twice|x2] this month, [found at a friend's|"
            "returned the next morning] with no explanation.",
            "Missing episodes increasing, [3|4] since {date_hist_recent}, RHI [declined|done].",
        ),
        3: Bank(
            "[7th|6th|8th] missing episode in 2 months, located [at 03:30|in the early hours] "
            "in {town} with older males who made off, [£300 cash|cash] and 2 phones.",
            "{Child} missing for [3 days|4 days], found [in {town}|out of area] in a flat with "
            "adults not known to the family.",
        ),
    },
    "self_harm": {
        1: Bank(
            "{Child} disclosed superficial cuts to {his} forearm to the school nurse, [no "
            "medical attention needed|first time].",
            "{Child} [mentioned|told a friend about] self harm thoughts but no injuries seen.",
        ),
        2: Bank(
            "Ongoing cutting to [arms|thighs], {child_first} [on the CAMHS waiting list|seen "
            "by CAMHS], tells staff {he} feels 'numb'.",
            "{Child} self harming [weekly|most days] and [not eating|not sleeping], low mood "
            "since [the summer|{date_hist_recent}].",
        ),
        3: Bank(
            "Seen after [an overdose of 16 paracetamol|a serious overdose], medically fit for "
            "discharge after NAC; describes ongoing low mood.",
            "{Child} [tied a ligature|tried to jump from a bridge] and was detained by police "
            "under s136.",
        ),
    },
    "young_carer": {
        1: Bank(
            "{Child} helps {cw} with [shopping and cooking|the younger ones] since {cw} "
            "[became unwell|hurt {cher} back].",
        ),
        2: Bank(
            "{Child} does most of the cooking and shopping and helps {cw} at night; falls "
            "asleep in lessons and has [6|7] late marks this half term.",
            "{Child} has taken on a lot of caring for {his} siblings and [misses breakfast "
            "club|is late] because {cw} cannot get up.",
        ),
        3: Bank(
            "{Child} is effectively the sole carer for {cw} [who has MS|after {cher} stroke|"
            "who is now mostly wheelchair based], attendance [41%|52%] and no other adult "
            "in the house.",
        ),
    },
    "homelessness": {
        1: Bank(
            "Family served a section 21 notice, [due to leave in 2 months|looking for a new "
            "tenancy], rent arrears building up.",
        ),
        2: Bank(
            "Family sofa surfing [since the eviction|for 3 weeks], now in temporary "
            "accommodation [out of area|in one room].",
            "Severe overcrowding - [9 people|7 people] in a 2 bed flat, damp and black mould "
            "in both bedrooms.",
        ),
        3: Bank(
            "Evicted [last week|on {date_inc}] and [sleeping in the car|in an emergency B&B] "
            "with {child}, no cooking facilities.",
            "{Child} ({age}) presented as homeless after being told to leave home, [slept in "
            "the park|sleeping at a mate's], needs s20 assessment.",
        ),
    },
    "socially_unacceptable_behaviour": {
        1: Bank("{Child} had a fixed-term exclusion for [disruptive behaviour|swearing at staff]."),
        2: Bank(
            "{Child} arrested for [criminal damage|shoplifting|ASB] and [on a YJS "
            "referral order|given a community resolution].",
            "Escalating behaviour in school, [fighting|throwing chairs], {child_first} on a "
            "reduced timetable.",
        ),
        3: Bank(
            "{Child} assaulted a member of staff and has been permanently excluded; police "
            "involved.",
        ),
    },
    "gangs": {
        1: Bank("{Child} seen associating with a group [known to police|linked to a local gang]."),
        2: Bank(
            "{Child} [posted drill videos naming a rival group|has gang tags in {his} books], "
            "police intel links {him} to a local gang.",
        ),
        3: Bank(
            "{Child}'s older brother was stabbed [in {date_hist}|last year] and {child_first} "
            "is now believed to be carrying a knife; gang threats made to the family.",
        ),
    },
    "learning_disability": {
        1: Bank("{Child} has [an EHCP|an ASD diagnosis|global developmental delay]."),
        2: Bank(
            "{Child} has [an EHCP|an ASD diagnosis|a learning disability] and needs support "
            "with [personal care|communication|all daily tasks].",
        ),
        3: Bank(
            "{Child} has a severe learning disability and [no speech|needs 2:1 care], "
            "{cw} exhausted and asking for respite.",
        ),
    },
    "physical_disability": {
        1: Bank("{Child} has [asthma|epilepsy] that is well managed."),
        2: Bank("{Child} has [cerebral palsy|a physical disability] and uses a wheelchair."),
        3: Bank(
            "{Child} has complex health needs, [PEG fed|oxygen dependent], frequent admissions."
        ),
    },
    "radicalisation": {
        1: Bank("{Child} repeating [extreme|far right] views heard online, no other concerns."),
        2: Bank(
            "Teacher overheard {child_first} telling peers that certain groups should be 'sent "
            "back' and showing a video from an extreme channel on {his} phone; Prevent referral "
            "made.",
        ),
        3: Bank(
            "{Child} in contact online with an older 'friend' {he} has never met who is "
            "encouraging extreme views; Channel panel to consider.",
        ),
    },
    "fgm": {
        1: Bank(
            "{Cw} disclosed [type 1|type 2] FGM performed in {country} when {cshe} was a child."
        ),
        2: Bank(
            "{Cw} disclosed type 3 FGM performed in {country}; family plan to visit relatives "
            "in {country} [this summer|soon] with {child}.",
        ),
        3: Bank(
            "Concern {child} may be taken to {country} for FGM, [extended trip booked|"
            "relatives pressing]; FGMPO being considered.",
        ),
    },
    "privately_fostered": {
        1: Bank(
            "{Child} living with a family friend who is not a relative, arrangement intended "
            "to last more than 28 days; private fostering assessment needed.",
        ),
        2: Bank("{Child} living with a friend of the family; parents abroad and hard to reach."),
        3: Bank("{Child} staying with an unrelated adult, carer not known to any agency."),
    },
    "trafficking": {
        1: Bank(
            "Possible trafficking indicators, {child_first} vague about how {he} came to the UK."
        ),
        2: Bank("{Child} brought to the UK by an adult who is not a parent; NRM referral made."),
        3: Bank(
            "{Child} found working in [a nail bar|a car wash] and living on site; NRM submitted."
        ),
    },
    "faith_abuse": {
        1: Bank("{Child} told [a teacher|staff] {cw} says {he} is 'possessed' when naughty."),
        2: Bank(
            "{Child} taken to a church for 'deliverance' [sessions|prayers] that frighten {him}."
        ),
        3: Bank("{Child} made to fast and beaten during 'deliverance' to drive out spirits."),
    },
}

#: Versions for children under 4, who cannot be quoted or disclose (the older banks have the
#: child speaking).
CURRENT_YOUNG: dict[str, dict[int, Bank]] = {
    "physical_abuse": {
        1: Bank(
            "Small bruise to {child_first}'s [shin|forearm|forehead] noted at [nursery|the HV "
            "visit], {cw} unsure how it happened.",
            "{Pw} admits [smacking|tapping] {child_first}'s hand [when {he} was into "
            "things|at mealtimes], no marks seen.",
        ),
        2: Bank(
            "Bruise approx [2cm|3cm] to {child_first}'s [cheek|upper arm|back], noticed at "
            "[nursery|nappy change|the HV visit].",
            "Fingertip bruising to {child_first}'s [upper arm|thigh] seen at nursery.",
            "Red mark to {child_first}'s [face|ear] and {pw} said {phe} 'may have been rough' "
            "at bath time.",
        ),
        3: Bank(
            "CT head - undisplaced skull fracture in a [non-mobile|young] child.",
            "Multiple bruises of different ages to {child_first}'s [back and legs|face and "
            "ears], skeletal survey requested.",
            "[Torn frenulum|Rib fractures on x-ray|Bruising to a non-mobile baby] - [child "
            "protection medical|strategy discussion] arranged.",
        ),
    },
    "emotional_abuse": {
        1: Bank(
            "{Pw} [shouts at|swears at] {child_first} and [calls {him} names|is rough in "
            "tone], observed at the visit."
        ),
        2: Bank(
            "{Child_first} [very watchful|frozen|flinches] around {pw}, who [ignores {him}|"
            "is cold and critical] during the visit."
        ),
        3: Bank(
            "{Child_first} [left alone in a cot for hours|shouted at and shaken|ignored "
            "when crying] per [neighbours|the HV], and [failing to thrive|very withdrawn]."
        ),
    },
    "sexual_abuse": {
        1: Bank(
            "Concern about {child_first} [being bathed by|sharing a bed with] an adult "
            "visitor, [staff uneasy|raised by nursery]."
        ),
        2: Bank(
            "[Soreness|Redness] noted at nappy change at nursery with no clear explanation; "
            "{cw} says it is 'just a rash'."
        ),
        3: Bank(
            "Medical evidence suggestive of sexual abuse of {child_first}; strategy "
            "discussion held and {perp} [arrested|not to have contact]."
        ),
    },
    "domestic_abuse": {
        1: Bank(
            "[Verbal argument|Verbal altercation] between {cw} and {pw} {perp}, baby [asleep|in "
            "the cot|in the next room], no injuries.",
            "{Cw} says {perp} [can be controlling|checks {cher} phone] but denies any physical "
            "abuse.",
        ),
        2: Bank(
            "{Carer} [disclosed|stated] that {pw} {perp} [pushed|slapped|grabbed] {cobj} "
            "[while {cshe} was holding {child_first}|in front of the baby].",
            "Physical assault on {cw} by {pw} {perp}; {phe} was arrested for common assault.",
        ),
        3: Bank(
            "{Carer} disclosed [strangulation|non-fatal strangulation], petechiae noted, "
            "{perp} [arrested|made off before police arrived]; {child_first} in the room.",
            "Serious DA - {perp} [threatened to kill {carer}|held a knife to {carer}] while "
            "{cshe} was holding {child_first}.",
        ),
    },
}

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

#: Previous involvement, consistent with the structured fields.
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

# ---- historic and negated mentions (no risk, same vocabulary) -------------------------------
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
    ),
    "mental_health": Bank(
        "{Cw} has a history of [depression|PND|anxiety] (around {date_hist}) but has been well "
        "for some time and is off medication.",
        "Historic MH - {carer} was under the CMHT in {date_hist}, discharged, no current concerns.",
        "Previous [PND|low mood] after {child_first}'s birth, resolved.",
    ),
    "alcohol_misuse": Bank(
        "{Cw} is abstinent from alcohol for [18 months|over 2 years] and [attends AA|engages "
        "with the alcohol service].",
        "Previous alcohol misuse, {carer} completed detox in {date_hist}; no relapse reported.",
        "Historic concerns re {pw}'s drinking ({date_hist}), nothing recent.",
    ),
    "drug_misuse": Bank(
        "Historic drug use, {carer} now on a stable methadone script and engaging with the "
        "drug service.",
        "{Cw} used drugs [as a teenager|before the children were born], nothing since.",
        "Previous cannabis use by {pw} noted in {date_hist}, says {phe} has stopped.",
    ),
    "neglect": Bank(
        "Previous EH involvement for home conditions in {date_hist}, improved and closed.",
        "Neglect concerns in the past but home conditions have been good on recent visits.",
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
    ),
    "self_harm": Bank(
        "{Child} [says|tells me] the cutting has stopped since {date_hist_recent}.",
        "Historic self harm ({date_hist}), no recent episodes.",
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
    ),
    "mental_health": Bank(
        "No concerns re parental MH.",
        "{Cw} reports good mental health, no history.",
        "MH - nil of note.",
    ),
    "alcohol_misuse": Bank(
        "No concerns re alcohol.",
        "No alcohol misuse reported or observed.",
    ),
    "drug_misuse": Bank(
        "No concerns re substance misuse.",
        "No drug use known.",
        "No smell of cannabis and no paraphernalia seen.",
    ),
    "neglect": Bank(
        "No neglect concerns, basic care needs met.",
        "Home conditions good, children clean and appropriately dressed.",
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

# ---- engagement, protective adults, injuries, voice ---------------------------------------
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
    ),
    "inconsistent": Bank(
        "Mechanism not felt to be consistent with the injury.",
        "Explanation inconsistent - {child_first} first said {pw} [grabbed|hit] {him} then "
        "said {he} fell off {his} scooter.",
        "Parents' accounts differ [and changed over time|about how it happened].",
        "Delay in seeking treatment and no explanation offered for the injury.",
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
