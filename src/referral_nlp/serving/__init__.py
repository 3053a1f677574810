"""Serving: the HTTP service for case reviewers and governance.

- :mod:`.engine`: redact, score, band, flag and explain (no web framework);
- :mod:`.schemas`: the API's typed requests and responses;
- :mod:`.keys`: API keys with roles, stored hashed;
- :mod:`.audit`: the audit log (SQLite, WAL, no personal data);
- :mod:`.guard`: the ASGI middleware for keys, roles, request ids and body limits;
- :mod:`.batching`: adaptive micro-batching of concurrent requests;
- :mod:`.bentoml_service`: the BentoML service itself (``service/service.py`` imports it).

Importing this package loads no model; the BentoML service module is imported only by
``bentoml serve`` (it reads its settings from the environment at import).
"""

from referral_nlp.serving.audit import AuditLog, AuditRecord, input_digest
from referral_nlp.serving.batching import MicroBatcher
from referral_nlp.serving.engine import EngineSettings, ReviewEngine
from referral_nlp.serving.guard import GuardMiddleware
from referral_nlp.serving.keys import ROLE_PERMISSIONS, ROLES, ApiKey, KeyStore, default_keys_file

__all__ = [
    "ROLES",
    "ROLE_PERMISSIONS",
    "ApiKey",
    "AuditLog",
    "AuditRecord",
    "EngineSettings",
    "GuardMiddleware",
    "KeyStore",
    "MicroBatcher",
    "ReviewEngine",
    "default_keys_file",
    "input_digest",
]
