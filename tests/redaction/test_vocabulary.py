"""The field's vocabulary survives redaction while the names beside it do not."""

from __future__ import annotations

import re

import pytest

# (term, note, the name in it that must go). Each term appears next to a name, often directly
# in front of it, where NER and the all-caps name rules are most tempted to take it along.
CASES = [
    ("MASH", "Referral received by MASH from Sarah Jones on the phone.", "Sarah Jones"),
    ("MASH", "MASH Sarah Jones rang to ask for an update.", "Sarah Jones"),
    ("DSL", "DSL Sarah Jones called about Kayden Smith.", "Sarah Jones"),
    ("CAMHS", "CAMHS worker Sarah Jones will see Kayden.", "Sarah Jones"),
    ("CAMHS", "Kayden Smith is on the CAMHS waiting list.", "Kayden Smith"),
    ("DASH", "DASH: Sarah Jones scored 14.", "Sarah Jones"),
    ("s47", "s47 enquiry started regarding Kayden Smith.", "Kayden Smith"),
    ("S47", "S47 strategy for Kayden Smith agreed.", "Kayden Smith"),
    ("RAG", "RAG rating amber for Kayden Smith.", "Kayden Smith"),
    ("NFA", "Outcome NFA - Kayden Smith seen alone.", "Kayden Smith"),
    ("CIN", "CIN plan for Kayden Smith reviewed.", "Kayden Smith"),
    ("CP", "Kayden Smith is subject to a CP plan.", "Kayden Smith"),
    ("LAC", "LAC review for Kayden Smith held.", "Kayden Smith"),
    ("EH", "EH worker to visit Sarah Jones next week.", "Sarah Jones"),
    ("TAF", "TAF meeting held with Sarah Jones.", "Sarah Jones"),
    ("MARAC", "Case heard at MARAC; Sarah Jones was informed.", "Sarah Jones"),
    ("LADO", "LADO consulted about the allegation against Mark Taylor.", "Mark Taylor"),
    ("PPN", "PPN submitted by police after Mark Taylor was arrested.", "Mark Taylor"),
    ("SW", "SW Tom Brown visited the family.", "Tom Brown"),
    ("HV", "HV Sarah Jones saw baby at clinic.", "Sarah Jones"),
    ("GP", "GP has concerns about Kayden Smith.", "Kayden Smith"),
    ("A&E", "Kayden Smith attended A&E with a head injury.", "Kayden Smith"),
    ("DV", "DV between Sarah Jones and Mark Taylor.", "Sarah Jones"),
    ("DA", "DA disclosed by Sarah Jones to the school.", "Sarah Jones"),
    # Case-management and school systems, benefits, roles, cue words and ratings.
    ("Mosaic", "Mosaic record for Kayden Smith updated.", "Kayden Smith"),
    ("Liquidlogic", "Liquidlogic shows Kayden Smith as open.", "Kayden Smith"),
    ("LCS", "LCS ID checked for Kayden Smith.", "Kayden Smith"),
    ("EHM", "EHM episode for Sarah Jones closed.", "Sarah Jones"),
    ("Eclipse", "Eclipse case note by Tom Brown.", "Tom Brown"),
    ("CPOMS", "CPOMS entry about Kayden Smith.", "Kayden Smith"),
    ("MyConcern", "MyConcern log raised for Kayden Smith.", "Kayden Smith"),
    ("ONE", "ONE shows Kayden Smith has an EHCP.", "Kayden Smith"),
    ("Synergy", "Synergy record for Kayden Smith.", "Kayden Smith"),
    # Platforms by the short names children use for them.
    ("Insta", "Leah Moss messaged him on Insta and Snap.", "Leah Moss"),
    ("Roblox", "Kayden Smith met the man on Roblox.", "Kayden Smith"),
    ("Telegram", "Sarah Jones was added to a Telegram group.", "Sarah Jones"),
    ("ContrOCC", "ContrOCC payment for Sarah Jones approved.", "Sarah Jones"),
    ("Universal Credit", "Universal Credit claim by Sarah Jones stopped.", "Sarah Jones"),
    ("PIP", "PIP awarded to Sarah Jones.", "Sarah Jones"),
    ("DLA", "DLA for Kayden Smith in payment.", "Kayden Smith"),
    ("Child Benefit", "Child Benefit paid to Sarah Jones.", "Sarah Jones"),
    ("Landlord", "Landlord tel 0113 496 0555 re Sarah Jones.", "Sarah Jones"),
    ("Caller", "Caller said Sarah Jones leaves the children alone.", "Sarah Jones"),
    # Words a fresh probe found redacted as names or organisations.
    ("Threshold", "Threshold met for Kayden Smith under s47.", "Kayden Smith"),
    ("Pathway Plan", "Pathway Plan for Leah Moss reviewed.", "Leah Moss"),
    ("Husband", "Husband of Sarah Jones is supportive.", "Sarah Jones"),
    ("Language Line", "Interpreter via Language Line for Sarah Jones.", "Sarah Jones"),
    ("Sertraline", "Commence Sertraline 50mg for Sarah Jones.", "Sarah Jones"),
    ("Calpol", "Calpol given to Kayden Smith by nan.", "Kayden Smith"),
    ("GAD-7", "GAD-7 score 14 for Leah Moss.", "Leah Moss"),
    ("OASys", "OASys completed for Sarah Jones.", "Sarah Jones"),
    ("Social Workers", "3 agency Social Workers allocated to Kayden Smith.", "Kayden Smith"),
    ("Free School Meals", "Free School Meals for Leah Moss stopped.", "Leah Moss"),
    (
        "Specialist Community Public Health Nurse",
        "Specialist Community Public Health Nurse saw Leah Moss.",
        "Leah Moss",
    ),
    ("Referrer", "Referrer Tom Brown from the school.", "Tom Brown"),
    ("Email", "Email from Sarah Jones today.", "Sarah Jones"),
    ("Mob", "Mob 07700 900 555 for Sarah Jones.", "Sarah Jones"),
    ("GREEN", "RAG GREEN for Kayden Smith.", "Kayden Smith"),
    ("AMBER", "RAG rating: AMBER, Kayden Smith.", "Kayden Smith"),
    ("Amber", "RAG moved from Amber to Green for Kayden Smith.", "Kayden Smith"),
    ("Christmas", "Not in school since Christmas, says Kayla Ross.", "Kayla Ross"),
    ("Teams", "Mum Sian Parry joined via Teams.", "Sian Parry"),
    ("Neglect", "Kayla Ross: CP plan, category Neglect.", "Kayla Ross"),
    ("14.30", "Meeting at 14.30 with Sarah Jones.", "Sarah Jones"),
    ("15:30-18:00", "Foot patrol 15:30-18:00 with Sarah Jones.", "Sarah Jones"),
    ("2.15pm", "Sarah Jones will call at 2.15pm.", "Sarah Jones"),
    ("4471", "Officer collar 4471 spoke to Sarah Jones.", "Sarah Jones"),
    ("Suspect", "Suspect arrested; victim Sarah Jones at home.", "Sarah Jones"),
    ("Subj", "Subj: homeless referral for Kayden Smith", "Kayden Smith"),
    ("Parvolex", "Parvolex completed; Leah Moss is stable.", "Leah Moss"),
    ("Custody", "Custody record for Kayden Smith opened.", "Kayden Smith"),
    ("Owner", "1. Housing bid - Owner: Naomi Price - ongoing", "Naomi Price"),
    ("Nationality", "Forename(s): Minh Anh\nNationality: Vietnamese", "Minh Anh"),
    # Labels NER takes into the value after them, and roles, orders and services it takes for
    # names.
    ("DOB", "CAMHS triage: Amira BEGUM, 15, DOB 03/10/2009, seen.", "Amira BEGUM"),
    ("ULN", "Pupil: Kayla ROSS, ULN 5012345672, Year 10.", "Kayla ROSS"),
    ("NFA", "Outcome for Kayla Ross: NFA 14th June after checks.", "Kayla Ross"),
    ("SW", "Present: K.L. (SW), HV and Tom Brown.", "Tom Brown"),
    ("Headteacher", "Headteacher Mrs R. Obi emailed about Kayla Ross.", "Kayla Ross"),
    ("Foster", "Foster carer Mrs Gwen Parry attended.", "Gwen Parry"),
    ("Kinship", "Kinship carer Nan Gwen Parry present.", "Gwen Parry"),
    ("Special Guardianship", "Over Easter. Special Guardianship for Kayla Ross.", "Kayla Ross"),
    ("MS", "Kayla Ross is a young carer for mum (MS).", "Kayla Ross"),
    ("Forced Marriage Unit", "Advice from the Forced Marriage Unit on Amira Begum.", "Amira Begum"),
    ("Barnardo's", "Barnardo's worker Tom Brown visits weekly.", "Tom Brown"),
    ("Bleep", "Dr Sunil Rao, Bleep 5170, rang.", "Sunil Rao"),
    # Headings in capitals, roles and teams, and a car's make and model.
    ("PAEDIATRIC LIAISON NOTE", "PAEDIATRIC LIAISON NOTE\nSeen with Sarah Jones.", "Sarah Jones"),
    (
        "CHILD EXPLOITATION SCREENING TOOL",
        "CHILD EXPLOITATION SCREENING TOOL\nKayla Ross",
        "Kayla Ross",
    ),
    ("CALL LOG", "CALL LOG - Children's Advice & Duty Service\nCaller Tom Brown.", "Tom Brown"),
    ("Duty SW", "Duty SW spoke to Sarah Jones.", "Sarah Jones"),
    ("Community Midwife", "Community Midwife visited Sarah Jones.", "Sarah Jones"),
    ("Occupational Therapist", "Occupational Therapist saw Kayla Ross at home.", "Kayla Ross"),
    ("Exploitation Officer", "Exploitation Officer notified re Kayla Ross.", "Kayla Ross"),
    ("Depute Head", "Depute Head rang about Kayla Ross.", "Kayla Ross"),
    ("Getting More Help Team", "Kayla Ross referred to Getting More Help Team.", "Kayla Ross"),
    ("Penalty Notice", "Penalty Notice issued to Sarah Jones.", "Sarah Jones"),
    ("RETURN HOME INTERVIEW", "RETURN HOME INTERVIEW\nKayla Ross seen alone.", "Kayla Ross"),
    ("STRATEGY DISCUSSION MINUTES", "STRATEGY DISCUSSION MINUTES\nChair: Tom Brown", "Tom Brown"),
    ("6/10", "Scaling: 6/10 from Kayla Ross.", "Kayla Ross"),
    ("Vauxhall Corsa", "Kayla Ross got into a silver Vauxhall Corsa KT68 PLM.", "Kayla Ross"),
]


