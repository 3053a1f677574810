"""Write a generated corpus to disk: the three splits and the data card, each atomically.

All metrics are computed before the first file is written, so a failure leaves nothing
half-written; each file goes through :func:`referral_nlp.io.atomic_writer` and appears only when
complete.
"""

from __future__ import annotations

import logging
from pathlib import Path

from referral_nlp.data.splits import DATA_CARD_NAME, SPLITS, check_no_leakage
from referral_nlp.data.synthetic.card import card_metrics, render_card
from referral_nlp.data.synthetic.corpus import SyntheticCorpus
from referral_nlp.errors import UserError
from referral_nlp.io import atomic_writer, write_records

logger = logging.getLogger(__name__)

OUTPUT_FORMATS = ("jsonl", "parquet")


def write_corpus(
    corpus: SyntheticCorpus,
    out_dir: str | Path,
    *,
    parquet: bool = False,
    text_model: bool = True,
) -> dict[str, Path]:
    """Write ``train/validation/test.jsonl`` (and ``.parquet`` copies) and ``data_card.md``.

    Returns the paths written, by name. ``text_model`` adds the TF-IDF baseline to the card.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UserError(f"out: {out} exists and is not a directory.")
    check_no_leakage(corpus.splits)
    card = render_card(card_metrics(corpus, text_model=text_model))
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name in SPLITS:
        path = out / f"{name}.jsonl"
        write_records(path, corpus.splits[name], "jsonl")
        written[name] = path
        if parquet:
            ppath = out / f"{name}.parquet"
            write_records(ppath, corpus.splits[name], "parquet")
            written[f"{name}.parquet"] = ppath
    card_path = out / DATA_CARD_NAME
    with atomic_writer(card_path) as fh:
        fh.write(card)
    written["data_card"] = card_path
    logger.info("wrote %d records to %s", len(corpus.records), out)
    return written
