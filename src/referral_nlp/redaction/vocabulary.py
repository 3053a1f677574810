"""The field's own vocabulary, which must survive redaction.

Referral notes are full of capitalised abbreviations (MASH, DSL, CAMHS, s47) that NER models and
all-caps name rules mistake for people or organisations. Removing them would strip the very
signal a reviewer and the model need, so any candidate span made only of these words (and
punctuation or filler) is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from referral_nlp.redaction.name_cues import KIN_ROLES_OTHER_LANGUAGES
from referral_nlp.redaction.name_lists import TITLES

#: Abbreviations and terms of art from children's social care, policing, health and education.
SOCIAL_CARE_TERMS: frozenset[str] = (
    frozenset(
        t.lower()
        for t in """
    MASH DSL DDSL CAMHS DASH RAG NFA CIN CP CPP LAC CLA CSC EH EHA TAF TAC PPN MARAC MAPPA LADO
    SW SSW ATM HV GP PC DC DS DI DCI PCSO A&E ED ICPC RCPC CPC ICS IRO PLO SGO CAFCASS CAF EHCP SEN
    SENCO SENDCO SEND ADHD ASD ASC PTSD DV DA IDVA ISVA CSE CCE FGM NSPCC NHS HMRC DWP UC PIP
    DOB D.O.B DBS ACE ACEs MH SM DoLS YOT YJS CAMH DAAT CGL YP CYP FOI SAR GDPR DPO ATRS
    s17 s20 s31 s37 s38 s47 s47s S17 S20 S47 EPO PPO RAG-rated Merlin
    Police Ofsted Children Childrens Services Social Care Early Help Front Door Health Visitor
    Midwife Midwifery School Nursery Council Housing Probation Team Manager Worker Officer
    Mum Dad Mother Father Nan Nana Grandma Grandad Grandmother Grandfather Step-father Stepfather
    Stepmother Step-mother Aunt Uncle Sibling Siblings Baby Unborn Child Carer Carers Parent Parents
    Partner Ex-partner Boyfriend Girlfriend Referrer Referral Assessment Strategy Discussion
    Section Plan Review Conference Meeting Outcome Concerns Concern Risk Safeguarding Lead
    Designated Named Nurse Doctor Paediatrician Consultant Emergency Department Hospital
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    Voicemail Tel Info Seen Ref Prev Victim Strat Names Anonymous Historic
    C&F FGC Chronology Spoke Referral Notification Screening
    Pt LA LEA NI EWO QA TM PNC LCS DVDS CAIU MISPER EDT OIC OM PO Y1 Y2 Y3 Y4 Y5 Y6 Y7 Y8 Y9 Y10 Y11
    CAD CRIS Athena Niche Hosp
    Y12 Y13 Caller Neighbour Intel Op Operation Prevent Channel Encompass Summary Form Closure
    Pre-birth Prebirth Postcode Address Details Incident Domestic Report Extract Analysis Update
    Notes Contact Record Transfer Information Sharing Action Actions Plan Checks Screening
    WhatsApp Facebook Snapchat Instagram TikTok YouTube Messenger Xbox PlayStation Discord
    Insta Roblox Fortnite Minecraft Twitter Telegram Twitch Reddit OnlyFans Tinder Grindr WeChat
    Viber Yubo BeReal
    Mosaic Liquidlogic LCS EHM Eclipse CPOMS MyConcern ONE Synergy ContrOCC SystemC CareDirector
    CareFirst Capita SIMS EMIS SystmOne Frameworki Azeus
    Universal Credit Credits Benefit Benefits Allowance Allowances Pension ESA JSA DLA PIP
    Carer's Carers Tax Reduction Attendance Sanction Sanctions Foodbank
    Landlord Landlady Tenant Lodger Keyworker Key-worker Interpreter Childminder Nanny
    Receptionist Practitioner Mentor Coordinator Co-ordinator Chair Solicitor Barrister Guardian
    Driver Controller Customer Client Operator Handler Volunteer Supervisor Dispatcher Cashier
    Email E-mail Mob Mobile Phone Telephone Fax Web Website Username Handle Profile ID Name
    Surname Forename Collar Gamertag Snap Map Reg UPN ULN MRN VRM NINO Pupil Pupils Student
    Applicant Person
    Protection Initial Core Group Independent Reviewing Youth Offending Family Centre Neonatal
    Paediatric Paediatrics Unit Clinic Trust Primary Secondary Infant Infants Junior Juniors
    Temporary Accommodation Supported Lodgings Kinship Refuge Hostel
    Headteacher Headmaster Headmistress Teacher
    Guardianship Injunction Non-molestation
    Neglect Abuse
    Easter Christmas Xmas Eid Diwali Ramadan Hanukkah Halloween Teams Zoom Skype
    Dear Colleague Colleagues
    Liaison Note Pre-Sentence Sentence Exploitation Tool Online Sexual Placement Fostering Log
    Advice Children's Daytime Duty Call Community Occupational Therapist Therapy Depute Deputy
    Head Handler Advisor Adviser SN GTLO Psychiatrist Psychologist Adolescent Getting More
    Traveller Education Welfare Civic Offices Apologies Penalty Notice Push Pull Factors
    Migrant DNA RoSH Level Category Scaling Visit Support
    Minutes Interview Return Missing Episode Debrief Triage Consultation Statement Memo Handover
    Recording Observation Observations Reflective Supervision Enquiry Enquiries Allegation
    Allegations Disclosure Professional Professionals Network Agenda Attendees Home
    Threshold Pathway Tenancy Disrepair Husband Wife YOS Case Specialist Public Agency
    Social Workers Business Language Line BMI Free Meals Band
    GAD-7 PHQ-9 EPDS SDQ WISC WISC-V WPPSI ADOS ADI-R OASys AssetPlus ABE PQiP KS1 KS2 KS3 KS4
    EYFS GCSE BTEC NVQ RSW HSCP UASC ALP CJA MHA SOA OAPA MCA
    AUDIT AUDIT-C ViST LanguageLine Virtual Approved Premises Register Mummy Daddy Mam Mammy
    Suspect Subj Subject Role Custody Detained Detention Reconvene Graded ARAP UDS
    Owner Client Vehicle Nationality Signed Screenshot Screenshots Mtg Chron Emotional
    Physical Epilepsy MGM PGM MGF PGF
    MDT OOH ENT SLT SMT CPS ICB LSCP IOPC
    Tue Tues Wed Weds Thur Thurs Fri NAD ESOL EUSS Helpline Deaf
    Bursary Gender Ethnicity Religion Permanence Looked Consent Background Transcriber Volunteer
    EAL IRH IFA DCT Toxbase Urine Female Male Need
    AMHP AMHPs NRPF ECHR Article Transcript Letterbox Contacts Password Application Applications
    Checklist
    """.split()
    )
    | KIN_ROLES_OTHER_LANGUAGES
    | frozenset(
        # Medicines a note names when it records a child's or a parent's health; NER reads a
        # capitalised drug as a person or a company ("commence Sertraline 50mg").
        """sertraline fluoxetine citalopram escitalopram mirtazapine venlafaxine amitriptyline
    diazepam lorazepam zopiclone pregabalin gabapentin methadone buprenorphine subutex naloxone
    tramadol codeine co-codamol paracetamol calpol ibuprofen nurofen melatonin methylphenidate
    ritalin concerta equasym elvanse lisdexamfetamine atomoxetine guanfacine risperidone
    aripiprazole quetiapine olanzapine lithium valproate epilim lamotrigine levetiracetam keppra
    carbamazepine insulin novorapid lantus levemir humalog metformin salbutamol ventolin clenil
    beclometasone fostair montelukast epipen adrenaline cetirizine piriton chlorphenamine
    amoxicillin penicillin omeprazole lansoprazole gaviscon infacol dioralyte movicol laxido
    lactulose senna folic parvolex acetylcysteine morphine oramorph naltrexone clonidine
    ondansetron baclofen""".split()
    )
)
#: Record systems, by whose records they hold: "<system> no. 1234567" labels the number after it.
#: The one list every cue rule reads: a care system's number is a case reference, a health
#: system's a hospital number. Names that are also first names or places (Lorenzo, PARIS) are
#: cues only here, before a number, and stay out of the vocabulary above.
RECORD_SYSTEMS: dict[str, tuple[str, ...]] = {
    "care": tuple(
        "mosaic lcs eclipse carefirst liquidlogic ehm caredirector frameworki azeus cpoms"
        " myconcern".split()
    ),
    "health": tuple("rio systmone emis lorenzo cerner epic medway careflow paris".split()),
    # Police crime, intelligence and command-and-control systems: the Met's CRIS, Athena, Niche
    # and STORM ("crime ref CRIS 4201395/24").
    "police": tuple("cris athena niche storm".split()),
}


#: Field words that are names too when written another way: the police system "STORM" is no
#: name, a child called "Storm" is one (issue 12's fifth probe).
FIELD_WORDS_AS_WRITTEN: frozenset[str] = frozenset({"STORM"})

#: Kinds whose names are everyday words too ("storm", "niche"): they label a number only when
#: written as a name ("STORM", "Niche"), so their alternation is case-sensitive.
NAMES_AS_WRITTEN: frozenset[str] = frozenset({"police"})


def alternation(words: Iterable[str]) -> str:
    """``words`` as a regex alternation, each escaped, longest first (so "anne-marie" is tried
    before "anne"), in one order whatever the set's iteration order."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def record_system_names(kind: str) -> str:
    """The names of one kind of record system (``RECORD_SYSTEMS``), as a regex alternation.

    For a kind in ``NAMES_AS_WRITTEN`` the alternation is a case-sensitive group holding each
    name in capitals and capitalised, whatever flags the pattern around it sets.
    """
    if kind not in RECORD_SYSTEMS:
        raise ValueError(
            f"record system kind must be one of {sorted(RECORD_SYSTEMS)}, got {kind!r}"
        )
    names = sorted(RECORD_SYSTEMS[kind], key=len, reverse=True)
    if kind in NAMES_AS_WRITTEN:
        return "(?-i:" + "|".join(f"{n.upper()}|{n.capitalize()}" for n in names) + ")"
    return "|".join(names)


