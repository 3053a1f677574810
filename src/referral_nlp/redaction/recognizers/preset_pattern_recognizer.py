"""PresetPatternRecognizer: a PatternRecognizer whose defaults are its class constants.

Presidio's predefined recognisers each repeat one constructor: patterns, context, language and
entity as arguments, each falling back to a class constant. Here that constructor is written once;
a recogniser states its ``PATTERNS``, ``CONTEXT``, ``ENTITY`` and, where case matters to its
patterns, ``GLOBAL_REGEX_FLAGS``, and the arguments still override them as in Presidio.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer


class PresetPatternRecognizer(PatternRecognizer):
    """Patterns, context, entity and regex flags from class constants, overridable per instance.

    :param patterns: Patterns to use instead of :attr:`PATTERNS`.
    :param context: Context words to use instead of :attr:`CONTEXT`.
    :param supported_language: Language this recogniser supports.
    :param supported_entity: Entity name reported for each match, instead of :attr:`ENTITY`.
    :param name: Recogniser name (defaults to the class name).
    """

    PATTERNS: ClassVar[list[Pattern]] = []
    CONTEXT: ClassVar[list[str]] = []
    ENTITY: ClassVar[str]
    #: Presidio's default flags. A recogniser whose patterns tell a name by its capitals drops
    #: IGNORECASE, which would let "[A-Z]" match any word.
    GLOBAL_REGEX_FLAGS: ClassVar[int] = re.DOTALL | re.MULTILINE | re.IGNORECASE

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "en",
        supported_entity: str | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity if supported_entity else self.ENTITY,
            patterns=patterns if patterns else self.default_patterns(),
            context=context if context else self.CONTEXT,
            supported_language=supported_language,
            name=name,
            global_regex_flags=self.GLOBAL_REGEX_FLAGS,
        )

    def default_patterns(self) -> list[Pattern]:
        """The patterns used when none are given: :attr:`PATTERNS`, unless built at run time."""
        return self.PATTERNS
