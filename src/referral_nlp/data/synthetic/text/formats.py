"""Document shapes: headers, sign-offs, screening, assessment and closure sections, fillers.

Each referral source has several header shapes (a police PPN is not a GP letter), so that the
layout of a note varies as much as its sentences. Fillers are the neutral detail that real notes
are full of (attendance, household, checks, health, next steps); they are drawn independently of
the outcome, so they add realism and length but no signal.

Composite slots write several values at once: ``{children_line}`` ("Kayden WALSH 7yo and Mia
BROOKES 3yo"), ``{household}``. Professionals: ``{ref}`` (the referrer, first mention full),
``{ref_phone} {ref_email}``, ``{officer} {officer2} {sw} {tm} {consultant}``. Identifiers:
``{crime_ref} {ppn_ref} {log_ref} {case_ref} {hosp_ref} {housing_ref} {pnc_ref} {marac_ref}
{cpoms_ref} {nhs} {ni}``. Non-personal: ``{force} {time} {weekday} {dash} {rag} {lang}
{attendance} {year}``.
"""

from __future__ import annotations

from referral_nlp.data.synthetic.text.engine import Bank

HEADERS: dict[str, Bank] = {
    "police": Bank(
        "DOMESTIC ABUSE NOTIFICATION ({force})\nOccurrence {log_ref}  Date {date_inc}\n"
        "Victim: {carer_full}  DOB {carer_dob}\nPerpetrator: {perp_full}\nChildren in "
        "household: {children_line}\n",
        "Police referral - [CAIU|MASH police desk|PPU] ({force})\nRe: {child_full}, DOB {dob}\n"
        "[Crime no.|Crime ref] {crime_ref}\n",
        "{force} - child protection notification\nOfficer {officer}, [shift|response team|"
        "neighbourhood team]\nAddress {address} {postcode}\n",
        "{force} - PPN - DOMESTIC INCIDENT\nCrime ref {crime_ref}   PPN ref {ppn_ref}\n"
        "Officer: {officer}\nAttended {address} {postcode} at {time} on {date_inc} following "
        "[999 call from neighbour reporting shouting|a 999 call from {cw}|a call from a "
        "family member].\nIP: {carer_full} (d.o.b. {carer_dob})\nSuspect: {perp_full} (DOB "
        "{perp_dob})\nChildren present: {children_line}\n",
        "PPN - child concern ({force})\nRef {ppn_ref}  OIC {officer}\nLocation: {address} "
        "{postcode}\nDate/time: {date_inc} {time}\nSubject child: {child_full} DOB {dob}\n",
        "{force} PPN (public protection notice) submitted {date_ref}\nAttending {officer} / "
        "{officer2}\nAddress: {address} {postcode}   log {log_ref}\nAdults: {carer_full} "
        "[{carer_age}|(DOB {carer_dob})], {perp_full}\nChildren: {children_line}\n",
        "police welfare check - {force}\nattended {time} hrs {date_inc} at {address} {postcode} "
        "following concern raised by [a family member|a neighbour|school].\n",
        "Information sharing from police ({force})\nRe {child_full} {age}, home address "
        "{address} {postcode}.\nIncident {date_inc}, crime ref {crime_ref}.\n",
    ),
    "school": Bank(
        "Referral from {setting} - DSL {ref}, tel {ref_phone}, email {ref_email}\n\nChild: "
        "{child_full}  DOB {dob}  {year}\nAddress: {address} {postcode}\n\n",
        "DSL referral - {setting}\nStudent: {child_full}, {year}, {age}, d.o.b. {dob}\n",
        "DSL referral {weekday} {date_ref}\n{child_full} ({year}), {setting}\n",
        "School referral form\nName of child: {child_full}\nDOB: {dob}\nSchool: {setting}\n"
        "Parent/carer: {carer_full}, {carer_phone}\nReferrer: {ref} (DSL)\n\n",
        "CPOMS ref {cpoms_ref} - {setting}\n{child_full} {year} DOB {dob}\n",
    ),
    "nursery": Bank(
        "Nursery referral - {setting}, {org_address} {org_postcode}\nChild: {child_full}, "
        "{age}\nConcerns over several weeks:\n",
        "Referral from {setting}\nChild {child_full} DOB {dob}\nKey person: {ref}\n",
    ),
    "health_visitor": Bank(
        "HV contact note. [Home visit|Contact] completed {date_ref} at home address {address} "
        "{postcode}.\n{child_full} DOB {dob} NHS no {nhs}\n",
        "Health visiting referral - {child_full}  DOB {dob}  NHS {nhs}\nParent: {carer_full}, "
        "mob {carer_phone}\nAddress: {address} {postcode}\n",
        "HV [9-12 month review|2 year review|new birth visit|targeted visit] - seen at home "
        "{date_ref}.\nChild: {child_full}  DOB {dob}  NHS {nhs}\n",
        "Midwife / HV referral\nMother: {carer_full}   DOB {carer_dob}   NHS {carer_nhs}\n"
        "Baby: {child_full} born {dob}\n",
    ),
    "gp": Bank(
        "From: {ref}, {surgery}, {org_address} {org_postcode}\nRe: {child_full} d.o.b. {dob} "
        "NHS {nhs}\n\nDear colleague, ",
        "GP safeguarding referral - {surgery}\nPatient: {child_full}  DOB {dob}  NHS No: "
        "{nhs}\nParent: {carer_full}\n",
        "Letter from {ref} ({surgery}) dated {date_ref} re {child_full}, {age}.\n",
    ),
    "hospital": Bank(
        "ED safeguarding referral - {hospital} paediatric ED\nPt: {child_full}   DOB {dob}   "
        "NHS No: {nhs}\nAttended {time} {weekday} {date_inc} with {cw} {carer}.\n",
        "Discharge summary (safeguarding copy) - {ward}, {hospital}\nPatient: {child_full}  "
        "DOB {dob}  NHS No {nhs}  Hosp no {hosp_ref}\n",
        "Hospital safeguarding team - {hospital}\n{child_full} ({age}) attended ED on "
        "{date_inc}, seen by {consultant}.\n",
        "Ambulance service safeguarding referral, incident no. {incident_ref}\nCrew called "
        "{date_inc} {time} to {address} {postcode}.\n",
    ),
    "camhs": Bank(
        "CAMHS - information sharing following [crisis assessment|initial assessment]\nYoung "
        "person: {child_full}  DOB {dob}  NHS {nhs}\nGP: {surgery}\n",
        "CAMHS referral outcome / safeguarding concern\n{child_full}, {age}, {setting}\n",
    ),
    "housing": Bank(
        "Housing referral - tenancy sustainment team\nTenant: {carer_full}  NI {ni}\n"
        "Property: {address} {postcode}   Tenancy ref {housing_ref}\n",
        "Housing Options - family presenting as homeless\n{carer_full}, d.o.b. {carer_dob}, NI "
        "{ni}, with {children_line}\nPresented at the Civic Centre {date_ref}.\n",
        "Housing officer report {date_ref} - {address} {postcode}\n",
    ),
    "probation": Bank(
        "Probation - information sharing\nName: {perp_full}  DOB {perp_dob}  PNC {pnc_ref}\n",
        "Probation / YJS info re {perp_full} (DOB {perp_dob}), who has contact with "
        "{child_full}.\n",
    ),
    "la_services": Bank(
        "Education Welfare - [persistent absence|attendance concern]\n{child_full}, d.o.b. "
        "{dob}, {setting}\n",
        "Youth worker info - {club}, {district}\nRe {child_full}, {age}.\n",
        "Early Help referral - {child_full} ({age}), {address} {postcode}\nLead: {ref}\n",
        "Family support worker note {date_ref}\nFamily: {carer_full} and {children_line}\n",
    ),
    "family": Bank(
        "Telephone contact - {caller_role}\nCaller: {caller}, {caller_phone}, lives in "
        "{other_town}\nRe: {child_full} ({age}) at {address} {postcode}.\n",
        "Call from {caller_role} {caller} ({caller_phone}) {date_ref}, worried about "
        "{child_full}.\n",
    ),
    "self": Bank(
        "Self-referral received via online form {date_ref} {time}\nName: {carer_lower}\n"
        "Email: {carer_email}   Mob: {carer_phone}\nPostcode: {postcode}\n",
        "Contact from young person via [school counsellor's phone|the online chat|Childline "
        "transfer] {date_ref}\n",
        "Parent self-referral by phone {date_ref}: {carer_full}, {carer_phone}, {address} "
        "{postcode}.\n",
    ),
    "neighbour": Bank(
        "Call from neighbour ({caller}, {caller_phone}) {date_ref} {time}. Concerned about "
        "the children at {address}.\n",
        "Member of the public rang MASH {time} re the family at {address} {postcode}.\n",
    ),
    "anonymous": Bank(
        "Anon caller (neighbour, would not give name) rang MASH {time}. Concerned about "
        "children at {address} - thinks the family are called the {surnames}.\n",
        "Anonymous referral via online form {date_ref} re {child_first} at {address}.\n",
    ),
    "other": Bank(
        "Referral from {org_other} - {ref}, {ref_phone}\nRe {child_full} aged {age}, seen "
        "{date_inc}.\n",
        "Information from {club} ({ref}) re {child_full}, {age}.\n",
        "Ambulance service safeguarding referral, incident no. {incident_ref}\nCrew called "
        "{date_inc} {time} to {address} {postcode}.\n",
    ),
}