#: Words of school subjects, classes and groups. The surname list holds some of them (Class,
#: French, English, Music, Reading, Law, Games, Hall), and "Booster Class (Y6)" or "Modern
#: French (Y10)" names no child.
SCHOOL_SUBJECT_WORDS: frozenset[str] = frozenset(
    """class classes group set form tutor club booster nurture french english spanish german
    italian polish urdu arabic mandarin welsh latin music dance drama art reading writing
    phonics maths math mathematics science sciences history geography law games pe sport
    computing technology studies literature language languages biology chemistry physics
    religious design food business media psychology sociology economics citizenship pshe rse
    hall house modern further advanced foundation higher""".split()
)


#: Words for a person's role: before a name they label it ("Pupil Evie", "Applicant Grace").
PERSON_ROLE_WORDS: frozenset[str] = frozenset(
    """mum dad mother father nan nana grandma grandad child baby sibling carer parent partner
    pupil pupils student applicant person caller referrer landlord landlady tenant victim
    suspect officer worker midwife nurse teacher grandchild grandchildren grandson
    granddaughter""".split()
)
#: RAG ratings: a colour after "RAG" (or "RAG rated:") is a rating, not a Mr Green.
RAG_RATING = re.compile(
    r"(?:\bRAG(?:[ \-]?(?:rated|rating|status))?|\brated|\brating)[ \t]*[:\-–=]?[ \t]*"
    # ... or a rating's change: "RAG moved from Amber", "RAG rating raised to".
    r"(?:(?:moved|changed|raised|lowered|reduced|increased|went|now)[ \t]+)?"
    r"(?:(?:from|to)[ \t]+)?$",
    re.IGNORECASE,
)
RAG_COLOURS = frozenset({"red", "amber", "green"})

