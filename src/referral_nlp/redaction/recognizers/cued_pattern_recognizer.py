"""CuedPatternRecognizer: a PatternRecognizer for values that follow a cue word.

Presidio reports a pattern's whole match, so a cue that must stay readable ("sort code",
"Snapchat name") has to be a look-behind, and the regex engine then runs that look-behind at
every position of every note. Here a pattern may name the part to report in a ``value`` group and
consume its cue, and the patterns that need a cue (``CUED_PATTERNS``) run only when one fast
search (``CUE_SCREEN``) finds a cue word in the note at all; most notes hold none (the search
runs only if the pattern prefilter has not already ruled the cued patterns out). Validation,
invalidation and scores work as in Presidio's ``PatternRecognizer``. A recogniser whose matches
need the whole note to judge (a chat's speakers, a word the dictionary holds) overrides
:meth:`CuedPatternRecognizer.refine` rather than repeating ``analyze``.
"""

from __future__ import annotations

import re
from typing import ClassVar

import regex
from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

VALUE_GROUP = "value"


def after_label(number_words: str | None = r"no\b\.?|number", separators: str = r":#=\-") -> str:
    r"""What may stand between a label and its value: "ULN no. is: ", "a/c number = ", "reg (".

    The label's word boundary, an optional full stop, one of ``number_words`` ("no.", "number";
    none where the label holds it), "is" or "was", and one of ``separators``, each optional and
    spaced by at most one space; the value itself may stand several spaces or a tab after, as
    a scanned or exported form aligns it ("Sort code:   30-94-57").
    """
    number = "" if number_words is None else r"(?:" + number_words + r")?[ ]?"
    return r"\b\.?[ ]?" + number + r"(?:is|was)?[ ]?[" + separators + r"]?[ \t]{0,8}"


class CuedPatternRecognizer(PatternRecognizer):
    """Patterns with an optional ``value`` group; cue patterns screened by one cheap search."""

    #: Finds any cue word; where it finds none, the patterns in ``CUED_PATTERNS`` are skipped.
    CUE_SCREEN: ClassVar[re.Pattern[str] | None] = None
    CUED_PATTERNS: ClassVar[frozenset[str]] = frozenset()

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        flags = regex_flags if regex_flags else self.global_regex_flags
        skip_cued: bool | None = None  # screened once, when a cued pattern would first run
        results: list[RecognizerResult] = []
        for pattern in self.patterns:
            if not pattern.compiled_regex or pattern.compiled_with_flags != flags:
                pattern.compiled_with_flags = flags
                pattern.compiled_regex = regex.compile(pattern.regex, flags=flags)
            if self.CUE_SCREEN is not None and pattern.name in self.CUED_PATTERNS:
                # The pattern prefilter rules most cued patterns out first, screen or none.
                may_match = getattr(pattern.compiled_regex, "may_match", None)
                if may_match is not None and not may_match(text):
                    continue
                if skip_cued is None:
                    skip_cued = self.CUE_SCREEN.search(text) is None
                if skip_cued:
                    continue
            has_value = VALUE_GROUP in pattern.compiled_regex.groupindex
            for match in pattern.compiled_regex.finditer(text):
                start, end = match.span(VALUE_GROUP) if has_value else match.span()
                if start == end:
                    continue
                value = text[start:end]
                validation = self.validate_result(value)
                score = pattern.score
                if validation is not None:
                    score = EntityRecognizer.MAX_SCORE if validation else EntityRecognizer.MIN_SCORE
                if self.invalidate_result(value):
                    score = EntityRecognizer.MIN_SCORE
                if score <= EntityRecognizer.MIN_SCORE:
                    continue
                explanation = self.build_regex_explanation(
                    self.name, pattern.name, pattern.regex, pattern.score, validation, flags
                )
                explanation.score = score
                results.append(
                    RecognizerResult(
                        entity_type=self.supported_entities[0],
                        start=start,
                        end=end,
                        score=score,
                        analysis_explanation=explanation,
                        recognition_metadata={
                            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        },
                    )
                )
        return self.refine(text, EntityRecognizer.remove_duplicates(results), nlp_artifacts)

    def refine(
        self, text: str, results: list[RecognizerResult], nlp_artifacts: NlpArtifacts | None
    ) -> list[RecognizerResult]:
        """The results to report, given every match and the note: all of them by default.

        Override to drop matches that only the note as a whole rules out, or to add results
        that no single pattern finds; ``nlp_artifacts`` is ``None`` outside the analyser.
        """
        return results