#: The one-line lead of a section that continues a referral ("Checks:", "Screening:").
SIGNOFF: dict[str, Bank] = {
    "police": Bank("{officer}", "OIC {officer} {ref_phone}", "Submitted by {officer}.", ""),
    "school": Bank(
        "{ref}, DSL",
        "{ref}, Assistant Head / DSL",
        "DSL {ref} {ref_phone}",
        "Pls advise.",
    ),
    "nursery": Bank("Manager: {ref} {ref_phone}", "Key worker {ref}."),
    "health_visitor": Bank("HV {ref} {ref_phone}.", "{ref}, health visitor, {ref_email}"),
    "gp": Bank(
        "Regards\n{ref}", "Please contact me via the surgery on {ref_phone}.\nRegards", "{ref}"
    ),
    "hospital": Bank(
        "Nurse in charge {ref_phone}.",
        "Consultant {consultant}",
        "Safeguarding nurse {ref}.",
    ),
    "camhs": Bank("{ref}, CAMHS practitioner, {ref_email}", "CAMHS duty {ref_phone}"),
    "housing": Bank("Contact {ref} {ref_phone} / {ref_email}", "Housing officer {ref}."),
    "probation": Bank("OM: {ref}, {ref_phone}", "Probation officer {ref}."),
    "la_services": Bank("EWO {ref} {ref_phone}", "Youth worker {ref} {ref_phone}", "FSW {ref}"),
    "family": Bank("Advised re Clare's Law / DVDS. Checks requested.", ""),
    "self": Bank("", "Call back same day."),
    "neighbour": Bank("Caller did not want to be identified to the family.", ""),
    "anonymous": Bank("No number left - withheld.", ""),
    "other": Bank("{ref}", ""),
}

