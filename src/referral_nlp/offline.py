"""Keep the library offline at run time.

Presidio's e-mail recogniser calls ``tldextract.extract``, whose default extractor downloads the
public-suffix list on first use. On a council's locked-down network (and in our tests) that either
hangs or fails, so we swap in an extractor that only reads the snapshot bundled with tldextract.
The Hugging Face libraries are told not to reach the hub unless the user has opted in.
"""

from __future__ import annotations

import logging
import os

logger = logging.getLogger(__name__)

_suffix_list_patched = False


def use_bundled_public_suffix_list() -> None:
    """Make ``tldextract.extract`` use its bundled public-suffix snapshot, never the network."""
    global _suffix_list_patched
    if _suffix_list_patched:
        return
    import tldextract.tldextract as tld

    # suffix_list_urls=() means "no remote source"; cache_dir=None keeps it from writing a cache.
    tld.TLD_EXTRACTOR = tld.TLDExtract(suffix_list_urls=(), cache_dir=None)
    _suffix_list_patched = True
    logger.debug("tldextract switched to its bundled public-suffix snapshot")


def default_hf_offline() -> None:
    """Default the Hugging Face libraries to offline mode unless the user set the variables."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
