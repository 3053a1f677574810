"""The facts an episode's latent state implies, grouped by where the note puts them.

Every current factor with its severity and frequency (and the injury explanation), historic
and negated mentions, previous involvement, the child's voice, engagement and the protective
adult, each as one or more paraphrase banks from :mod:`.fact_banks` or as a marker that
:mod:`.fact_writer` writes in its own way (a negation checklist, a historic or negated wrapper,
the factor that ``{fname}`` names).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from referral_nlp.data.synthetic.text.engine import Bank
from referral_nlp.data.synthetic.text.fact_banks.current import CURRENT
from referral_nlp.data.synthetic.text.fact_banks.current_under_fours import CURRENT_YOUNG
from referral_nlp.data.synthetic.text.fact_banks.family import (
    ENGAGEMENT,
    INJURY,
    PROTECTIVE,
    PROTECTIVE_PARENT,
    VOICE,
)
from referral_nlp.data.synthetic.text.fact_banks.historic_negated import (
    CURRENT_AFTER,
    HISTORIC,
    HISTORIC_AFTER,
    HISTORIC_PREFIX,
    NEGATED,
    NEGATED_AFTER,
    NEGATED_PREFIX,
    NEGATION_NAMES,
)
from referral_nlp.data.synthetic.text.fact_banks.previous_involvement import (
    PREVIOUS_CP,
    PREVIOUS_NONE,
    PREVIOUS_SOME,
)
from referral_nlp.data.synthetic.text.fact_banks.severity_frequency import (
    FREQUENCY,
    FREQUENCY_DA,
    SEVERITY_NOTE,
)
from referral_nlp.data.synthetic.text.note_context import NoteContext
from referral_nlp.data.synthetic.timeline import Episode


@dataclass(frozen=True)
class NegationList:
    """Negated factors written as one checklist sentence ("No concerns re DA, MH or drugs.")."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class FactorTag:
    """Sets the factor named by ``{fname}`` for the sentences that follow."""

    name: str


@dataclass(frozen=True)
class Wrapped:
    """A current-style description, then a sentence saying it is past or untrue.

    ("In 2019 mum had a red mark on her arm ... This was years ago and is not current.";
    "Allegation that ... Not substantiated.") The description keeps the vocabulary of a current
    concern, often with its severity and frequency, and the sentence after it uses generic
    words, so only reading the two together tells that it carries no risk: the case a
    bag-of-words reader gets wrong. With ``former`` the other adult is the former partner.
    """

    prefix: Bank
    inner: tuple[Bank, ...]
    after: Bank
    former: bool = False


Fact = tuple["Bank | NegationList | FactorTag | Wrapped", ...]


def _inner(rng: random.Random, name: str) -> tuple[Bank, ...]:
    """A current-style description of a factor (any severity, often with a frequency line)."""
    banks: tuple[Bank, ...] = (CURRENT[name][1 + int(rng.random() * 3)],)
    if rng.random() < 0.5:
        freq = ("repeat", "escalating")[int(rng.random() * 2)]
        table = FREQUENCY_DA if name == "domestic_abuse" else FREQUENCY
        banks += (table[freq],)
    return banks


def fact_sentences(
    ep: Episode, ctx: NoteContext, *, mentions: bool = True
) -> dict[str, list[Fact]]:
    """The facts of the state, grouped by where they go, each as one or more banks.

    ``mentions=False`` leaves out historic and negated mentions (which carry no risk): the
    counterfactual note the data card uses to measure what they cost a bag-of-words model.
    """
    rng = ctx.rng
    state = ep.state
    main: list[Fact] = []
    other: list[Fact] = []
    background: list[Fact] = []
    negated: list[str] = []
    ordered = sorted(state.factors.items(), key=lambda kv: kv[0] != state.main)
    for name, fs in ordered:
        if fs.status == "current":
            current = CURRENT_YOUNG if ep.age < 4 and name in CURRENT_YOUNG else CURRENT
            banks: list[Bank | NegationList | FactorTag | Wrapped] = [
                FactorTag(name),
                current[name][fs.severity],
            ]
            if name == "domestic_abuse" and ep.source == "police":
                banks.append(FREQUENCY_DA[fs.frequency])
            else:
                if name not in _SEVERITY_IN_WORDS:
                    banks.append(SEVERITY_NOTE[fs.severity])
                banks.append(FREQUENCY[fs.frequency])
            if rng.random() < 0.3:
                banks.append(CURRENT_AFTER)
            if name == "physical_abuse" and state.injury is not None:
                banks.append(INJURY[state.injury])
            (main if name == state.main else other).append(tuple(banks))
        elif not mentions:
            continue
        elif fs.status == "historic":
            bank = HISTORIC.get(name)
            if name in CURRENT and (bank is None or rng.random() < 0.7):
                background.append(
                    (Wrapped(HISTORIC_PREFIX, _inner(rng, name), HISTORIC_AFTER, True),)
                )
            elif bank is not None:
                background.append((bank,))
        elif name in CURRENT and rng.random() < 0.75:
            background.append((Wrapped(NEGATED_PREFIX, _inner(rng, name), NEGATED_AFTER),))
        else:
            negated.append(name)
    if state.injury is not None and (
        "physical_abuse" not in state.factors or state.factors["physical_abuse"].status != "current"
    ):
        main.append((INJURY[state.injury],))
    # Negations: a checklist sentence, or one sentence each.
    if negated:
        listable = [n for n in negated if n in NEGATION_NAMES]
        singles = [n for n in negated if n not in NEGATION_NAMES]
        if len(listable) >= 2 and rng.random() < 0.6:
            background.append((NegationList(tuple(listable)),))
        else:
            singles = negated
        for n in singles:
            bank = NEGATED.get(n)
            if bank is not None:
                background.append((bank,))
    if ep.previous_cp and rng.random() < 0.8:
        background.append((PREVIOUS_CP,))
    if ep.previous_referrals:
        if rng.random() < 0.75:
            background.append((PREVIOUS_SOME,))
    elif rng.random() < 0.4:
        background.append((PREVIOUS_NONE,))
    people: list[Fact] = []
    if state.voice != "too_young" or rng.random() < 0.5:
        people.append((VOICE[state.voice],))
    people.append((ENGAGEMENT[state.engagement],))
    if state.protective is not None:
        if ctx.prot is None:
            people.append((PROTECTIVE_PARENT,))
        else:
            people.append((PROTECTIVE,))
    return {"main": main, "other": other, "background": background, "people": people}


#: Factors whose current banks already state severity in words (no generic note needed).
_SEVERITY_IN_WORDS = frozenset(
    {
        "domestic_abuse",
        "mental_health",
        "alcohol_misuse",
        "drug_misuse",
        "neglect",
        "physical_abuse",
        "emotional_abuse",
        "sexual_abuse",
        "cse",
        "cce",
        "missing",
        "self_harm",
        "young_carer",
        "homelessness",
    }
)
