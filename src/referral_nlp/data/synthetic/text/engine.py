"""A tiny template language that records the exact offsets of every personal-data value.

Fragments are written as ``"{carer} told [officers|police] {he} was [scared|frightened]"``:

* ``{name}`` is a slot, filled at render time by the note's :class:`Slots`. A slot whose value is
  personal data is written as a span (``start``, ``end``, ``label``) at the offset where it lands,
  so the offsets are right by construction, never found again by searching the text. A slot name
  that starts with a capital ("{He}") capitalises the first letter of a non-personal value.
* ``[a|b|c]`` picks one alternative at random (alternatives may hold slots and nested choices;
  ``[a|]`` makes ``a`` optional).

Templates are compiled once into tuples; literal pieces carry pre-computed misspelt variants so
that light typos cost a table look-up at render time and can never touch a personal-data value
(those come only from slots).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any

#: Common misspellings seen in hurried case notes (right -> wrong).
MISSPELLINGS: dict[str, str] = {
    "received": "recieved",
    "separated": "seperated",
    "believe": "beleive",
    "occurred": "occured",
    "until": "untill",
    "which": "wich",
    "their": "thier",
    "definitely": "definately",
    "accommodation": "accomodation",
    "apparently": "apparantly",
    "tomorrow": "tommorow",
    "beginning": "begining",
    "environment": "enviroment",
    "independent": "independant",
    "occasion": "occassion",
    "recommend": "recomend",
    "referred": "refered",
    "relevant": "relevent",
    "argument": "arguement",
    "friend": "freind",
    "friends": "freinds",
    "neighbour": "neighbor",
    "neighbours": "neighbors",
    "behaviour": "behavior",
    "concerns": "concens",
    "concern": "conern",
    "attendance": "attendence",
    "appointment": "appointmnet",
    "appointments": "appointmnets",
    "because": "becuase",
    "information": "infomation",
    "safeguarding": "safegaurding",
    "aggressive": "agressive",
    "immediately": "immediatly",
    "necessary": "neccessary",
    "professional": "proffesional",
    "professionals": "proffesionals",
    "really": "realy",
    "stated": "sated",
    "said": "siad",
    "disclosed": "diclosed",
    "mother": "mohter",
    "parents": "parnets",
    "children": "childrne",
    "school": "shcool",
    "police": "polcie",
    "advised": "adviced",
    "practice": "practise",
    "whether": "wether",
    "there": "ther",
    "support": "suport",
    "arrived": "arived",
    "address": "adress",
    "assessment": "assesment",
    "sister": "sitser",
    "brother": "borther",
    "worried": "woried",
    "hospital": "hosptial",
    "towards": "towrds",
    "with": "wiht",
    "about": "abotu",
    "the": "teh",
    "and": "adn",
}

#: Words and phrases a hurried writer swaps for a synonym or an abbreviation (lower case keys;
#: a capital first letter is kept). Applied to literal text only, never to personal data.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "mother": ("mum", "M", "mam", "mother"),
    "father": ("dad", "F", "father"),
    "said": ("stated", "reported", "says", "told staff"),
    "stated": ("said", "reported", "reports"),
    "reported": ("said", "stated", "disclosed"),
    "reports": ("says", "states"),
    "disclosed": ("told", "shared", "reported", "disclosed"),
    "appointment": ("appt", "appointment"),
    "appointments": ("appts", "appointments"),
    "because": ("as", "cos", "since"),
    "children": ("kids", "chn", "children"),
    "approximately": ("approx", "about"),
    "approx": ("approximately", "about", "c."),
    "with": ("w/", "with", "with"),
    "without": ("w/o", "without"),
    "and": ("&", "+", "and", "and"),
    "concerns": ("worries", "issues", "concerns"),
    "concern": ("worry", "issue", "concern"),
    "police": ("Police", "police"),
    "officers": ("police", "PCs", "officers", "attending officers"),
    "information": ("info",),
    "week": ("wk", "week"),
    "weeks": ("wks", "weeks"),
    "month": ("mth", "month"),
    "months": ("mths", "months"),
    "years": ("yrs", "years"),
    "hours": ("hrs", "hours"),
    "previous": ("prev", "prior", "previous"),
    "previously": ("prev", "previously"),
    "assessment": ("assmt", "assessment"),
    "social worker": ("SW",),
    "health visitor": ("HV",),
    "domestic abuse": ("DA", "DV", "domestic violence"),
    "mental health": ("MH",),
    "at the address": ("at the property", "at home", "at the home address"),
    "no concerns": ("nil concerns", "no worries", "no concerns"),
    "very": ("really", "extremely", "v"),
    "appeared": ("seemed", "looked", "presented as"),
    "seemed": ("appeared", "looked"),
    "but": ("however", "though", "but"),
    "tomorrow": ("tmrw",),
    "between": ("b/w", "between"),
    "regarding": ("re", "about"),
    "bruise": ("bruise", "mark", "bruising"),
    "worried": ("concerned", "anxious", "worried"),
    "scared": ("frightened", "afraid", "scared"),
    "baby": ("infant", "baby"),
    "support": ("help", "support"),
    "agreed": ("consented", "agreed"),
    "following": ("after", "following"),
    "currently": ("at present", "now", "currently"),
    "significant": ("sig", "considerable", "significant"),
    "immediately": ("straight away", "immediately"),
    "siblings": ("sibs", "siblings"),
    "accommodation": ("accom", "accommodation"),
    "explanation": ("account", "explanation"),
    "incident": ("episode", "event", "incident"),
    "incidents": ("episodes", "events", "incidents"),
    "occasions": ("times", "occasions"),
    "several": ("a number of", "a few", "multiple", "several"),
    "often": ("frequently", "regularly", "often"),
    "always": ("constantly", "always"),
    "strategy discussion": ("strat disc", "strategy meeting", "strategy discussion"),
    "no further action": ("NFA",),
    "early help": ("EH", "early help"),
    "grandmother": ("nan", "grandma", "grandmother"),
    "referral": ("ref", "referral", "referral"),
    "school": ("sch", "school", "school"),
    "parents": ("parents", "carers"),
    "arrived": ("came in", "arrived"),
    "staff": ("staff", "colleagues"),
    "house": ("house", "home", "property"),
    "unable": ("not able", "unable"),
    "ongoing": ("continuing", "ongoing"),
    "nothing": ("nil", "nothing"),
    "people": ("ppl", "people"),
    "advised": ("told", "advised"),
    "informed": ("told", "made aware", "informed"),
}
_SYNONYM_RE = re.compile(
    r"(?<![\w/])("
    + "|".join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True))
    + r")(?![\w/'])",
    re.IGNORECASE,
)
_ARTICLES = re.compile(r"(?<![\w'])(?:the|a|an|has been|was|is) (?=[a-z])")
_WORD = re.compile(r"[A-Za-z]+")
_TOKEN = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|\[|\]|\|")

# Op codes of compiled templates.
_LIT, _CHOICE, _SLOT = 0, 1, 2

Compiled = tuple[tuple[Any, ...], ...]


def _typo_variants(text: str, rng: random.Random) -> tuple[str, ...]:
    """Up to three copies of ``text``, each with one misspelt word (non-personal text only)."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    out: list[str] = []
    for start, end, word in words:
        wrong = MISSPELLINGS.get(word.lower())
        if wrong is None:
            continue
        if word[0].isupper():
            wrong = wrong[0].upper() + wrong[1:]
        out.append(text[:start] + wrong + text[end:])
    long_words = [w for w in words if len(w[2]) >= 6 and w[2].islower()]
    for start, end, word in rng.sample(long_words, min(2, len(long_words))):
        i = rng.randrange(1, len(word) - 2)
        kind = rng.random()
        if kind < 0.4:  # transposition
            wrong = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif kind < 0.7:  # dropped letter
            wrong = word[:i] + word[i + 1 :]
        else:  # doubled letter
            wrong = word[:i] + word[i] + word[i:]
        out.append(text[:start] + wrong + text[end:])
    rng.shuffle(out)
    return tuple(out[:3])


