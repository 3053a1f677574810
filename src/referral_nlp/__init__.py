"""referral-nlp: redact, model and serve children's social care referral notes.

Import what you need from the sub-packages; nothing heavy (spaCy, torch) loads at import time.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("referral-nlp")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+local"

__all__ = ["__version__"]
