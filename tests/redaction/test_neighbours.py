"""entities_beside_names: what a found name makes of the quote or the number right after it."""

from __future__ import annotations

import pytest

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.neighbours import entities_beside_names
from referral_nlp.redaction.spans import Entity


def _beside(text: str, name: str) -> list[tuple[str, str]]:
    start = text.index(name)
    person = Entity(start, start + len(name), taxonomy.PERSON, 0.8)
    return [(text[e.start : e.end], e.entity_type) for e in entities_beside_names(text, [person])]


@pytest.mark.parametrize(
    ("text", "name", "found"),
    [
        ('Zuzanna WISNIEWSKA ("Zuza") attended', "Zuzanna WISNIEWSKA", [("Zuza", "PERSON")]),
        ('boyfriend Kai – "KJ", thought to be 19', "Kai", [("KJ", "PERSON")]),
        ("1. Jayden Okafor a.k.a. JJ – 16", "Jayden Okafor", [("JJ", "PERSON")]),
        ("Tom Smith aka Big T was there", "Tom Smith", [("Big T", "PERSON")]),
        # Spacing around the dash, the comma and the bracket, each way round.
        ('boyfriend Kai -  ( "KJ" ) rang', "Kai", [("KJ", "PERSON")]),
        ('Zuzanna WISNIEWSKA,\n"Zuza" attended', "Zuzanna WISNIEWSKA", [("Zuza", "PERSON")]),
        ("1. Jayden Okafor , aka JJ – 16", "Jayden Okafor", [("JJ", "PERSON")]),
        ("Jayden Okafor,aka JJ", "Jayden Okafor", []),
        ("Maisie (8) was seen", "Maisie", [("8", "AGE")]),
        ("Tyrone Clarke, approx 22yrs, silver car", "Tyrone Clarke", [("22yrs", "AGE")]),
        ("Kai Doe (about 15yrs) seen", "Kai Doe", [("15yrs", "AGE")]),
        ("Rang Jo Ward, approx 5 mins later", "Jo Ward", []),
        ("Phoned Kelly about 4, no answer.", "Kelly", []),
        # A reply or a word in quotes after a name is what was said, not a name.
        ('Sarah Jones – "Yes" she said', "Sarah Jones", []),
        ('Sarah Jones, "No".', "Sarah Jones", []),
        ("Tom Smith aka the driver", "Tom Smith", []),
        # Initials in brackets that spell the name beside them are that person's.
        ("Minutes - Jo Parr (JP)", "Jo Parr", [("JP", "PERSON")]),
        ("Worker: Teresa McGinley (TMcG) Date", "Teresa McGinley", [("TMcG", "PERSON")]),
        ("SWs: Hollie Pryce (HPr) & Tunde", "Hollie Pryce", [("HPr", "PERSON")]),
        ("Jordan Ames, Library Assistant (JA) saw", "Jordan Ames", [("JA", "PERSON")]),
        ("IRO: Sarah Smith (SJS) chaired", "Sarah Smith", [("SJS", "PERSON")]),
        ("Key person: Chelsea (CD) noted", "Chelsea", [("CD", "PERSON")]),
        ("GP Dr Khan (KK) rang", "Dr Khan", [("KK", "PERSON")]),
        ("SW: hf (Hannah Forsyth) visited", "Hannah Forsyth", [("hf", "PERSON")]),
        ("DAYS - SN Grace Mulholland (GM)", "Grace Mulholland", [("GM", "PERSON")]),
        ("Mr Sol Adeyemi (SA, TA), Mr", "Mr Sol Adeyemi", [("SA", "PERSON")]),
        ("Tom Fairhurst (neonatal reg, TF), Rukhsana", "Tom Fairhurst", [("TF", "PERSON")]),
        ("Dami (Oludamilare Bello) (OB)", "Oludamilare Bello", [("OB", "PERSON")]),
        ("MW Fiona Carr (FC)", "MW Fiona Carr", [("FC", "PERSON")]),
        # ... or that a key of who is who sets before the name.
        ("Staff: DK = Dariusz Kaminski | TB", "Dariusz Kaminski", [("DK", "PERSON")]),
        # ... and those that do not, or that are the field's words, are not.
        ("Jo Parr (SW) visited", "Jo Parr", []),
        ("Sam Wood (SW) visited", "Sam Wood", []),
        ("Jo Parr (PJ) visited", "Jo Parr", []),
        ("Kerry (KW) is key worker", "Kerry", []),
        ("Chelsea (DC) noted", "Chelsea", []),
        ("x = Kai Doe; ratio = 2", "Kai Doe", []),
        ("Staff: SW = Sam Wood", "Sam Wood", []),
        # An officer's collar number beside the name is part of how the officer is named.
        ("PC Frith (collar 2219) attended", "PC Frith", [("2219", "PERSON")]),
        ("DC Amin, collar no. 5512, rang", "DC Amin", [("5512", "PERSON")]),
        ("D. Mahmood (#1123) | outside", "D. Mahmood", [("1123", "PERSON")]),
        # ... but a list's item or a footnote after a name is not a badge.
        ("Witnesses: Paul Smith (#21), see", "Paul Smith", []),
        ("Dr Okafor (#2024 cohort)", "Dr Okafor", []),
        ("PC Frith, collared 2 youths", "PC Frith", []),
        ("Phone handed to PC Whitehouse 7712.", "PC Whitehouse", [("7712", "PERSON")]),
        ("half-brother Reece (six) at home", "Reece", [("six", "AGE")]),
        ("Natasha Kowalczyk, seventeen, at the flats", "Natasha Kowalczyk", [("seventeen", "AGE")]),
        ("Sam Jones one day later", "Sam Jones", []),
        # A form's sex and a family role in brackets before the age.
        ("ADULT: Larisa Dobre, F, 22, claims", "Larisa Dobre", [("22", "AGE")]),
        ("- Mairead Nic (mother), 34, DOB", "Mairead Nic", [("34", "AGE")]),
        ("Shah MIAH (husband, 39); Tahmid", "Shah MIAH", [("39", "AGE")]),
        # A double-barrelled surname after a name that stopped early.
        ("Signed: Harjinder Kaur Sandhu-Bains,", "Harjinder Kaur", [("Sandhu-Bains", "PERSON")]),
        ("Seen Jo Smith Anti-Bullying week", "Jo Smith", []),
        ("Amy Clark Early-Help worker", "Amy Clark", []),
        ("Ben Carter Well-Being check", "Ben Carter", []),
        ("- Ann Bell (maternal grandmother), 61, carer", "Ann Bell", [("61", "AGE")]),
        ("Tom Ray (half-brother), 16, at home", "Tom Ray", [("16", "AGE")]),
        ("Jo Bloggs, 45 minutes late", "Jo Bloggs", []),
        ("Ann Lee (mother), 3 children", "Ann Lee", []),
        ("Visits by Ann Lee (mother), 4 in total.", "Ann Lee", []),
        ("Kai Brown (boyfriend, 6 months) moved in", "Kai Brown", []),
        # A number closing a line after a name is a page, a sum or a count as often.
        ("Statement of Jane Hargreaves, 14\nCare plan, 53", "Jane Hargreaves", []),
        ("Leah Moss, one, two and three", "Leah Moss", []),
        ("LA check: Ana-Maria 8y + Cristian", "Ana-Maria", [("8y", "AGE")]),
        ("Lily-Mae Cartwright 2y\tDA incident", "Lily-Mae Cartwright", [("2y", "AGE")]),
        ("Zara Khan, 4y 6m, at nursery", "Zara Khan", [("4y 6m", "AGE")]),
        ("PC Jones 150 metres away", "PC Jones", []),
        ("PC Smith 2019 statement", "PC Smith", []),
        ("DC Amin 1500 hrs arrived", "DC Amin", []),
        ("Mrs Amin 7712 rang", "Mrs Amin", []),
        ("Jayden Cole, shoulder 12 stitches", "Jayden Cole", []),
        ("Oliver Thomas (therapist, OT) assessed", "Oliver Thomas", []),
        # A word of the field in capitals that spells the whole name is its initials; a role's
        # abbreviation is the role ("Sam Wood (SW)" is the social worker).
        ("Student: Esmeralda Dudas (ED)   Year 2", "Esmeralda Dudas", [("ED", "PERSON")]),
        ("Linked: Ilie Dudas (ID), Year 2", "Ilie Dudas", [("ID", "PERSON")]),
        ("Sam Wood (SW) visited", "Sam Wood", []),
        ("Emma Dudas (ED) visited", "Emma Dudas", [("ED", "PERSON")]),
        ("Esmeralda (ED) visited", "Esmeralda", []),
        ("Paula Adams (personal adviser, PA) rang", "Paula Adams", []),
        # The hour of a time on the next line is no age.
        ("DAYS - SN Grace Mulholland\n08.45 Mum rang", "Grace Mulholland", []),
        # A listed surname in capitals before a name in capitals: a police nominal.
        ("SUBJECT 4: WARD PADDY DOB", "PADDY", [("WARD", "PERSON")]),
        ("SUSPECT PADDY ARRESTED", "PADDY", []),
        ("MR PADDY ATTENDED", "PADDY", []),
        ("Nurse Ward Paddy rang", "Paddy", []),
        ("CHILDRENS WARD. ON WARD PADDY WAS SEEN", "PADDY", []),
        ("SUBJECT 2: WARD PADDY   VEH GL21 MDX", "PADDY", [("WARD", "PERSON")]),
    ],
)
def test_a_name_makes_sense_of_what_stands_after_it(text, name, found) -> None:
    assert _beside(text, name) == found