#: Services and platforms every family in England shares: naming one identifies no one.
SHARED_SERVICES: tuple[str, ...] = (
    "children's social care",
    "children's services",
    "childrens services",
    "childrens social care",
    "women's aid",
    "talking therapies",
    "home office",
    "housing options",
    "family hub",
    "clare's law",
    "sarah's law",
    "op encompass",
    "operation encompass",
    "forced marriage unit",
    "barnardo",
    "nspcc",
    "childline",
    "ceop",
    "samaritans",
    "young minds",
    "youngminds",
    "kooth",
    "citizens advice",
    "shelter cymru",
    "action for children",
    "the children's society",
    "national fgm centre",
    "respect phoneline",
    "galop",
    "department for work and pensions",
    "assisted prison visits scheme",
    "working together",
)
#: An organisation or place span holding one of these words is a public body, not a family's
#: school or surgery: police forces and councils name where a family lives only as a region.
PUBLIC_BODY_WORDS = frozenset(
    "police constabulary council borough ambulance fire probation cafcass ofsted".split()
)

#: Web sites of national services every family is pointed to: naming one identifies no one.
PUBLIC_WEB_HOSTS = frozenset(
    """gov.uk nhs.uk nspcc.org.uk childline.org.uk ceop.police.uk police.uk youngminds.org.uk
    womensaid.org.uk refuge.org.uk nationaldahelpline.org.uk samaritans.org mind.org.uk
    barnardos.org.uk citizensadvice.org.uk shelter.org.uk stepchange.org kooth.com
    thinkuknow.co.uk saferinternet.org.uk familylives.org.uk""".split()
)
#: Public bodies' domains: a council's or police force's site is the body's, like its name.
PUBLIC_BODY_SUFFIXES = (".gov.uk", ".police.uk")
_URL_HOST = re.compile(r"^(?:[a-z]+://)?(?:www[0-9]{0,3}\.)?([^/:?#]+)", re.IGNORECASE)

