"""A council's Standard Safeguarding Dataset (SSD) extract as labelled closed-case records.

:func:`~referral_nlp.data.ssd.reader.read_ssd` reads and checks the tables,
:func:`~referral_nlp.data.ssd.history.build_histories` orders each child's events up to the
extract date, :func:`~referral_nlp.data.ssd.text_export.join_text_export` joins the case notes,
and :func:`~referral_nlp.data.ssd.records.build_records` makes one record per closed episode
with its labels (:mod:`referral_nlp.data.ssd.labels`). ``referral-nlp prepare``
(:mod:`referral_nlp.data.prepare`) runs them and splits the result.
"""

from referral_nlp.data.ssd.history import Histories, build_histories
from referral_nlp.data.ssd.reader import SSDExtract, read_ssd
from referral_nlp.data.ssd.records import REASONS, BuiltRecords, build_records
from referral_nlp.data.ssd.text_export import JoinedText, TextMapping, join_text_export

__all__ = [
    "REASONS",
    "BuiltRecords",
    "Histories",
    "JoinedText",
    "SSDExtract",
    "TextMapping",
    "build_histories",
    "build_records",
    "join_text_export",
    "read_ssd",
]
