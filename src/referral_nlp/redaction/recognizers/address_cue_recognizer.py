"""AddressCueRecognizer: a whole address after a strong cue, and street corners.

Pattern rules for addresses key on capitals and street suffixes, so they stop early in
addresses from other countries ("12521 Belgrád rkp. 18. Apt. 417 Csipkerek Vas", "255
hersnapvej 18, københavn k"), in lower-case records and where a region code or a bracketed
district sits inside the address. After an unmistakable cue, though, what follows is an address
until the sentence moves on:

* a residence or postal cue followed by a house number: "lives at 12 ...", "resides at",
  "located at", "moved to", "sent to", "deliver to", "return to", "meet me at";
* an address label, followed by anything: "Address: ...", "address is ...", "new address:",
  "the address of <a name> is ...";
* "the corner of <street> and <street>".

From the cue the recogniser reads word by word: numbers, capitalised words, street and unit
words in many languages ("utca", "tér", "gate", "vej", "rue", "Apt.", "Suite"), name particles,
a bracketed district, a region code in capitals ("NO", "AT"), a short lower-case region code
before a postal code, and an empty field of an exported record ("nan", "N/A") before a number
or the end of the line. It stops at the first
ordinary English word ("with", "after", "for", "last"), a field label ("Mobile:"), a field word
of the notes ("Mum", "DOB"), a blank line, or a new sentence. A run that does not look like an
address (no number, or a date or a duration: "moved to 2 weeks ...") is dropped.

This is a hand-written scanner rather than a pattern: the stop rules need word lists, and it
only runs where a cue was found, so it costs next to nothing on text without one.
"""

from __future__ import annotations

import re

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from referral_nlp.redaction.date_parts import MONTH_ABBREVIATIONS, MONTH_NAMES, WEEKDAY_NAMES
from referral_nlp.redaction.name_lists import PARTICLES
from referral_nlp.redaction.recognizers.empty_fields import (
    BEFORE_NUMBER_OR_LINE_END,
    EMPTY_FIELD_WORDS,
)
from referral_nlp.redaction.recognizers.uk_postcode_recognizer import POSTCODE_SHAPE
from referral_nlp.redaction.taxonomy import ADDRESS
from referral_nlp.redaction.vocabulary import SOCIAL_CARE_TERMS

#: Cues after which an address starting with a number follows.
_VERB_CUE = (
    r"(?:(?:lives?|living|lived|resides?|residing|resided)\s+(?:at|on|in)"
    r"|(?:stays?|staying|stayed|located|situated|based|registered)\s+(?:at|in)"
    r"|(?:moved|moving|relocated)\s+to"
    r"|(?:sent|send|sending|deliver|delivered|return|returned|forward|forwarded|post|posted"
    r"|ship|shipped|mail|mailed|redirect|redirected)\s+(?:it\s+|them\s+|this\s+|mail\s+)?to"
    r"|meet\s+(?:me|us|you|him|her|them)\s+at)"
)
#: Address labels, after which the address may start with a word.
_LABEL_CUE = (
    r"(?:(?:home|postal|post|new|old|billing|mailing|current|previous|prev\.?|registered"
    r"|forwarding|last\s+known|correspondence|primary|secondary)\s+)?address(?:es)?"
    r"(?:\s+(?:is|was|are|were|to|with|as|of\s+(?:[^\W\d_][\w'’\-]*\s+){1,4}is))?"
    r"(?:\s*[:\-–])?"
)
#: "IP address", "email address", "web address": another kind of address, not a home.
_NOT_POSTAL = r"(?<!\bip )(?<!\bemail )(?<!\be-mail )(?<!\bweb )(?<!\bmac )(?<!\binternet )"
_CUE = re.compile(
    r"\b(?:(?P<verb>" + _VERB_CUE + r")|" + _NOT_POSTAL + r"(?P<label>" + _LABEL_CUE + r"))"
    r"[ \t]*(?:\n[ \t]*)?",
    re.IGNORECASE,
)
_NEXT_WORD = re.compile(r"[ \t,]*([^\W\d_][\w'’.]*)")
_CORNER = re.compile(r"\bthe\s+corner\s+of\s+", re.IGNORECASE)
_AND = re.compile(r"[ \t]*,?[ \t]*(?:and|&)[ \t]+", re.IGNORECASE)