# ---- the body's neutral detail ---------------------------------------------------------------
FILLERS_GENERAL: tuple[Bank, ...] = (
    Bank(
        "{Child_first} is in {year} at {setting}.",
        "{Child_first} attends {setting}[, attendance {attendance}|].",
        "{setting} report attendance of {attendance} this [term|year|half term].",
        "[School|Setting]: {setting} ({year}).",
        "{Child_first} [goes to|is on roll at|started at] {setting}[ this year| in {year}|].",
        "Attendance at {setting} [is|has been] {attendance}[ since the start of term| this term|].",
    ),
    Bank(
        "Registered with {surgery}.",
        "GP: {surgery}.",
        "Up to date with immunisations per {surgery}.",
        "Health: no concerns from the GP, [growth on track|seen for minor illness only].",
        "[GP is|Family registered at|Surgery:] {surgery}[, no recent attendances|].",
        "{surgery} [have no concerns|report routine contact only|hold no safeguarding flags].",
    ),
    Bank(
        "Lives with {cw}[ and {sib_count}|] in a [2 bed flat|3 bed house|2 bed house|maisonette|"
        "first floor flat][ rented from the council| that is privately rented| from a housing "
        "association|].",
        "Household: {household}.",
        "[Family moved to the area|They moved here] [last year|2 years ago|in the summer|"
        "recently] from {other_town}.",
        "[Living at|Current address:|Home:] {address} {postcode}.",
        "Household members: {household}.",
    ),
    Bank(
        "{Cw}'s mobile {carer_phone}.",
        "{Cw} contactable on {carer_phone}.",
        "Contact for {cw}: {carer_phone} / {carer_email}.",
        "[Mob|Tel|Phone] ({cw}): {carer_phone}",
        "{Cw} can be reached on {carer_phone}[ after 3pm| in the mornings|].",
        "Email for {cw}: {carer_email}.",
    ),
    Bank(
        "[Consent obtained.|Family aware of the referral and agree.|{Cw} aware of the "
        "referral.|Parents not informed at this stage, per police advice.|Consent not sought "
        "- risk of harm.|{Cw} gave verbal consent for checks.|Referral discussed with {cw}, who "
        "agreed.]",
    ),
    Bank(
        "{Child_first} [enjoys football|likes drawing|is into gaming|loves dancing|goes to "
        "Scouts|does boxing|likes baking|is into Pokemon|plays the drums] and [has a few good "
        "friends|is popular in class|has one close friend|finds friendships hard].",
        "{Child_first} is [a lovely {lad}|a bright {boy}|a happy child|quiet but polite|"
        "cheeky and likeable|a very caring {boy}] according to [staff|{his} teacher|the "
        "referrer].",
        "{Child_first} presents as [settled|chatty|shy|tired|well cared for|a bit "
        "unkempt|anxious|lively] [in class|at nursery|today|on the visit].",
    ),
    Bank(
        "Achieving [in line with age related expectations|below expected levels|above "
        "expected levels] in [reading|maths|most subjects|writing].",
        "{Child_first} has an SEN support plan for [speech and language|reading|social "
        "communication|behaviour].",
        "[No|An] EHCP[ in place| in progress|].",
        "Learning: [on track|working towards|needs support in phonics|a year behind in maths].",
    ),
    Bank(
        "{Cw} works [part time at a supermarket|nights at a care home|as a cleaner] and "
        "[{pw} works away|money is tight].",
        "Income: UC, [rent arrears of £{money}|some debt], food bank used [once|twice].",
        "[Money is tight|Finances are stretched|No money worries reported] - [UC|benefits|"
        "wages] [and child benefit|only|plus a bit of overtime].",
        "[Debts|Arrears] of about £{money} [to the council|on the gas|with a catalogue].",
    ),
    Bank(
        "Previous address {old_address}.",
        "Family previously lived at {old_address}[ until {date_hist}|].",
        "[Before that the family lived at|Prev address:|Moved from] {old_address}.",
    ),
)

