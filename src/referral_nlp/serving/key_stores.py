"""Which key store the service and the ``keys`` commands use: the keys file or the database.

Its own module because it sits above both stores: :mod:`referral_nlp.serving.keys` (the file
store and what a key is) and :mod:`referral_nlp.serving.sql_key_store` (the shared table), which
itself builds on ``serving.keys``. Kept in ``keys.py`` it made the two modules import each other.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from referral_nlp.serving.keys import KeyStore

if TYPE_CHECKING:
    from referral_nlp.serving.sql_key_store import SqlKeyStore

__all__ = ["open_key_store"]


def open_key_store(location: str | Path | None = None) -> KeyStore | SqlKeyStore:
    """The key store at ``location``: a database URL (the shared ``api_keys`` table), a keys
    file, or None: ``$REFERRAL_NLP_DATABASE_URL`` when set, else the default keys file. Both
    stores have ``path``, ``entries``, ``lookup``, ``add`` and ``revoke``."""
    # The storage modules load SQLAlchemy, so they are imported only when a database is named:
    # a service on the keys file starts without it.
    from referral_nlp.storage.database import DATABASE_URL_ENV

    if location is None:
        location = os.environ.get(DATABASE_URL_ENV, "").strip() or None
    if location is not None and "://" in str(location) and not isinstance(location, Path):
        from referral_nlp.serving.sql_key_store import SqlKeyStore

        return SqlKeyStore(str(location))
    return KeyStore(location)