#: Separators between parts: spaces, a comma, ";", ">" or "|" (quoted or piped records), or one
#: line break (a blank line ends the address).
_SEP = re.compile(
    r"(?=[ \t\n,;>|])[ \t]*(?:\n(?![ \t]*\n)[ \t]*)?(?:[,;>|][ \t]*)*(?:\n(?![ \t]*\n)[ \t]*)?"
)
#: A UK postcode, in any case, with or without its space ("LL57 2DG", "de1 2ga"): one token, and
#: as good evidence of an address as a house number.
_POSTCODE = r"(?i:" + POSTCODE_SHAPE + r")(?![\w])"
_POSTCODE_RE = re.compile(_POSTCODE)
#: The rest of a line, or of its sentence, after an address label.
_VALUE_TO_LINE_END = re.compile(r"[^\n]*?(?=\.(?:\s|$)|\n|$)")
_ALNUM_RUN = re.compile(r"[^\W_]+")
_TOKEN = re.compile(
    r"(?P<postcode>" + _POSTCODE + r")"
    r"|(?P<num>[0-9]{1,6}(?:[\-/][0-9]{1,6})?[A-Za-z]?(?![\w])\.?)"
    r"|(?P<bracket>\((?=[^()\n]*[^\W\d_])[^()\n]{1,30}\))"
    r"|(?P<word>[^\W\d_][^\W_]*(?:[.'’\-/][^\W\d_]+)*(?:\.|/)?)"
)
#: Street and unit words, in the languages of records from abroad; lower case is normal for many.
STREET_WORDS = frozenset(
    """street st road rd avenue ave av lane ln drive dr way close court ct place pl square sq
    terrace crescent grove gardens boulevard blvd highway hwy parkway pkwy plaza alley row mews
    walk hill park green view rise str
    ffordd heol stryd lôn lon rhodfa cilgant clos cwrt llys rhes teras
    rue chemin allée allee impasse quai route cours passage voie bd
    calle c avenida avda paseo carrera camino rua rúa travessa largo praça estrada
    via viale piazza corso vicolo piazzale strada
    straße strasse gasse weg platz allee ring damm ufer
    straat laan plein gracht kade singel dijk
    gata gatan gate vej vejen väg vägen veien vegen gade torg torget allé plads stræde stig
    terrasse tie katu kuja polku tänav tee põik puiestee maantee iela gatve
    ulica ul ulice náměstí nám třída tř nábřeží utca u út útja tér körút krt rkp köz sor kapu
    fasor trg cesta ulitsa prospekt pr odos leoforos
    apt apartment suite ste unit flat floor fl box po bldg building room block""".split()
)
#: Street words that name a road and nothing else: with one, a named house after an address
#: label needs no postcode ("Address: The Old Forge, Back Lane, Burley").
_ROAD_WORDS = frozenset(
    """street road avenue lane drive close crescent terrace grove gardens mews ffordd heol
    stryd lôn rhodfa cilgant""".split()
)
_ROAD_WORD_NEXT = re.compile(r"[ ](?i:" + "|".join(sorted(_ROAD_WORDS)) + r")\b")
#: Endings of one-word street names written in lower case ("hersnapvej", "tawastintie").
_STREET_ENDINGS = (
    "vej",
    "gade",
    "gata",
    "gatan",
    "vägen",
    "veien",
    "vegen",
    "straße",
    "strasse",
    "gasse",
    "weg",
    "katu",
    "tie",
    "kuja",
    "laan",
    "straat",
    "plein",
    "utca",
    "iela",
    "tänav",
)
#: Words that make a run a date, a time, a quantity or a legal citation, not an address.
_NOT_ADDRESS = (
    frozenset(
        """article articles section paragraph para protocol rule regulation chapter schedule
        annex appendix page vol volume act code day days week weeks month months year years yrs
        hour hours hrs minute minutes mins
        night nights time times am pm a.m p.m o'clock percent per cent miles km metres meters
        sept children child people persons occasions""".split()
    )
    | frozenset(MONTH_NAMES)
    | frozenset(MONTH_ABBREVIATIONS)
    | frozenset(WEEKDAY_NAMES)
)
#: Ordinary English words end an address; a few that are also street words do not.
_STOP = (
    frozenset(STOP_WORDS)
    | {
        "thanks",
        "thank",
        "tel",
        "phone",
        "mobile",
        "email",
        "e-mail",
        "fax",
        "desk",
        "website",
        "web",
        "office",
        "ref",
    }
) - {
    "via",
    "side",
}
_MISSING = frozenset(EMPTY_FIELD_WORDS)
_NUMBER_OR_LINE_END = re.compile(BEFORE_NUMBER_OR_LINE_END)
#: Abbreviations whose full stop does not end the sentence.
_ABBREVIATIONS = frozenset(
    "st rd ave av dr ln ct pl sq blvd hwy str apt ste fl bldg no nr u ul rkp krt nám tř bd avda"
    " c co mt ft".split()
)
_EXTRA_PARTICLES = frozenset(
    {"ten", "del", "des", "dos", "das", "do", "y", "z", "u", "v", "na", "nad", "pod"}
)