#: Police notes about a current domestic-abuse factor (DASH level follows its severity).
FILLERS_POLICE_DA: tuple[Bank, ...] = (
    Bank(
        "{Child_first}'s school informed via Op Encompass.",
        "Op Encompass notification sent to {setting}.",
    ),
    Bank("DASH completed - {dash}.", "DASH: {dash}.", "DASH risk {dash}, IDVA referral offered."),
    Bank("{Cw} [declined|accepted] IDVA at scene.", "{Cw} given DA leaflets and refuge number."),
)
#: Summaries (assessment, closure) take these instead of a referral source's own detail.
FILLERS_SUMMARY: tuple[Bank, ...] = (
    Bank(
        "Home visits [announced and unannounced|x4], home conditions [adequate|good] on "
        "[most|all] visits.",
        "Visited {n_visits} times during the assessment.",
    ),
    Bank(
        "Agency checks: [school|HV|GP] [no concerns|consulted]; police [consulted|checks "
        "completed].",
        "Multi-agency meeting held {date_recent}.",
    ),
    Bank("{Child_first} seen [alone|with {cw}] [at school|at home] on {date_recent}."),
    Bank("Plan shared with the family and agreed.", "Family given a copy of the assessment."),
)

#: Only for families whose first language is not English.
FILLERS_INTERPRETER = Bank(
    "{Lang} interpreter used.",
    "{Cw}'s first language is {lang}, [telephone interpreter used|interpreter booked for the "
    "visit].",
    "Seen with a {lang} interpreter.",
)

