"""BentoML entry point: ``bentoml serve service.service:ReferralNLP`` from the repository root.

The service is defined in the library (``referral_nlp.serving.bentoml_service``) so that the
installed ``referral-nlp serve`` and ``bentoml build`` use the same code; this file only names
it for BentoML. Settings come from the environment (see ``referral_nlp.serving.settings``).
"""

from referral_nlp.serving.bentoml_service import ReferralNLP

__all__ = ["ReferralNLP"]
