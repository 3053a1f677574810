"""Writes a note's facts over the template :class:`~.engine.Writer`, in the note's own style.

One writer per note draws how often sentences break onto a new line and how often a fact is
framed by an attribution or a hedge ("Per mum, ...", "... (per school)"); it writes each fact
as a sentence, a bullet list or a header block, a historic or negated mention as a description
followed by the sentence that undoes it, and negated factors as one checklist sentence.
"""

from __future__ import annotations

import random

from referral_nlp.data.synthetic.text import formats
from referral_nlp.data.synthetic.text.engine import Bank, Writer
from referral_nlp.data.synthetic.text.fact_banks.historic_negated import (
    NEGATION_LIST,
    NEGATION_NAMES,
)
from referral_nlp.data.synthetic.text.fact_banks.severity_frequency import FACTOR_WORDS
from referral_nlp.data.synthetic.text.note_context import NoteContext
from referral_nlp.data.synthetic.text.state_facts import Fact, FactorTag, NegationList, Wrapped

_BULLETS = ("- ", "* ", "• ", "")


class FactWriter:
    """Writes facts into one note's :class:`~.engine.Writer` with the note's separator style."""

    def __init__(self, w: Writer, rng: random.Random, ctx: NoteContext) -> None:
        self.w = w
        self.rng = rng
        self.ctx = ctx
        self.newline_rate = rng.choice((0.05, 0.2, 0.45))
        self.frame_rate = rng.choice((0.0, 0.12, 0.25))
        self.at_line_start = True

    def _framed(self, banks: Fact) -> None:
        """The fact with an attribution or hedge: "Per mum, ...", "... (per school)"."""
        w = self.w
        rng = self.rng
        outer = w.mark()
        outer_line_start = self.at_line_start
        self.sep()
        prefix = rng.random() < 0.7
        if prefix:
            w.say(formats.FRAME_PREFIX)
        start_part = len(w.parts)
        start_pos = w.pos
        self.at_line_start = True  # no separator before the first bank
        self.sentence(banks)
        if w.pos == start_pos:  # the fact wrote nothing: drop the frame as well
            w.rollback(outer)
            self.at_line_start = outer_line_start
            return
        if prefix and len(w.parts) > start_part:
            first = w.parts[start_part]
            starts_span = any(a == start_pos for a, _, _ in w.spans[-4:])
            if first and not starts_span and first[:1].isupper() and first[1:2].islower():
                w.parts[start_part] = first[0].lower() + first[1:]
        elif not prefix and w.parts and w.parts[-1].endswith("."):
            w.parts[-1] = w.parts[-1][:-1]
            w.pos -= 1
            w.say(formats.FRAME_SUFFIX)
            w.lit(".")
        self.at_line_start = False

    def sep(self) -> None:
        if self.at_line_start:
            return
        self.w.lit("\n" if self.rng.random() < self.newline_rate else " ")
        self.at_line_start = False

    def sentence(self, banks: Fact, *, frame: bool = False) -> None:
        w = self.w
        if frame and self.rng.random() < self.frame_rate:
            self._framed(banks)
            return
        for bank in banks:
            if isinstance(bank, NegationList):
                self._neglist(bank.names)
                continue
            if isinstance(bank, FactorTag):
                options = FACTOR_WORDS[bank.name]
                self.ctx.factor_words = options[int(self.rng.random() * len(options))]
                continue
            if isinstance(bank, Wrapped):
                self._wrapped(bank)
                continue
            before = w.pos
            mark = len(w.parts)
            self.sep()
            after_sep = w.pos
            w.say(bank)
            if w.pos == after_sep:  # empty paraphrase: undo the separator
                del w.parts[mark:]
                w.pos = before
            else:
                self.at_line_start = False

    def _wrapped(self, fact: Wrapped) -> None:
        w = self.w
        ctx = self.ctx
        self.sep()
        before_prefix = w.pos
        w.say(fact.prefix)
        start_part = len(w.parts)
        start_pos = w.pos
        prefixed = start_pos > before_prefix
        saved = (ctx.perp, ctx.pw, ctx.perp_m)
        ctx.historic = fact.former
        if fact.former:
            ctx.perp = ctx.fam.ex_partner
            ctx.perp_m = ctx.perp.sex == "male"
            ctx.pw = ("ex-partner", "previous partner", "former partner")[
                int(self.rng.random() * 3)
            ]
        try:
            for i, bank in enumerate(fact.inner):
                if i:
                    w.lit(" ")
                w.say(bank)
            if prefixed and len(w.parts) > start_part:
                first = w.parts[start_part]
                starts_span = any(a == start_pos for a, _, _ in w.spans[-6:])
                if first and not starts_span and first[:1].isupper() and first[1:2].islower():
                    w.parts[start_part] = first[0].lower() + first[1:]
            w.lit(" ")
            w.say(fact.after)
        finally:
            ctx.perp, ctx.pw, ctx.perp_m = saved
            ctx.historic = False
        self.at_line_start = False

    def _neglist(self, names: tuple[str, ...]) -> None:
        rng = self.rng
        self.sep()
        self.w.say(NEGATION_LIST)
        words = [rng.choice(NEGATION_NAMES[n]) for n in names]
        if len(words) == 1:
            text = words[0]
        else:
            text = ", ".join(words[:-1]) + rng.choice((" or ", ", ", " and ")) + words[-1]
        self.w.lit(text + ".")
        self.at_line_start = False

    def bullets(self, items: list[Fact]) -> None:
        bullet = self.rng.choice(_BULLETS)
        numbered = bullet == ""
        w = self.w
        if not self.at_line_start:
            w.lit("\n")
        w.lit(self.rng.choice(("Concerns:\n", "Concerns include:\n", "Worries:\n", "")))
        for i, banks in enumerate(items, start=1):
            w.lit(f"{i}) " if numbered else bullet)
            self.at_line_start = True
            self.sentence(banks)
            w.lit("\n")
            self.at_line_start = True

    def block(self, text_bank: Bank) -> None:
        self.w.say(text_bank)
        self.at_line_start = self.w.parts[-1].endswith(("\n", " ")) if self.w.parts else True