FILLERS_SIB = Bank(
    "{Sib} ({sib_age}) also lives at the address.",
    "Sibling {sib}, {sib_age}, attends {sib_setting}.",
    "{Child_first}'s {sib_rel} {sib} ({sib_age}) [no concerns raised|is at {sib_setting}].",
)
FILLERS_BY_SOURCE: dict[str, tuple[Bank, ...]] = {
    "police": (
        Bank("Body worn video recorded.", "BWV on.", "Log updated, PNC checks done."),
        Bank(
            "Children [asleep upstairs per {cw}|in bed at the time|not present at the time].",
            "Children seen and spoken to by officers.",
        ),
        Bank("Officers [remained at the address for an hour|left advice re calling 999]."),
    ),
    "school": (
        Bank(
            "Logged on CPOMS {date_hist_recent}.",
            "Previous concern logged on CPOMS {date_hist_recent}, no referral at the time.",
        ),
        Bank("Attendance {attendance}.", "Punctuality poor, [8|11] lates this half term."),
        Bank(
            "[Dad|Mum|Parents] not informed of this referral as school worried it would "
            "increase risk.",
            "{Cw} informed of the referral by phone.",
        ),
        Bank("Body map completed.", "Photos not taken per policy, body map attached."),
    ),
    "nursery": (
        Bank("Attendance dropped to {attendance} this term, last seen {weekday} {date_inc}."),
        Bank("Key worker {ref} has a good relationship with {cw}."),
    ),
    "health_visitor": (
        Bank(
            "Weight on the [25th|50th|9th] centile, [feeding well|bottle fed].",
            "Growth on track, meeting milestones.",
        ),
        Bank("GP ({surgery}) informed.", "Informed GP {surgery} re maternal mood."),
        Bank("Immunisations [behind (missed 8 and 12 week)|up to date]."),
    ),
    "gp": (
        Bank(
            "I have [referred {cw} to|advised re] the community service.",
            "I would be grateful for an assessment.",
        ),
        Bank(
            "No previous contact with CSC that I am aware of.",
            "Known to the practice since {date_hist}.",
        ),
    ),
    "hospital": (
        Bank("Skeletal survey requested.", "Ophthalmology [clear|requested].", "Bloods sent."),
        Bank("Admitted to {ward} under {consultant}.", "Seen by paeds reg {doctor}."),
        Bank("Police informed, CSC strategy discussion requested.", "Safeguarding team aware."),
        Bank(
            "No previous ED attendances on our system.", "[2|3] previous ED attendances this year."
        ),
    ),
    "camhs": (
        Bank("Safety plan agreed.", "Follow up by CAMHS crisis team within 72 hrs."),
        Bank("On the CAMHS waiting list (approx [18|26] weeks).", "Seen {date_inc}."),
    ),
    "housing": (
        Bank("Rent arrears £{money}.", "Environmental health notified."),
        Bank("Family friendly and open with us.", "Property inspected {date_inc}."),
    ),
    "probation": (
        Bank(
            "Released on licence {date_inc}.", "Licence conditions include no contact with {carer}."
        ),
        Bank("Intel suggests {phe} has been messaging {carer} via a friend's account."),
    ),
    "la_services": (
        Bank("Letters sent {date_hist_recent} and {date_inc}, home visits x3 - no answer."),
        Bank("{Child_first} comes to the youth club every [Tuesday|Thursday]."),
    ),
    "family": (
        Bank(
            "{Caller_role} says {caller_she} does not want to 'cause trouble'.",
            "Happy to be named to the family.",
        ),
    ),
    "self": (
        Bank(
            "Screened by {sw} (SW): RAG {rag}.",
        ),
    ),
    "neighbour": (
        Bank(
            "Says [3 kids|the children], youngest a toddler, often heard crying.",
            "Loads of people coming and going and a smell of weed.",
        ),
    ),
    "anonymous": (
        Bank(
            "Caller did not want to be identified to family.",
        ),
    ),
    "other": (
        Bank(
            "Missed [5 of the last 6|several] appointments.",
            "Unable to reach the family on {carer_phone}.",
        ),
    ),
}