class AddressCueRecognizer(EntityRecognizer):
    """An address after "lives at", "Address:", "sent to" ..., and "the corner of X and Y"."""

    SCORE = 0.6
    MAX_TOKENS = 18
    MAX_CHARS = 200

    def __init__(self, supported_language: str = "en", supported_entity: str = ADDRESS) -> None:
        super().__init__(
            supported_entities=[supported_entity],
            name="AddressCueRecognizer",
            supported_language=supported_language,
        )

    def load(self) -> None:
        pass

    # ---- analysis ---------------------------------------------------------------------------
    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        entity = self.supported_entities[0]
        if entity not in entities:
            return []
        results: list[RecognizerResult] = []
        for cue in _CUE.finditer(text):
            label = cue.group("label") is not None
            lower = self._lower_case_record(text, cue.start()) or (
                label and self._lower_case_value(text, cue.end())
            )
            span = self._scan(text, cue.end(), lower, label=label)
            if span and self._plausible(text, span, label=label, lower=lower):
                results.append(self._result(span[0][0], span[-1][1], "after cue"))
        for corner in _CORNER.finditer(text):
            lower = self._lower_case_record(text, corner.start())
            first = self._scan(text, corner.end(), lower, corner=True)
            if not first:
                continue
            joint = _AND.match(text, first[-1][1])
            second = self._scan(text, joint.end(), lower, corner=True) if joint else []
            if second and any(self._is_number(text, t) or text[t[0]].isupper() for t in first):
                results.append(self._result(corner.start(), second[-1][1], "street corner"))
        return results

    @staticmethod
    def _lower_case_record(text: str, start: int) -> bool:
        """A record written all in lower case: lower-case words may then be parts of names."""
        window = text[max(0, start - 60) : start + 120]
        return not any(c.isupper() for c in window)

    @staticmethod
    def _lower_case_value(text: str, start: int) -> bool:
        """The value after an address label is written in lower case ("address 19c elm st,
        derby de1 2aa"), whatever the rest of the note: to its line's or sentence's end, with
        a street word or a postcode in it."""
        line = _VALUE_TO_LINE_END.match(text[start : start + 120])
        value = line.group(0) if line else ""
        if not any(c.isalpha() for c in value) or any(c.isupper() for c in value):
            return False
        # ... and reads as an address: a street word or a postcode in it ("address
        # 195.0.2.1 blocked error" is none).
        words = _ALNUM_RUN.findall(value)
        return any(w in STREET_WORDS for w in words) or _POSTCODE_RE.search(value) is not None

    def _scan(
        self, text: str, pos: int, lower: bool, corner: bool = False, label: bool = False
    ) -> list[tuple[int, int]]:
        """(start, end) of each address part from ``pos`` on, in order; [] if none."""
        tokens: list[tuple[int, int]] = []
        limit = min(len(text), pos + self.MAX_CHARS)
        while pos < limit and len(tokens) < self.MAX_TOKENS:
            sep = _SEP.match(text, pos) if tokens else None
            at = sep.end() if sep else pos
            m = _TOKEN.match(text, at)
            if not m or m.end() > limit:
                break
            if not self._accept(text, m, tokens, sep, lower, corner, label):
                break
            tokens.append((m.start(), m.end()))
            pos = m.end()
        # A trailing particle or unit word with nothing after it is not part of the address.
        while tokens and text[tokens[-1][0] : tokens[-1][1]].lower().rstrip(".") in (
            PARTICLES | _EXTRA_PARTICLES
        ):
            tokens.pop()
        return tokens

    def _accept(self, text, m, tokens, sep, lower: bool, corner: bool, label: bool) -> bool:
        tok = m.group(0)
        if text.startswith(":", m.end()):
            return False  # a field label: "Mobile: ...", "E-mail: ..."
        if m.group("postcode"):
            return True
        if (
            tokens
            and sep is not None
            and "\n" in sep.group(0)
            and _POSTCODE_RE.fullmatch(text, *tokens[-1])
        ):
            # A UK postcode closes an address: the next line is the next field ("Presenting
            # issue: ..."), not more of the address.
            return False
        if label and not tokens and tok.lower() == "the" and m.end() + 1 < len(text):
            # "Address: The Old Forge, ...": a house name may open with "The".
            return text[m.end()] == " " and text[m.end() + 1 : m.end() + 2].isupper()
        if tokens and sep is not None and "\n" not in sep.group(0):
            prev = text[tokens[-1][0] : tokens[-1][1]]
            if self._ends_sentence(prev) and not self._is_unit_or_street(tok):
                return False
        if m.group("num") or m.group("bracket"):
            return True
        low = tok.lower().rstrip("./")
        if low in PARTICLES or low in _EXTRA_PARTICLES:
            return bool(tokens) or corner  # "rue de la ...", first only in "ten Pas Pass"
        if self._is_unit_or_street(tok):
            return True
        if tokens and tok in _MISSING and self._before_number_or_line_end(text, m.end()):
            return True  # an empty field of an exported record: "Gdańsk, nan 84968"
        if tokens and len(tok.rstrip(".")) == 2 and tok.isupper():
            return True  # a region code in capitals, even one that is a word ("IN", "NO", "AT")
        if tok[0].isupper() and _ROAD_WORD_NEXT.match(text, m.end()):
            return True  # "Back Lane", "Top Road": an everyday word naming a street
        if low in _STOP or low in SOCIAL_CARE_TERMS:
            return False
        if tok[0].isupper():
            return True
        if lower:
            return True
        # A short region code written in lower case before a postal code ("delmas, mp 35739").
        nxt = _TOKEN.match(text, m.end() + 1) if m.end() + 1 < len(text) else None
        return len(low) <= 3 and nxt is not None and nxt.group("num") is not None

    @staticmethod
    def _before_number_or_line_end(text: str, pos: int) -> bool:
        return _NUMBER_OR_LINE_END.match(text, pos) is not None

    @staticmethod
    def _is_unit_or_street(tok: str) -> bool:
        low = tok.lower().rstrip("./")
        return low in STREET_WORDS or (len(low) > 5 and low.endswith(_STREET_ENDINGS))

    @staticmethod
    def _ends_sentence(prev: str) -> bool:
        """A part ending in a full stop that is no abbreviation ends the sentence ("Leeds.")."""
        if not prev.endswith("."):
            return False
        core = prev[:-1]
        if core.isdigit():
            return True
        return core.lower() not in _ABBREVIATIONS and len(core) > 1

    @staticmethod
    def _is_number(text: str, token: tuple[int, int]) -> bool:
        return text[token[0]].isdigit()

    def _plausible(self, text: str, span: list[tuple[int, int]], label: bool, lower: bool) -> bool:
        words = [text[s:e] for s, e in span]
        if len(words) < 2:
            return False
        # A date, a time or a quantity in or straight after the run: "moved to 2 weeks later".
        following = _NEXT_WORD.match(text, span[-1][1])
        lows = [w.lower().rstrip(".") for w in words]
        if following:
            lows.append(following.group(1).lower())
        if any(w in _NOT_ADDRESS for w in lows):
            return False
        numbers = [i for i, w in enumerate(words) if w[0].isdigit()]
        if not numbers:
            # A named house after an address label, with its postcode: "Address: The Old
            # Forge, Mill Lane, Leyburn DL8 5AA", or with a street: "Home address: The Old
            # Forge, Back Lane, Burley-in-Wharfedale".
            return label and (
                any(_POSTCODE_RE.fullmatch(w) for w in words)
                or (
                    len(words) >= 3
                    and words[0][0].isupper()
                    and any(w.lower().rstrip(".") in _ROAD_WORDS for w in words[1:])
                )
            )
        streetlike = any(self._is_unit_or_street(w) for w in words)
        if lower and not (streetlike or len(numbers) > 1):
            return False  # lower case proves nothing: "he moved to 2 different schools"
        if label:
            return True
        # After a residence or postal verb the address starts with its number ...
        if numbers[0] == 0:
            return len(words) >= 3 or streetlike
        # ... or is a continental "Street-name 12": a few words, then the number.
        return numbers[0] <= 4 and all(
            w[0].isupper() or self._is_unit_or_street(w) for w in words[: numbers[0]]
        )

    def _result(self, start: int, end: int, rule: str) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self.name,
            original_score=self.SCORE,
            textual_explanation=f"Detected by `{self.name}`: address {rule}",
        )
        return RecognizerResult(
            entity_type=self.supported_entities[0],
            start=start,
            end=end,
            score=self.SCORE,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
