"""A current factor at each severity (1 low, 2 medium, 3 serious), in words that make the
severity plain: the description that carries most of a note's risk signal.

The slots these banks use are listed in :mod:`referral_nlp.data.synthetic.text.fact_banks`.
"""

from __future__ import annotations

from referral_nlp.data.synthetic.text.engine import Bank

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
