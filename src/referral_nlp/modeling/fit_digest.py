"""What a baseline's fit read, as one sha256: the code, the settings and the records.

:meth:`~.baselines._Baseline.fit` takes a saved fit (the model's n-gram part, for ``tfidf_lr``)
instead of computing it again only when the two digests match. A hash of the fitting code's
own source files and the numeric libraries' versions stands in for a version number that
someone must remember to bump: any edit to those files forces a refit, which costs a minute
and is never a wrong row. Holds no record: it is a hash.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from referral_nlp.modeling.features import record_value

__all__ = ["FIT_SOURCES", "fit_digest"]


def fit_digest(
    settings: Mapping[str, Any], fields: Sequence[str], splits: Iterable[Sequence[Any]]
) -> str:
    """sha256 of the fitting code, ``settings``, and each record's ``fields`` in each split, in
    order (the split boundaries count: a record moved from validation to train changes it)."""
    head = {**settings, "code": _fit_code_digest()}
    digest = hashlib.sha256(json.dumps(head, sort_keys=True).encode("utf-8"))
    for split in splits:
        digest.update(b"\x00split")
        for record in split:
            values = [record_value(record, name) for name in fields]
            digest.update(json.dumps(values, default=_typed).encode("utf-8") + b"\n")
    return digest.hexdigest()


def _typed(value: Any) -> str:
    """A value json cannot write, with its type: ``np.float32(1.5)`` and ``"1.5"`` are read
    differently by the fit, so they must not hash alike."""
    return f"{type(value).__module__}.{type(value).__qualname__}:{value!r}"


#: The source that turns records into heads, relative to the package (read as files, not
#: imported: ``baselines`` imports this module).
FIT_SOURCES: tuple[str, ...] = (
    "modeling/baselines.py",
    "modeling/features.py",
    "modeling/negation_scope.py",
    "modeling/sentences.py",
    "modeling/shared_weights.py",
    "data/schema.py",
    "data/values.py",
)


@functools.cache
def _fit_code_digest() -> str:
    """sha256 of :data:`FIT_SOURCES` and of the numeric libraries' versions.

    A saved fit from other code (a changed bin rule or negation cue, another scikit-learn) is
    not what a refit here would compute, so it must not be taken for one.
    """
    import numpy as np
    import scipy
    import sklearn

    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for source in FIT_SOURCES:
        digest.update((package / source).read_bytes())
    for version in (np.__version__, scipy.__version__, sklearn.__version__):
        digest.update(version.encode("utf-8"))
    return digest.hexdigest()
