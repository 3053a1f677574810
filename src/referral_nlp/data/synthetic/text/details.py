"""Neutral, combinatorial detail: home, routines, school life, health, work, plans.

Real notes are mostly detail that does not bear on risk: what the room looked like, what the
child was wearing, which subject they like, who takes them to school. These banks combine many
small alternatives so that no two notes read alike; they are drawn independently of the
outcome and never contradict the state (no judgement of home conditions here: that is a fact of
the state, written from :mod:`.fact_banks`).
"""

from __future__ import annotations

from referral_nlp.data.synthetic.text.engine import Bank

DETAILS: tuple[Bank, ...] = (
    Bank(
        "[The living room|The front room|The lounge] [has|had] [a large TV|a fish tank|a sofa "
        "bed|a games console|school photos on the wall|a dog crate|a new carpet|a Christmas "
        "tree up|a corner sofa|a PlayStation|a cage for the rabbit].",
        "[The kitchen|Kitchen] [has|had] [a small table and two chairs|washing drying on the "
        "radiator|a broken cooker|a new fridge|boxes from the move|a high chair|a dog bowl and "
        "crate|a pile of post on the side].",
        "[The children's bedroom|{Child_first}'s room|The back bedroom] [has|had] [a bunk bed|"
        "a cot|a broken blind|posters on the wall|a single bed and a wardrobe|a TV|toys in "
        "boxes|a desk for homework].",
        "[Family have|There is|They have] [a dog|two cats|a rabbit|a staffie|a hamster|a budgie|"
        "a lizard|an XL bully|no pets][ in the home|].",
        "[Upstairs|Downstairs] [there are|we saw] [two bedrooms|three bedrooms|a box room|one "
        "bedroom shared by the children] and [a bathroom|a separate toilet|a small landing].",
    ),
    Bank(
        "{Child_first} was [wearing|in] [school uniform|pyjamas|a football kit|a onesie|a hoodie "
        "and joggers|a party dress|{his} coat|a Spiderman top|a princess costume] and [playing "
        "with|watching|holding|showing me] [Lego|a tablet|cartoons|{his} drawings|a toy car|a "
        "doll|the dog|{his} phone|a football|a puzzle|a colouring book].",
        "{Child_first} [chatted about|told me about|talked about] [{his} favourite YouTuber|a "
        "recent trip to the park|{his} birthday party|Minecraft|{his} cousins|the school "
        "trip|football|TikTok dances|{his} bike|a film {he} had watched].",
    ),
    Bank(
        "{Child_first} [enjoys|is doing well in|struggles with|has extra support in|says {he} "
        "hates|likes] [maths|phonics|reading|PE|art|science|music|history|swimming|computing|"
        "drama|spelling|cooking club].",
        "[{His} teacher|The class teacher|The SENCo|{His} form tutor|The pastoral lead|The "
        "TA] describes {him} as [kind|funny|chatty|anxious|quiet|helpful|easily distracted|a "
        "leader|sensitive|tired|polite|loud in class].",
        "{Child_first} [is in the school choir|goes to breakfast club|attends after school "
        "club|plays for the school team|has a reading buddy|has a 1:1 TA in the mornings|sits "
        "with a small group for maths].",
    ),
    Bank(
        "{Child_first} has [eczema|asthma|glasses|grommets|a dairy allergy|hay fever|a squint|"
        "a nut allergy|a heart murmur (under review)|constipation issues|a speech delay|"
        "recurrent ear infections][ and is under the GP| with no other health needs|, medication "
        "kept in school|].",
        "Last [dental check|eye test|health review|hearing test] [was some time ago|was "
        "recent|not known|was missed].",
        "Immunisations [up to date|behind by one set|not known to the GP|partly done].",
    ),
    Bank(
        "[Bedtime is around|{Cw} says bedtime is] [7pm|7.30pm|8pm|9pm|10pm|whenever {he} falls "
        "asleep].",
        "{Child_first} [walks to school with|is taken to school by|gets the bus to school with] "
        "[{cw}|{his} {sib_rel}|friends|a neighbour|{prot_w}].",
        "[Meals are|Tea is] usually [at the table|in front of the TV|takeaway at weekends|"
        "cooked by {cw}|cereal or toast in the mornings].",
    ),
    Bank(
        "{Cw} [grew up in|moved here from|has family in] {other_town}.",
        "{Cw} [works|used to work|is looking for work] as [a care assistant|a cleaner|a "
        "hairdresser|a chef|a warehouse operative|a retail assistant|a bus driver|a nursery "
        "nurse|a receptionist|a delivery driver|a bar worker|a teaching assistant].",
        "{Pw} [works|is working] [shifts at a warehouse|as a scaffolder|as an HGV driver|nights "
        "at a factory|in construction|cash in hand|away during the week|in a call centre].",
        "Finances: [UC and child benefit|working tax credits|PIP for {cw}|carer's allowance|"
        "council tax arrears|a payday loan|no issues reported|a DWP sanction recently].",
    ),
    Bank(
        "{Sw} [spoke to|phoned|emailed|visited|met with] [the DSL|the HV|the GP|the school "
        "nurse|{cw}|the police SPOC|the housing officer|the nursery manager|the family support "
        "worker] on {date_recent} [to discuss|re|about] [the referral|attendance|the plan|the "
        "incident|consent|next steps|the family's views|contact arrangements|the safety plan].",
        "[Voicemail left for|Text sent to|Letter sent to|Unable to reach] [{cw}|the DSL|the "
        "GP surgery|the HV team] on {date_recent}.",
    ),
    Bank(
        "Plan: [HV to visit weekly|school to monitor and log on CPOMS|referral to a parenting "
        "course|TAF meeting in 4 weeks|CAMHS referral|food bank voucher issued] and [benefits "
        "advice|DA support worker to contact {cw}|school nurse drop-in|young carers "
        "referral|housing to inspect|funded nursery place|Family Group Conference offered|"
        "review in 6 weeks].",
        "Actions: [1) ring {cw}|1) check with school|1) request health info] [2) visit "
        "within 5 days|2) see {child_first} alone|2) speak to {pw}] [3) update the "
        "chronology|3) feed back to the referrer|3) TM review].",
    ),
    Bank(
        "{Cw}'s view: [wants support with {child_first}'s behaviour|feels judged|says the family "
        "are 'doing fine'|wants help with housing|is worried about money|wants the case "
        "closed|welcomes the support|feels things have improved|is angry about the referral].",
        "{Cw} [asked about|was given information on|wanted to know about] [nursery funding|free "
        "school meals|the holiday activities programme|debt advice|a cooker from the welfare "
        "fund|bus passes|Home-Start|a family hub near them].",
    ),
    Bank(
        "[Visit|Call|Contact] at [09:30|11:00|14:15|16:40|18:05|10:20], [{cw} was home|nobody "
        "answered at first|the family were expecting us|{cw} answered after some time].",
        "[Contact with|{Child_first} sees] [dad|the other parent|{his} father|{his} birth "
        "father] [alternate weekends|every Saturday|rarely|on video calls|at a contact centre|not "
        "at all since {date_hist}].",
    ),
)