#: Words of institutions and legal process. A span made only of these (with filler) names no one:
#: "the Court", "the Grand Chamber", "the Public Prosecutor", "Article 6".
INSTITUTIONAL_WORDS: frozenset[str] = frozenset(
    """court courts chamber chambers grand supreme high district regional constitutional
    administrative appeal appeals cassation tribunal magistrates crown county family youth
    government ministry minister office department public prosecutor prosecutors prosecution
    service services state republic kingdom federation commission committee council parliament
    assembly section article articles protocol convention act acts rule rules regulation
    regulations chapter schedule paragraph registrar registry president vice judge judges
    justice justices agent agents delegate delegation applicant applicants respondent
    claimant defendant plaintiff secretary general national federal central local authority
    authorities police station prison hospital bar association union european human rights
    first second third fourth fifth division bench panel board agency institute law laws""".split()
)

# Letters of any script: with [A-Za-z] only, "Åsa" read as "sa" and lost its first letter.
_WORD = re.compile(r"(?:[^\W_]|[&'])+(?:-(?:[^\W_]|[&'])+)*")
_FILLER = frozenset({"the", "of", "and", "&", "a", "an", "for", "to", "in", "re", "s"})


def strip_leading_vocabulary(span_text: str) -> int:
    """How many leading characters of ``span_text`` are field words ("Mum " in "Mum Sarah").

    A title stays with the name ("PC Nolan", "DC 3356 Ali"): it is part of how the person is
    named, and the taxonomy puts it inside the PERSON span.
    """
    offset = 0
    for m in _WORD.finditer(span_text):
        word = m.group(0).lower()
        if word not in SOCIAL_CARE_TERMS or word in TITLES:
            return m.start()
        offset = m.end()
    return offset


def strip_leading_roles(span_text: str, forenames: frozenset[str]) -> int:
    """How many leading characters of ``span_text`` are field words before a person ("Pupil "
    in "Pupil Evie", "EWO " in "EWO Andy Kerr", "OIC " in "OIC DC 2765 Atkinson"); 0 when no
    forename or title follows them ("Child Poverty Action Group")."""
    offset = 0
    for m in _WORD.finditer(span_text):
        word = m.group(0).lower()
        # A role word, or a field acronym in capitals ("EWO", "OIC"); "Credit Karma" and "Aunt
        # Bertha Inc" keep their first word.
        role = word in PERSON_ROLE_WORDS or (m.group(0).isupper() and word in SOCIAL_CARE_TERMS)
        if not role or word in TITLES:
            person = word.split("-")[0] in forenames or word in TITLES
            return m.start() if offset and person else 0
        offset = m.end()
    return 0