# ---- sections ---------------------------------------------------------------------------------
MASH_HEAD = Bank(
    "\n\nMASH outcome ({date_screen}) - RAG {rag}\n",
    "\n\nFront door screening - {sw}, {date_screen}\n",
    "\n\nDuty SW notes {date_screen}:\n",
    "\n\nMASH decision - RAG rating: {rag}\n",
    "\n\nScreening ({date_screen}): RAG {rag}.\n",
    "\n\nChecks:\n",
    "\n\nMASH screening {date_screen} - {sw}\n",
)
MASH_CHECKS: tuple[Bank, ...] = (
    Bank("Police checks: [nil of note|no trace|2 logs at the address].", "Police: PNC nil."),
    Bank("LCS checks: {lcs_known}, ref {case_ref}.", "LCS ref {case_ref} - {lcs_known}."),
    Bank(
        "Health checks: [no concerns from the HV|GP has no concerns|not registered with a GP].",
        "Health: [nothing of note|routine contacts only].",
    ),
    Bank(
        "Education: [attendance {attendance}|no concerns from school].",
    ),
    Bank(
        "Contact {case_ref} rec'd {date_ref} from {source_words}.",
    ),
)
MASH_SIGN = Bank(
    "Screened by {sw}, MASH SW, QA by TM.",
    "{sw} (MASH SW)",
    "Decision agreed with TM {tm}.",
    "",
)

CLOSURE_HEAD = Bank(
    "\n\nCLOSING SUMMARY ({date_close})\n",
    "\n\nOutcome / closure - SW {sw}\n",
    "\n\nReason for closure:\n",
    "\n\nCLOSURE SUMMARY\n",
    "\n\nCase closure - {date_close}\n",
    "\n\nUpdate / closure ({sw}):\n",
    "\n\nAssessment outcome:\n",
)

ASSESSMENT_HEADERS = Bank(
    "CHILD AND FAMILY ASSESSMENT - SUMMARY AND ANALYSIS\nChildren: {children_line}\n"
    "{Cw} {carer_full}[, {pw} {perp_full}|].\nStarted {date_open}, authorised {date_close}.\n"
    "Referral followed {source_words}.\n",
    "C&F assessment summary - {child_full} ({age}), LCS {case_ref}\nAssessment started "
    "{date_open}. Referral from {source_words}.\n",
    "Single assessment - {child_full}  DOB {dob}\nAddress {address} {postcode}\nSW {sw}\n",
)
CLOSURE_HEADERS = Bank(
    "CLOSURE SUMMARY\nChild: {child_full}  DOB {dob}  Mosaic ID {case_ref}\nCase opened "
    "{date_open} following {source_words}.\n",
    "Case closure - {child_full} ({age}), {address} {postcode}\nReferral {date_open} from "
    "{source_words}.\n",
    "Early Help / CSC closure summary\nFamily: {carer_full} and children {children_line}.\n"
    "Episode {date_open} to {date_close}. Referred by {source_words}.\n",
)
ANALYSIS_LEAD = Bank(
    "Analysis:",
    "Analysis -",
    "Summary of assessment:",
    "",
    "Worker's analysis:",
)