def _lexical_variants(text: str, rng: random.Random) -> tuple[str, ...]:
    """Up to six copies of ``text`` with synonyms and abbreviations swapped in at random."""
    matches = list(_SYNONYM_RE.finditer(text))
    if not matches:
        return ()
    out: set[str] = set()
    for _ in range(8):
        pieces = []
        last = 0
        for m in matches:
            pieces.append(text[last : m.start()])
            word = m.group()
            if not (word.isupper() and len(word) > 1) and rng.random() < 0.6:
                alt = rng.choice(SYNONYMS[word.lower()])
                if word[0].isupper() and alt[0].islower():
                    alt = alt[0].upper() + alt[1:]
                word = alt
            pieces.append(word)
            last = m.end()
        pieces.append(text[last:])
        variant = "".join(pieces)
        if variant != text:
            out.add(variant)
    return tuple(sorted(out))[:6]


def _telegraphic(text: str) -> str:
    """Drop articles and auxiliaries the way clipped notes do ("had red mark on arm")."""
    return _ARTICLES.sub("", text)


def compile_template(source: str, *, _rng: random.Random | None = None) -> Compiled:
    """Parse a template into ops: literals (with typo variants), choices and slots."""
    rng = _rng or random.Random(len(source))
    pos = 0
    tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(source)]

    def parse(i: int, depth: int) -> tuple[list[list[tuple[Any, ...]]], int]:
        nonlocal pos
        alternatives: list[list[tuple[Any, ...]]] = [[]]
        while i < len(tokens):
            start, tok = tokens[i]
            if start > pos:
                _add_lit(alternatives[-1], source[pos:start], rng)
            pos = start + len(tok)
            i += 1
            if tok == "[":
                alts, i = parse(i, depth + 1)
                alternatives[-1].append((_CHOICE, tuple(tuple(a) for a in alts)))
            elif tok == "]":
                if depth == 0:
                    raise ValueError(f"template: unbalanced ']' in {source!r}")
                return alternatives, i
            elif tok == "|":
                if depth == 0:
                    raise ValueError(f"template: '|' outside [...] in {source!r}")
                alternatives.append([])
            else:
                alternatives[-1].append((_SLOT, tok[1:-1]))
        if depth:
            raise ValueError(f"template: unclosed '[' in {source!r}")
        if pos < len(source):
            _add_lit(alternatives[-1], source[pos:], rng)
            pos = len(source)
        return alternatives, i

    top, _ = parse(0, 0)
    return tuple(top[0])