#: Roles named by two words whose first is also a surname or a name ("Foster carer", "Kinship
#: carer", "Special Guardian"): the pair is a role, and NER's PERSON "Foster" before "carer" is
#: no one.
ROLE_COMPOUND = re.compile(
    r"(?i:foster|kinship|respite|connected|special|family\s+link)\s+"
    r"(?i:carers?|parents?|persons?|guardians?(?:ship)?|placements?|care|family|families)\b"
)


def role_compound_end(text: str, start: int) -> int:
    """End of a two-word role ("Foster carer") that starts at ``start`` in ``text``, or -1."""
    m = ROLE_COMPOUND.match(text, start)
    return m.end() if m else -1


#: Field labels that NER takes into a name when the next field follows it ("WALLACE DOB").
FIELD_LABELS: frozenset[str] = frozenset(
    """dob d.o.b nhs ni nino upn uln mrn pnc tel mob mobile phone email e-mail address postcode
    ref age aged hosp""".split()
)
#: The first field label inside a span, and everything after it ("Arjun DOB 27.10.2011").
_LABEL_ON = re.compile(
    r"\s+(?:[-–]\s*)?(?i:d\.?o\.?b\b\.?|(?:"
    + "|".join(
        sorted(
            (re.escape(w) for w in FIELD_LABELS if "." not in w and w != "ni"),
            key=len,
            reverse=True,
        )
    )
    # "NI" (National Insurance) in capitals only: "Ni" and "ní" are the Irish "daughter of"
    # inside a name ("Siobhán Ní Bhriain"), which the detection text reads without its accent.
    + r"|(?-i:NI))\b).*$",
    re.DOTALL,
)
#: A dash and field words closing a span: "Oakfield Primary School - DSL".
_DASH_AND_ROLE = re.compile(r"\s+[-–]\s+(?P<rest>[^\n]*)$")


#: A field label that opens a span: "DOB 02/09/2008" and "ULN 4123..." as an ORG, "NFA 12th
#: March" as a DATE. The dotted "D.O.B." first, then labels and field acronyms in capitals.
_LEADING_DOTTED_DOB = re.compile(r"(?i:d\.o\.b\.?|dob)\b\.?[\s:\-–]*")


def strip_leading_labels(span_text: str) -> int:
    """How many leading characters of ``span_text`` are field labels ("DOB ", "NFA ", "ULN: ")
    rather than the value NER took them with; a title is no label ("PC Nolan" keeps "PC")."""
    offset = 0
    while True:
        m = _LEADING_DOTTED_DOB.match(span_text, offset)
        if m:
            offset = m.end()
            continue
        w = _WORD.match(span_text, offset)
        if w is None:
            return offset
        word = w.group(0)
        low = word.lower()
        label = low in FIELD_LABELS or (
            word.isupper() and len(word) > 1 and low in SOCIAL_CARE_TERMS
        )
        if not label or low in TITLES:
            return offset
        end = w.end()
        while end < len(span_text) and span_text[end] in " \t:-–#.":
            end += 1
        offset = end


#: A bracketed field word closing a span: "J.B. (SW", "Tom (Dad)".
_BRACKETED_LABEL = re.compile(r"\s*\(\s*(?P<rest>[^()\n]*?)\s*\)?$")


def strip_trailing_labels(span_text: str) -> int:
    """How many trailing characters of ``span_text`` are the next field: a label and what follows
    it ("WALLACE DOB", "Arjun DOB 27.10.2011", "FLANAGAN d.o.b"), a dash and field words
    ("Oakfield Primary School - DSL") or field words in brackets ("J.B. (SW"). Nothing is cut
    from the first word."""
    first = _WORD.search(span_text)
    if first is None:
        return 0
    m = _LABEL_ON.search(span_text, first.end())
    if m:
        return len(span_text) - m.start()
    m = _DASH_AND_ROLE.search(span_text, first.end())
    if m and is_field_vocabulary(m.group("rest")):
        return len(span_text) - m.start()
    m = _BRACKETED_LABEL.search(span_text, first.end())
    if m and is_field_vocabulary(m.group("rest")):
        return len(span_text) - m.start()
    return 0


