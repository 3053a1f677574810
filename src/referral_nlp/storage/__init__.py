"""The shared records of the service: the audit log and the API keys, in one SQL database.

- :mod:`.database`: the URL (``REFERRAL_NLP_DATABASE_URL``; default the SQLite file
  ``.referral-nlp/audit.sqlite3``), engines, reachability, passwords kept out of every message;
- :mod:`.tables`: the tables as the stores use them;
- :mod:`.migrate`: the Alembic migrations shipped in ``migrations/`` (``referral-nlp db
  upgrade``; the SQLite default upgrades itself);
- :mod:`.audit_store`: the store behind :class:`referral_nlp.serving.audit.AuditLog`.

The API keys' table is read by :mod:`referral_nlp.serving.sql_key_store`, which lives beside
what a key is (:mod:`referral_nlp.serving.keys`): this package is plumbing below the service
and imports nothing from it.

``referral-nlp db`` lives in :mod:`referral_nlp.commands.storage`.
"""
