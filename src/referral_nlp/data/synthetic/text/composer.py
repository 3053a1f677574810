"""Write one referral note for one episode, recording every personal-data span.

The composer turns an episode's latent state into a document: it picks a document kind (a
referral in the source's own layout, a referral with a MASH screening or closure section, a
Child and Family Assessment summary, a closure summary), lists the facts the state implies
(every current factor with its severity and frequency, historic and negated mentions, engagement,
protective adult, injury explanation, the child's voice, the outcome, previous involvement),
writes each fact with a paraphrase drawn from :mod:`.fact_banks`, and pads with neutral detail from
:mod:`formats` up to a length drawn per note (40 to 600 words).

Per-note style draws vary the surface: SURNAME capitals, lower-case names, a hurried all
lower-case note, light typos in non-personal words, one date format for the whole note or a mix,
bullet lists, line breaks.

Personal data only ever enters through slots, so each span's offsets are exact by construction;
labels follow the conventions of ``tests/data/uk_referral_notes.txt`` (titles and collar numbers
inside PERSON, role words and cue words outside, AGE as number plus unit, postcode separate from
the address, generic services never labelled).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from referral_nlp.data.synthetic import placebank
from referral_nlp.data.synthetic.text import details, formats
from referral_nlp.data.synthetic.text.engine import Bank, Writer
from referral_nlp.data.synthetic.text.fact_writer import FactWriter
from referral_nlp.data.synthetic.text.note_context import NoteContext
from referral_nlp.data.synthetic.text.slots import SLOTS
from referral_nlp.data.synthetic.text.state_facts import Fact, NegationList, Wrapped, fact_sentences
from referral_nlp.data.synthetic.timeline import Episode

MIN_WORDS = 40
MAX_WORDS = 600
_CHARS_PER_WORD = 6.0
#: Below this many characters a note cannot be near MAX_WORDS (no word is under 2 characters
#: with its space), so the exact word count is skipped.
_SAFE_CHARS = 2 * (MAX_WORDS - 40)

_DOC_KINDS = (
    ("referral", 0.32),
    ("referral_mash", 0.2),
    ("referral_closure", 0.2),
    ("assessment", 0.13),
    ("closure", 0.15),
)


@dataclass(frozen=True)
class Note:
    """A written note: its text, its spans and the document kind."""

    text: str
    spans: list[tuple[int, int, str]]
    kind: str


def _pick_weighted(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    r = rng.random()
    for value, weight in options:
        r -= weight
        if r <= 0:
            return value
    return options[-1][0]


#: Background facts (historic and negated mentions, previous involvement: none carries risk
#: beyond the structured fields) are left out once a note is this long, so that the facts that
#: do carry risk always fit under MAX_WORDS.
_BACKGROUND_WORDS = MAX_WORDS - 170


def compose(ep: Episode, rng: random.Random, *, mentions: bool = True) -> Note:
    """Write the note of one episode (deterministic for a given ``rng`` state).

    ``mentions=False`` writes the same kind of note without historic and negated mentions. A
    note that would still run past MAX_WORDS is rewritten from the same random state without
    them.
    """
    state = rng.getstate()
    note = _compose(ep, rng, mentions=mentions)
    if mentions and len(note.text.split()) > MAX_WORDS:
        rng.setstate(state)
        note = _compose(ep, rng, mentions=False)
    return note


def _room(w: Writer) -> bool:
    """Whether a background fact still fits (estimated from characters; ``compose`` checks the
    finished note exactly)."""
    return w.pos < _CHARS_PER_WORD * _BACKGROUND_WORDS


def _compose(ep: Episode, rng: random.Random, *, mentions: bool) -> Note:
    ctx = NoteContext(ep, rng)
    typo = 0.0 if rng.random() < 0.45 else rng.choice((0.01, 0.03, 0.06))
    lower = rng.random() < 0.04
    w = Writer(
        rng,
        SLOTS,
        ctx,
        typo_rate=typo,
        lower=lower,
        lexical_rate=(0.3, 0.55, 0.8)[int(rng.random() * 3)],
        clipped=0.5 if rng.random() < 0.25 else 0.0,
    )
    doc = FactWriter(w, rng, ctx)
    kind = _pick_weighted(rng, _DOC_KINDS)
    groups = fact_sentences(ep, ctx, mentions=mentions)
    source = ep.source
    fmt = source
    if source == "school" and ep.age < 5:
        fmt = "nursery"
    target = int(min(520, max(MIN_WORDS + 5, math.exp(rng.gauss(5.0, 0.55)))))

    body: list[Fact] = groups["main"] + groups["other"]
    people = groups["people"]
    background = groups["background"]
    section_facts: list[Fact] = []
    if kind == "referral_closure":
        # Engagement and protection read naturally in the closure section.
        section_facts = people[1:]
        people = people[:1]
    elif kind == "referral_mash":
        section_facts = [b for b in background if isinstance(b[0], NegationList)]
        background = [b for b in background if not isinstance(b[0], NegationList)]

    if kind in ("assessment", "closure"):
        doc.block(formats.ASSESSMENT_HEADERS if kind == "assessment" else formats.CLOSURE_HEADERS)
        for banks in body:
            doc.sentence(banks, frame=True)
        _fill(doc, ctx, "summary", target - 60)
        for banks in background:
            if _room(w):
                doc.sentence(banks)
        if kind == "assessment":
            doc.sentence((formats.ANALYSIS_LEAD,))
        for banks in people:
            doc.sentence(banks)
        _outcome(doc, ep)
    else:
        doc.block(formats.HEADERS[fmt])
        if source == "self" and ep.age >= 10:
            doc.block(_SELF_VOICE)
        use_list = fmt in ("school", "nursery", "neighbour", "anonymous", "health_visitor") and (
            len(body) >= 2 and rng.random() < 0.45
        )
        if use_list:
            doc.bullets(body)
        else:
            for banks in body:
                doc.sentence(banks, frame=True)
        order = [(b, True) for b in background] + [(b, False) for b in people]
        rng.shuffle(order)
        for banks, optional in order:
            if not optional or _room(w):
                doc.sentence(banks, frame=isinstance(banks[0], Wrapped))
        section_words = 0 if kind == "referral" else 45
        _fill(doc, ctx, fmt, target - section_words)
        sign = formats.SIGNOFF.get(fmt)
        if sign is not None:
            doc.sentence((sign,))
        if kind == "referral_mash":
            doc.w.say(formats.MASH_HEAD)
            doc.at_line_start = True
            for bank in rng.sample(formats.MASH_CHECKS, 1 + int(rng.random() * 3)):
                doc.sentence((bank,))
            for banks in section_facts:  # negation checklists: background
                if _room(w):
                    doc.sentence(banks)
            _outcome(doc, ep)
            doc.sentence((formats.MASH_SIGN,))
        elif kind == "referral_closure":
            doc.w.say(formats.CLOSURE_HEAD)
            doc.at_line_start = True
            for banks in section_facts:
                doc.sentence(banks)
            _outcome(doc, ep)
    if w.word_count() < MIN_WORDS:
        _fill(doc, ctx, fmt, MIN_WORDS + 15, force=True)
    raw = w.text()
    text = raw.strip()
    lead = len(raw) - len(raw.lstrip())
    spans = [(a - lead, b - lead, label) for a, b, label in w.spans]
    return Note(text, spans, kind)


_SELF_VOICE = Bank(
    "\"my name is {child_first}, i'm in {year}. [i don't know who else to tell|i need some "
    "help|please don't tell my {cw}].\"\n",
    "'im writing because i dont know what else to do.' - {child_first}, {age}\n",
)


def _outcome(doc: FactWriter, ep: Episode) -> None:
    doc.sentence((formats.OUTCOME[ep.state.outcome],))


def _fill(doc: FactWriter, ctx: NoteContext, fmt: str, target: int, *, force: bool = False) -> None:
    """Add neutral detail until the note reaches ``target`` words (never past MAX_WORDS)."""
    w = doc.w
    # Characters stand in for words while filling (about 6 per word in these notes); the
    # exact count is taken only near the hard limit.
    words = w.pos / _CHARS_PER_WORD
    if words >= target and not force:
        return
    rng = ctx.rng
    if fmt == "summary":
        pool = list(formats.FILLERS_SUMMARY) + list(formats.FILLERS_GENERAL)
    else:
        pool = list(formats.FILLERS_BY_SOURCE.get(fmt, ())) + list(formats.FILLERS_GENERAL)
        da = ctx.ep.state.factors.get("domestic_abuse")
        if fmt == "police" and da is not None and da.status == "current":
            pool += formats.FILLERS_POLICE_DA
    pool += details.DETAILS
    if ctx.sib is not None:
        pool.append(formats.FILLERS_SIB)
    if ctx.ep.family.background in placebank.LANGUAGES:
        pool.append(formats.FILLERS_INTERPRETER)
    rng.shuffle(pool)
    for bank in pool:
        if words >= target:
            break
        mark = w.mark()
        at_line_start = doc.at_line_start
        doc.sentence((bank,))
        new_words = w.pos / _CHARS_PER_WORD
        if w.pos > _SAFE_CHARS and w.word_count() > MAX_WORDS - 40:
            w.rollback(mark)
            doc.at_line_start = at_line_start
            break
        words = new_words