def _literal(text: str, rng: random.Random) -> tuple[Any, ...]:
    lexical = _lexical_variants(text, rng)
    clipped = _telegraphic(text)
    return (_LIT, text, _typo_variants(text, rng), lexical, clipped)


def _add_lit(ops: list[tuple[Any, ...]], text: str, rng: random.Random) -> None:
    if ops and ops[-1][0] == _LIT:  # merge adjacent literals
        ops[-1] = _literal(ops[-1][1] + text, rng)
    else:
        ops.append(_literal(text, rng))


class Bank:
    """A list of compiled paraphrases; ``pick`` chooses one."""

    __slots__ = ("items",)

    def __init__(self, *sources: str) -> None:
        rng = random.Random(sum(len(s) for s in sources))
        self.items: tuple[Compiled, ...] = tuple(compile_template(s, _rng=rng) for s in sources)

    def pick(self, rng: random.Random) -> Compiled:
        return self.items[int(rng.random() * len(self.items))]

    def __len__(self) -> int:
        return len(self.items)


SlotValue = tuple[str, str | None]


class Writer:
    """Accumulates a note's text and the spans of the personal data written into it."""

    __slots__ = (
        "_counted",
        "_words",
        "clipped",
        "ctx",
        "lexical_rate",
        "lower",
        "parts",
        "pos",
        "rng",
        "slots",
        "spans",
        "typo_rate",
    )

    def __init__(
        self,
        rng: random.Random,
        slots: dict[str, Callable[[Any], SlotValue | list[SlotValue]]],
        ctx: Any,
        *,
        typo_rate: float = 0.0,
        lower: bool = False,
        lexical_rate: float = 0.0,
        clipped: float = 0.0,
    ) -> None:
        self.rng = rng
        self.slots = slots
        self.ctx = ctx
        self.parts: list[str] = []
        self.spans: list[tuple[int, int, str]] = []
        self.pos = 0
        self.typo_rate = typo_rate
        self.lower = lower
        self._counted = 0
        self._words = 0
        self.lexical_rate = lexical_rate
        self.clipped = clipped

    def lit(self, text: str) -> None:
        if text:
            self.parts.append(text)
            self.pos += len(text)

    def pii(self, value: str, label: str) -> None:
        self.spans.append((self.pos, self.pos + len(value), label))
        self.parts.append(value)
        self.pos += len(value)

    def render(self, template: Compiled) -> None:
        # The hot loop of the generator: attribute look-ups are hoisted into locals.
        random = self.rng.random
        append = self.parts.append
        lexical = self.lexical_rate
        clipped_from = 1.0 - self.clipped if self.clipped else 2.0
        typo = self.typo_rate
        lower = self.lower
        pos = self.pos
        for op in template:
            code = op[0]
            if code == _LIT:
                text = op[1]
                r = random()
                if r < lexical:
                    if op[3]:
                        text = op[3][int(r / lexical * len(op[3]))]
                elif r > clipped_from:
                    text = op[4]
                if typo and op[2] and random() < typo:
                    text = op[2][int(random() * len(op[2]))]
                if lower:
                    text = text.lower()
                append(text)
                pos += len(text)
            else:
                self.pos = pos
                if code == _CHOICE:
                    alts = op[1]
                    self.render(alts[int(random() * len(alts))])
                else:
                    self.slot(op[1])
                pos = self.pos
        self.pos = pos

    def slot(self, name: str) -> None:
        fill = self.slots.get(name)
        capital = False
        if fill is None:
            fill = self.slots.get(name[0].lower() + name[1:])
            capital = True
            if fill is None:
                raise KeyError(f"template slot {{{name}}} has no filler")
        result = fill(self.ctx)
        if isinstance(result, list):  # a composite slot: several values in a row
            for value, label in result:
                if label is None:
                    self.lit(value.lower() if self.lower else value)
                else:
                    self.pii(value, label)
            return
        value, label = result
        if label is None:
            if capital and value:
                value = value[0].upper() + value[1:]
            elif self.lower:
                value = value.lower()
            self.lit(value)
        else:
            self.pii(value, label)

    def say(self, bank: Bank) -> None:
        self.render(bank.pick(self.rng))

    def text(self) -> str:
        return "".join(self.parts)

    def word_count(self) -> int:
        """Words so far (spaces and line breaks), counting only parts added since last time."""
        parts = self.parts
        if self._counted > len(parts):  # parts were rolled back
            self._counted = 0
            self._words = 0
        for p in parts[self._counted :]:
            self._words += p.count(" ") + p.count("\n")
        self._counted = len(parts)
        return self._words

    def rollback(self, mark: tuple[int, int, int]) -> None:
        """Undo everything written since ``mark`` (from :meth:`mark`)."""
        del self.parts[mark[0] :]
        self.pos = mark[1]
        del self.spans[mark[2] :]
        self._counted = 0
        self._words = 0

    def mark(self) -> tuple[int, int, int]:
        return (len(self.parts), self.pos, len(self.spans))