#: The field's own statutes, whose year is part of the name a note cites them by ("s47
#: Children Act 1989"), which NER reads as a date. A list, not any "... Act": annotators of
#: court judgments mark other statutes' years as dates (TAB does), and those laws are not the
#: field's vocabulary.
STATUTE_BEFORE_YEAR = re.compile(
    r"\b(?:Children|Children and Families|Children and Social Work|Adoption and Children|Care"
    r"|Education|Housing|Mental Health|Mental Capacity|Family Law|Domestic Abuse|Crime and"
    r" Disorder|Sexual Offences|Offences Against the Person|Modern Slavery|Serious Crime"
    r"|Female Genital Mutilation|Protection from Harassment|Police and Criminal Evidence"
    r"|Human Rights|Data Protection|Equality|Localism|Homelessness Reduction|Child Abduction"
    r"|Counter-Terrorism and Security|Criminal Justice|Youth Justice and Criminal Evidence"
    r"|Children \(Scotland\)|Social Services and Well-being \(Wales\))"
    r"\s+Act\s+$"
    # ... and their abbreviations ("s66 CA 1989", "s39 CJA 1988", "MHA 1983"), in capitals
    # only: "born ca 1985" is circa, and the year a birth year.
    r"|\b(?-i:CA|CFA|CJA|MHA|MCA|SOA|OAPA|FLA|DAA|HRA|DPA|PACE|CDA|ACA)\s+$",
    # A form's heading cites the statutes in capitals: "SECTION 208 HOUSING ACT 1996".
    re.IGNORECASE,
)


def is_field_vocabulary(span_text: str) -> bool:
    """True when every word of ``span_text`` is a term of art or filler, so it is not personal."""
    words = _WORD.findall(span_text)
    if not words:
        return False
    return all(w.lower() in SOCIAL_CARE_TERMS or w.lower() in _FILLER for w in words)


#: The family court's orders: "Special Guardianship", "a Child Arrangements Order". A phrase,
#: not single words: "Order" alone also closes an institution's name ("Prison Service Order").
_LEGAL_ORDER = re.compile(
    r"(?:the\s+|an?\s+)?(?:interim\s+)?(?:special\s+guardianship|child\s+arrangements"
    r"|care|supervision|non-molestation|prohibited\s+steps|specific\s+issue"
    r"|emergency\s+protection|placement|adoption|occupation|child\s+assessment)"
    r"(?:\s+orders?)?",
    re.IGNORECASE,
)


def is_legal_order(span_text: str) -> bool:
    """True for the name of a family court order ("Special Guardianship", "Care Order")."""
    return _LEGAL_ORDER.fullmatch(span_text.strip()) is not None


def is_public_body(span_text: str) -> bool:
    """True for a shared service ("Women's Aid") or a public body ("Derby City Council")."""
    low = span_text.lower().replace("’", "'")
    if any(service in low for service in SHARED_SERVICES):
        return True
    return any(w.lower() in PUBLIC_BODY_WORDS for w in _WORD.findall(span_text))


def is_public_web_address(url: str) -> bool:
    """True for a national service's or a public body's site ("www.gov.uk/child-benefit")."""
    m = _URL_HOST.match(url)
    if not m:
        return False
    host = m.group(1).lower()
    return host in PUBLIC_WEB_HOSTS or host.endswith(PUBLIC_BODY_SUFFIXES)


def is_institutional(span_text: str) -> bool:
    """True when ``span_text`` is made only of institution, legal and filler words."""
    words = _WORD.findall(span_text)
    if not words:
        return False
    return all(
        w.lower() in INSTITUTIONAL_WORDS or w.lower() in SOCIAL_CARE_TERMS or w.lower() in _FILLER
        for w in words
    )


#: A protocol, test or review named after a person or case: "Philomena Protocol", "Fraser
#: Guidelines", "Lampard Review". The name is the instrument's, not a person in the note.
_NAMED_INSTRUMENT = re.compile(
    r"[^\W\d_][\w'’\-]*\s+(?:Protocol|Guidance|Guidelines|Principles?|Framework|Toolkit|Review"
    r"|Inquiry|Report|Ruling|Judgment|Test)"
)


def is_named_instrument(span_text: str) -> bool:
    """True for a one-word name and the instrument named after it ("Philomena Protocol")."""
    return _NAMED_INSTRUMENT.fullmatch(span_text.strip()) is not None