#: Outcome lines by outcome code, for decisions and closures.
OUTCOME: dict[str, Bank] = {
    "nfa": Bank(
        "Outcome[ of screening|]: NFA[ - advice and guidance given| - signposting only|]. "
        "Closed {date_close}.",
        "[Threshold for CSC not met|Does not meet threshold], [case closed|closed to CSC] "
        "{date_close}[ with advice to {cw}|].",
        "NFA by CSC; [universal services to support|school to continue to monitor|HV to "
        "follow up]. [Closed|Case closed] {date_close}.",
        "Decision: NFA for CSC.",
        "Outcome: NFA, closed {date_close}.",
        "No further action; signposted to [Women's Aid|the GP|the school nurse|local "
        "parenting support].",
        "NFA - threshold not met. Closed {date_close}.",
    ),
    "early_help": Bank(
        "Stepped down to [Early Help|the Family Hub|a TAF] on {date_close}; [lead "
        "professional {worker}|school as lead].",
        "[Outcome|Decision]: [EH offered and accepted|step down to EH with consent]; CSC "
        "closed {date_close}.",
        "Step down to EH, TAF to be led by [school|the HV|the family hub].",
        "Outcome: Early Help assessment, lead professional {worker}.",
        "Passed to EH for a family support worker. Closed to CSC {date_close}.",
        "Decision: EH / TAF. Family aware and agree.",
    ),
    "cin": Bank(
        "[Child in Need|CIN] plan [ended|closed] {date_close} [after 3 reviews|as progress "
        "was made|with consent]; [stepped down to EH|universal services only].",
        "Assessment outcome: s17 support; [case closed|closed] {date_close} [as plan "
        "completed|following the final CIN review].",
        "CIN plan (s17), review in 3 months; closed {date_close} when goals met.",
        "Outcome: CIN, now closed {date_close} with step down to universal services.",
        "s17 CIN plan completed, case closed {date_close}.",
    ),
    "s47_nfa": Bank(
        "s47 enquiry [concluded|completed][ {date_strategy}|]: concerns [unsubstantiated|not "
        "substantiated]; [no ICPC|NFA], closed {date_close}.",
        "s47 completed, not substantiated; NFA, closed {date_close}.",
        "Strategy discussion {date_strategy}, s47 - concerns not substantiated, closed.",
    ),
    "s47_cin": Bank(
        "s47 ({date_strategy}) - [significant harm not evidenced|risk managed under CIN]; "
        "CIN plan [ended|closed] {date_close}.",
        "s47 - concerns substantiated but risk managed under a CIN plan; closed {date_close}.",
        "Strategy discussion {date_strategy}, s47 completed, CIN for [6|9] months then closed.",
    ),
    "cp_plan": Bank(
        "[Subject to a CP plan|CP plan] [from|since] {date_strategy} [under|for] [neglect|"
        "emotional abuse|physical abuse]; [de-registered at RCPC|plan ended] and closed "
        "{date_close}.",
        "ICPC {date_strategy}: CP plan under the category of [neglect|emotional abuse|"
        "physical abuse]; plan ended at RCPC, stepped down and closed {date_close}.",
        "Child was subject to a CP plan from {date_strategy}; plan ended, case closed "
        "{date_close}.",
    ),
    "lac": Bank(
        "[Became looked after|Was accommodated|Placed in foster care] {date_strategy}; "
        "[rehabilitation home completed|returned home with support], [case closed|closed] "
        "{date_close}.",
        "Accommodated under s20 on {date_strategy}; returned home to {cw}'s care, closed "
        "{date_close}.",
        "Care proceedings issued {date_strategy}; {child_first} returned home under a "
        "supervision order, closed {date_close}.",
    ),
}

RAG_BY_LEVEL = ("GREEN", "AMBER", "RED")
DASH_BY_SEVERITY = {1: "STANDARD", 2: "MEDIUM", 3: "HIGH"}

#: How a summary names the referral's source ("followed a PPN from police").
SOURCE_WORDS: dict[str, tuple[str, ...]] = {
    "police": ("a PPN from police", "police (PPN)", "a police notification"),
    "school": ("school concerns", "the school DSL", "a referral from school"),
    "health_visitor": ("the HV", "a health visitor referral", "midwifery"),
    "gp": ("the GP", "a GP letter", "primary care"),
    "hospital": ("the hospital safeguarding team", "ED", "a hospital referral"),
    "camhs": ("CAMHS", "a CAMHS referral"),
    "housing": ("housing", "the housing team"),
    "probation": ("probation", "the OM"),
    "la_services": ("the EWO", "early help", "the youth service"),
    "family": ("a family member", "maternal grandmother's call", "a relative"),
    "self": ("a self-referral", "mum's own call", "the young person's own contact"),
    "neighbour": ("a neighbour's call", "a member of the public"),
    "anonymous": ("an anonymous call", "an anonymous referral"),
    "other": ("a partner agency", "another agency"),
}

#: Attribution and hedges around a fact ("Per mum, ...", "... (per school).").
FRAME_PREFIX = Bank(
    "Per {cw}, ",
    "Reportedly ",
    "It is reported that ",
    "[Staff|The referrer] report that ",
    "NB ",
    "Of note, ",
    "Also ",
    "Further, ",
    "In addition, ",
    "Apparently ",
    "I am told that ",
    "We understand that ",
    "Per {source_words}, ",
    "To note - ",
    "Additionally ",
    "Info from {source_words}: ",
    "My understanding is that ",
)
FRAME_SUFFIX = Bank(
    " (per {cw})",
    " - per {source_words}",
    " (unverified)",
    " per police log",
    " - tbc",
    " as per CPOMS",
    " (to be confirmed)",
    " per the referrer",
    " according to {cw}",
    " - noted on file",
    " (see chronology)",
    " per {setting_word}",
)
