"""A current factor at each severity for a child under 4, used in place of :mod:`.current`
where the factor has a bank here.
"""

from __future__ import annotations

from referral_nlp.data.synthetic.text.engine import Bank

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