def _term(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w&]){re.escape(term)}(?![\w&])")


@pytest.mark.parametrize(
    ("term", "text", "name"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_vocabulary_kept_and_name_redacted(redactor, term, text, name):
    result = redactor.redact(text)
    out = result.redacted_text
    assert len(_term(term).findall(out)) == len(_term(term).findall(text)) == 1, out
    for part in name.split():
        assert part not in out, out
    for e in result.entities:  # no span reaches into the term
        assert not _term(term).search(text[e.start : e.end]), (term, text[e.start : e.end])


def test_a_note_full_of_vocabulary_keeps_all_of_it(redactor):
    text = (
        "Kayden SMITH discussed at MASH: NFA, DSL aware, CAMHS referral, RAG green. "
        "DASH with Mum high risk; s47 not met; CIN/CP not indicated; EH and TAF offered; "
        "MARAC and LADO not needed; PPN received; SW, HV and GP informed; A&E visit noted; "
        "DV/DA history; not LAC."
    )
    result = redactor.redact(text)
    out = result.redacted_text
    assert "SMITH" not in out and "Kayden" not in out
    for term in (
        "MASH",
        "NFA",
        "DSL",
        "CAMHS",
        "RAG",
        "DASH",
        "Mum",
        "s47",
        "CIN",
        "CP",
        "EH",
        "TAF",
        "MARAC",
        "LADO",
        "PPN",
        "SW",
        "HV",
        "GP",
        "A&E",
        "DV",
        "DA",
        "LAC",
    ):
        assert _term(term).search(out), term
    assert [e.entity_type for e in result.entities] == ["PERSON"]
