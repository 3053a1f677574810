"""One Hyperscan pass per note that tells which recogniser patterns cannot match it.

Some 180 recogniser patterns each scan every note with the ``regex`` engine, and most find
nothing in most notes: on the benchmark's speed notes, 92% of the patterns' regex time went to
notes where the pattern had no match. Hyperscan compiles all of them into one automaton that
reads a note once and reports which patterns *may* match (its prefilter mode reports a superset
of the true matches: a constraint it cannot represent, such as a look-behind or a back
reference, is relaxed, never tightened). A pattern it does not report is skipped; every other
pattern runs exactly as before, so the redaction is unchanged. Hyperscan is Intel's multi-regex
engine behind Snort and Suricata; we write our own glue because Presidio runs one pattern at a
time and has no hook for a shared pass.

Why the rewrite (:func:`prefilter_regex`): with Hyperscan's Unicode classes (``HS_FLAG_UCP``)
the patterns took 37 s to compile; in its ASCII mode they take about a second, but there
``\\w``, ``\\d``, ``\\s`` and ``\\b`` mean their ASCII selves while the ``regex`` engine reads
them as Unicode. The rewrite widens each of them until every non-ASCII character is allowed
where Python might accept one, so the ASCII automaton still reports a superset. Case folding
needs no rewrite: Hyperscan folds Unicode case in UTF-8 mode with or without UCP (the
table-driven tests check the characters whose case partners are ASCII letters).

Fails safe towards running patterns: without Hyperscan, for a pattern it cannot compile, or if a
scan fails, every pattern runs. The property test in ``tests/redaction/test_pattern_prefilter.py``
checks the superset on the project's notes and on adversarial Unicode variants of them.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import regex

logger = logging.getLogger(__name__)

#: Every code point outside ASCII, as Hyperscan writes a range in UTF-8 mode.
_NON_ASCII = r"\x{80}-\x{10FFFF}"

#: ASCII members of the complements of \w, \d and \s: inside a negated class, ``[^\W\d]`` must
#: still admit non-ASCII letters, so the complement is restricted to ASCII.
_ASCII_COMPLEMENT = {
    "W": r"\x00-\x2F\x3A-\x40\x5B-\x5E\x60\x7B-\x7F",
    "D": r"\x00-\x2F\x3A-\x7F",
    "S": r"\x00-\x08\x0E-\x1B\x21-\x7F",
}
#: What \w, \d and \s admit beyond their ASCII reading: any non-ASCII character, and for \s
#: the separators \x1C-\x1F, which the standard library's ``re`` counts as space.
_WIDEN = {"w": _NON_ASCII, "d": _NON_ASCII, "s": r"\x1C-\x1F" + _NON_ASCII}


class PrefilterSyntaxError(ValueError):
    """A pattern uses syntax :func:`prefilter_regex` does not rewrite; it always runs."""


#: The non-ASCII characters ``regex`` or ``re`` fold onto an ASCII letter when ignoring case and
#: Hyperscan may not ("Mİdwife" matches "midwife"); a test recomputes this from both engines.
ASCII_CASE_PARTNERS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
_PARTNERS = "".join(sorted(ASCII_CASE_PARTNERS.values()))
_GROUP_FLAGS = regex.compile(r"\(\?([aiLmsux]*)(?:-([imsx]+))?([:)])")
_BOUNDED_REPEAT = regex.compile(r"\{(\d*),(\d*)\}")

#: A repeat bounded above this many becomes unbounded (``{0,28}`` is ``{0,}``), a superset.
#: Hyperscan unrolls a bounded repeat into that many copies of its class, and a class such as
#: ``[\p{L}0-9_.]`` is a sizeable UTF-8 automaton: four username patterns with ``{0,28}``
#: took 33 of the 42 s the patterns took to compile one by one (all of them in databases of
#: 20: 52 s, paid by every process that redacts). Unbounded, all of them compile in about 6 s,
#: and a note the looser pattern lets through only runs the real pattern, as any match does.
LONGEST_BOUNDED_REPEAT = 8


def prefilter_regex(pattern: str, flags: int = 0) -> str:
    r"""A Hyperscan pattern (ASCII mode, UTF-8) whose matches include all of ``pattern``'s.

    ``\b`` and ``\B`` are dropped; ``\w``, ``\d`` and ``\s`` also admit any non-ASCII
    character; where case is ignored (``flags`` or an inline ``(?i``), a letter also admits the
    characters ``regex`` folds onto it; ``\uXXXX`` becomes ``\x{XXXX}``, ``{,n}`` ``{0,n}``
    (a bound above :data:`LONGEST_BOUNDED_REPEAT` is dropped: ``{m,}``), and a repeated group
    name is renamed (Hyperscan refuses duplicates and captures nothing anyway).
    Raises :class:`PrefilterSyntaxError` for what it does not rewrite (POSIX classes, nested
    sets, a global flag after the start); such a pattern runs on every note.
    """
    return _Rewriter(pattern, bool(flags & regex.IGNORECASE)).run()


class _Rewriter:
    """One left-to-right pass over a pattern, tracking character classes and case scopes."""

    def __init__(self, pattern: str, caseless: bool) -> None:
        self.pattern, self.caseless = pattern, caseless
        self.out: list[str] = []
        self.scopes: list[bool] = []  # caseless state to restore at each ")"
        self.names: dict[str, int] = {}

    def run(self) -> str:
        pattern, i = self.pattern, 0
        while i < len(pattern):
            if not self.out and pattern.startswith("(?<=", i):
                # A look-behind that opens the pattern becomes text the match consumes: a note
                # with a match holds the look-behind's text right before it, so this matches
                # too, and the cue it asks for now screens the note ("aged 7" needs "aged").
                self.scopes.append(self.caseless)
                self.out.append("(?:")
                i += 4
            elif pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
                i = self._group_end(i)  # any other look-around only narrows a match
            elif pattern[i] == "[":
                i = self._char_class(i)
            elif pattern[i] == "\\":
                i = self._escape(i, in_class=False, negated=False)
            elif pattern[i] == "(":
                i = self._group_open(i)
            elif pattern[i] == ")":
                if self.scopes:
                    self.caseless = self.scopes.pop()
                self.out.append(")")
                i += 1
            elif repeat := _BOUNDED_REPEAT.match(pattern, i):
                i = self._bounded_repeat(repeat)
            else:
                self.out.append(self._literal(pattern[i]))
                i += 1
        return "".join(self.out)

    def _bounded_repeat(self, repeat: regex.Match[str]) -> int:
        # Python's "{,n}" is "{0,n}"; PCRE may read it as text
        lower, upper = repeat.group(1) or "0", repeat.group(2)
        if not upper or int(upper) > LONGEST_BOUNDED_REPEAT:  # "{,}" is "{0,}" too
            self.out.append(f"{{{lower},}}")
        else:
            self.out.append(f"{{{lower},{upper}}}")
        return repeat.end()

    def _group_end(self, i: int) -> int:
        """The index after the group that opens at ``i``."""
        pattern, depth = self.pattern, 0
        while i < len(pattern):
            ch = pattern[i]
            if ch == "\\":
                i += 2
                continue
            if ch == "[":
                i = self._class_end(i)
                continue
            depth += {"(": 1, ")": -1}.get(ch, 0)
            i += 1
            if depth == 0:
                return i
        raise PrefilterSyntaxError("unbalanced group")

    def _class_end(self, i: int) -> int:
        pattern = self.pattern
        i += 2 if pattern.startswith("[^", i) else 1
        first = True
        while i < len(pattern):
            if pattern[i] == "\\":
                i += 2
            elif pattern[i] == "]" and not first:
                return i + 1
            else:
                i += 1
            first = False
        raise PrefilterSyntaxError("unclosed character class")

    def _literal(self, ch: str) -> str:
        if not self.caseless:
            return ch
        if ch.lower() in ASCII_CASE_PARTNERS:
            return f"[{ch}{ASCII_CASE_PARTNERS[ch.lower()]}]"
        if ord(ch) > 0x7F and ch.lower() != ch.upper():
            return f"[{_NON_ASCII}]"  # a cased non-ASCII letter: any fold Python may make
        return ch

    def _escape(self, i: int, in_class: bool, negated: bool) -> int:
        pattern = self.pattern
        if i + 1 >= len(pattern):
            raise PrefilterSyntaxError("pattern ends in a backslash")
        esc = pattern[i + 1]
        if esc in "xpPN" and pattern.startswith("{", i + 2):
            close = pattern.find("}", i)
            if close < 0:
                raise PrefilterSyntaxError(f"unclosed \\{esc}{{ at {i}")
            self.out.append(pattern[i : close + 1])
            return close + 1
        if esc == "u":
            self.out.append(r"\x{" + pattern[i + 2 : i + 6] + "}")
            return i + 6
        if in_class and esc in "wds" and not negated:
            self.out.append("\\" + esc + _WIDEN[esc])
        elif in_class and esc in "WDS" and negated:
            self.out.append(_ASCII_COMPLEMENT[esc])
        elif not in_class and esc in "bB":
            pass  # a boundary only narrows a match
        elif not in_class and esc in "wds":
            self.out.append("[\\" + esc + _WIDEN[esc] + "]")
        else:
            self.out.append("\\" + esc)
        return i + 2

    def _group_open(self, i: int) -> int:
        pattern = self.pattern
        self.scopes.append(self.caseless)
        flags = _GROUP_FLAGS.match(pattern, i)
        if flags:
            on, off, kind = flags.groups()
            if kind == ")":  # "(?i)": global; Python applies it to all the pattern, PCRE not
                self.scopes.pop()
                if i > 0:
                    raise PrefilterSyntaxError(f"global inline flag at {i}")
            if "i" in on:
                self.caseless = True
            if off and "i" in off:
                self.caseless = False
            self.out.append(flags.group())
            return flags.end()
        if pattern.startswith(("(?P<", "(?P="), i):
            close = pattern.find(">" if pattern[i + 3] == "<" else ")", i)
            if close < 0:
                raise PrefilterSyntaxError(f"unclosed group name at {i}")
            if pattern[i + 3] == "=":  # a back reference: no group opens
                self.scopes.pop()
                self.out.append(pattern[i : close + 1])
                return close + 1
            name = pattern[i + 4 : close]
            self.names[name] = self.names.get(name, 0) + 1
            suffix = f"_{self.names[name]}" if self.names[name] > 1 else ""
            self.out.append(f"(?P<{name}{suffix}>")
            return close + 1
        for opener in ("(?:", "(?>", "(?#"):
            if pattern.startswith(opener, i):
                if opener == "(?#":
                    raise PrefilterSyntaxError(f"comment group at {i}")
                self.out.append(opener)
                return i + len(opener)
        if pattern.startswith("(?", i):
            raise PrefilterSyntaxError(f"group kind {pattern[i : i + 4]!r} at {i}")
        self.out.append("(")
        return i + 1

    def _char_class(self, i: int) -> int:
        pattern = self.pattern
        negated = pattern.startswith("[^", i)
        i += 2 if negated else 1
        self.out.append("[^" if negated else "[")
        first, letters, cased_non_ascii = True, False, False
        while i < len(pattern):
            ch = pattern[i]
            if ch == "\\":
                letters = True  # an escaped endpoint may name a letter: widen, to be safe
                i = self._escape(i, in_class=True, negated=negated)
            elif ch == "[":
                raise PrefilterSyntaxError(f"nested set or POSIX class at {i}")
            elif ch == "]" and not first:
                if self.caseless and not negated:
                    # a negated class already admits what Hyperscan does not fold
                    self.out.append(
                        (_PARTNERS if letters else "") + (_NON_ASCII if cased_non_ascii else "")
                    )
                self.out.append("]")
                return i + 1
            else:
                letters = letters or "a" <= ch.lower() <= "z" or (ch == "-" and not first)
                cased_non_ascii = cased_non_ascii or (ord(ch) > 0x7F and ch.lower() != ch.upper())
                self.out.append(ch)
                i += 1
            first = False
        raise PrefilterSyntaxError("unclosed character class")


def _hyperscan_flags(hs: Any, regex_flags: int) -> int:
    flags = hs.HS_FLAG_PREFILTER | hs.HS_FLAG_UTF8 | hs.HS_FLAG_SINGLEMATCH
    flags |= hs.HS_FLAG_ALLOWEMPTY
    if regex_flags & regex.IGNORECASE:
        flags |= hs.HS_FLAG_CASELESS
    if regex_flags & regex.DOTALL:
        flags |= hs.HS_FLAG_DOTALL
    if regex_flags & regex.MULTILINE:
        flags |= hs.HS_FLAG_MULTILINE
    return flags


#: Patterns per Hyperscan database. One database of all ~180 patterns took 8-9 s to compile,
#: databases of 20 took 3.6 s in all and scan as fast (0.06 s for the speed notes, all of them);
#: today's 215 patterns take about 6 s in databases of 20 (see ``LONGEST_BOUNDED_REPEAT``).
_CHUNK = 20

#: Compiled databases per pattern set, shared by every prefilter in the process (tests and the
#: service build several redactors from the same recognisers).
_COMPILED: dict[tuple[tuple[str, int], ...], tuple[list[Any], frozenset[int]]] = {}
_COMPILE_LOCK = threading.Lock()


def _compile_databases(keys: tuple[tuple[str, int], ...]) -> tuple[list[Any], frozenset[int]]:
    """Hyperscan databases for ``keys`` in chunks, and the indices left to run unfiltered."""
    import hyperscan as hs

    rewritten: dict[int, tuple[bytes, int]] = {}
    for i, (pattern, regex_flags) in enumerate(keys):
        with contextlib.suppress(PrefilterSyntaxError):  # left to run on every note
            rewritten[i] = (
                prefilter_regex(pattern, regex_flags).encode(),
                _hyperscan_flags(hs, regex_flags),
            )
    databases = []
    ids = list(rewritten)
    for k in range(0, len(ids), _CHUNK):
        chunk = {i: rewritten[i] for i in ids[k : k + _CHUNK]}
        database = _try_compile(hs, chunk)
        if database is None:  # find the patterns Hyperscan refuses, one by one
            chunk = {i: e for i, e in chunk.items() if _try_compile(hs, {i: e}) is not None}
            database = _try_compile(hs, chunk)
            for i in set(ids[k : k + _CHUNK]) - set(chunk):
                del rewritten[i]
        if database is not None:
            databases.append(database)
    always = frozenset(range(len(keys))) - frozenset(rewritten)
    logger.info(
        "pattern prefilter: %d of %d patterns screened in %d databases",
        len(rewritten),
        len(keys),
        len(databases),
    )
    return databases, always


def _try_compile(hs: Any, chunk: dict[int, tuple[bytes, int]]) -> Any:
    if not chunk:
        return None
    database = hs.Database()
    try:
        database.compile(
            expressions=[e for e, _ in chunk.values()],
            ids=list(chunk),
            elements=len(chunk),
            flags=[f for _, f in chunk.values()],
        )
    except hs.error:
        return None
    return database


class PatternPrefilter:
    """The patterns that may match a text, from one Hyperscan pass; compiled on first use.

    Patterns are keyed by ``(pattern, flags)``, so recognisers that share a ``Pattern`` object
    (class constants) share its key. :meth:`possible` answers ``None`` for "run everything".
    """

    def __init__(self, patterns: Iterable[tuple[str, int]]) -> None:
        self._keys = tuple(dict.fromkeys(patterns))
        self._index = {key: i for i, key in enumerate(self._keys)}
        self._databases: list[Any] | None = None
        self._always: frozenset[int] = frozenset()
        self._local = threading.local()
        #: Notes whose answer each thread keeps. A redactor asks about one note at a time, so
        #: one is enough; a profiler that runs each recogniser over all notes keeps them all.
        self.cache_notes = 1

    def __getstate__(self) -> dict[str, Any]:
        # Compiled databases and their scratch do not pickle; a worker compiles its own.
        return {"patterns": self._keys}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["patterns"])

    def compile(self) -> None:
        """Compile now (once per process and pattern set); a no-op without Hyperscan."""
        if self._databases is not None:
            return
        with _COMPILE_LOCK:
            if self._keys not in _COMPILED:
                try:
                    _COMPILED[self._keys] = _compile_databases(self._keys)
                except ImportError:
                    logger.info("hyperscan is not installed: every pattern scans every note")
                    _COMPILED[self._keys] = ([], frozenset(range(len(self._keys))))
            self._databases, self._always = _COMPILED[self._keys]

    def possible(self, text: str) -> frozenset[int] | None:
        """Indices of the patterns that may match ``text``; ``None`` when all must run."""
        self.compile()
        if not self._databases:
            return None
        local = self._local
        cache: dict[str, frozenset[int]] = local.__dict__.setdefault("cache", {})
        if text in cache:
            return cache[text]
        import hyperscan as hs

        if getattr(local, "scratches", None) is None:  # a scratch space per thread and database
            local.scratches = [hs.Scratch(database) for database in self._databases]
        found = set(self._always)

        def on_match(pattern_id: int, start: int, end: int, flags: int, context: Any) -> None:
            found.add(pattern_id)

        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: Hyperscan reads valid UTF-8 only
            return None
        try:
            for database, scratch in zip(self._databases, local.scratches, strict=True):
                database.scan(data, match_event_handler=on_match, scratch=scratch)
        except hs.error:
            logger.warning("pattern prefilter scan failed: every pattern runs on this note")
            return None
        while cache and len(cache) >= self.cache_notes:
            del cache[next(iter(cache))]
        cache[text] = frozenset(found)
        return cache[text]

    def index(self, pattern: str, flags: int) -> int:
        """The number this prefilter knows ``(pattern, flags)`` by."""
        return self._index[(pattern, flags)]

    def may_match(self, pattern: str, flags: int, text: str) -> bool:
        """False only when the pattern certainly has no match in ``text``."""
        return self.may_match_index(self.index(pattern, flags), text)

    def may_match_index(self, index: int, text: str) -> bool:
        possible = self.possible(text)
        return possible is None or index in possible


class PrefilteredRegex:
    """A compiled pattern whose ``finditer`` returns nothing where the prefilter rules it out.

    Everything else (``search``, ``groupindex`` …) is the compiled pattern's own.
    """

    def __init__(self, compiled: Any, prefilter: PatternPrefilter, flags: int) -> None:
        self._compiled = compiled
        self._prefilter = prefilter
        # Looked up once: every note asks each pattern, and the key holds the whole pattern.
        self._index = prefilter.index(compiled.pattern, flags)

    def finditer(self, text: str, *args: Any, **kwargs: Any) -> Iterator[Any]:
        if args or set(kwargs) - {"timeout"}:  # a slice of the text: no shortcut
            return self._compiled.finditer(text, *args, **kwargs)
        if not self.may_match(text):
            return iter(())
        return self._compiled.finditer(text, *args, **kwargs)

    def may_match(self, text: str) -> bool:
        """False only when this pattern certainly has no match in ``text``."""
        return self._prefilter.may_match_index(self._index, text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._compiled, name)


def install_prefilter(recognizers: Iterable[Any]) -> PatternPrefilter:
    """Give the patterns of ``recognizers`` one shared prefilter, and return it.

    A Presidio ``PatternRecognizer``'s patterns are compiled now with its flags, as Presidio
    would on first use, and wrapped (a recogniser analysing with other flags recompiles and runs
    unfiltered). A recogniser that runs compiled patterns of its own lists them as
    ``compiled_patterns`` (pairs of a ``Pattern`` and its compiled form, ``regex`` or ``re``),
    and gets the list back wrapped.
    """
    from presidio_analyzer import PatternRecognizer

    pattern_recognizers = [r for r in recognizers if isinstance(r, PatternRecognizer)]
    holders = [r for r in recognizers if getattr(r, "compiled_patterns", None)]
    prefilter = PatternPrefilter(
        [(p.regex, r.global_regex_flags) for r in pattern_recognizers for p in r.patterns]
        + [(c.pattern, c.flags) for r in holders for _, c in r.compiled_patterns]
    )
    for recognizer in pattern_recognizers:
        flags = recognizer.global_regex_flags
        for pattern in recognizer.patterns:
            compiled = regex.compile(pattern.regex, flags=flags)
            pattern.compiled_regex = PrefilteredRegex(compiled, prefilter, flags)
            pattern.compiled_with_flags = flags
    for recognizer in holders:
        recognizer.compiled_patterns = [
            (pattern, PrefilteredRegex(getattr(c, "_compiled", c), prefilter, c.flags))
            for pattern, c in recognizer.compiled_patterns
        ]
    return prefilter
