"""The shared tables, as the stores read and write them (the migrations create them).

``scores``: one row per scored case (the audit log). ``time`` is UTC in one fixed ISO 8601
form (``2026-05-01T09:30:00.123+00:00``), so text order is time order on every backend, and
rows written by the SQLite-only audit log before migrations existed read unchanged. ``seq``
orders rows across replicas (a database sequence), ``request_id`` finds a request's rows.

``redactions``: one row per note redacted through ``POST /v1/redact`` (who, when, a keyed digest
of the text, how many spans were removed, how long it took; no text).

``api_keys``: one row per API key; ``sha256`` is the hash of the key, never the key.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = ["AUDIT_COLUMNS", "REDACTION_COLUMNS", "api_keys", "metadata", "redactions", "scores"]

metadata = sa.MetaData()


def _request_columns() -> list[sa.Column]:
    """Which request, when, by whom, through which path: the first columns of each audit
    table (new objects each call: a column belongs to one table)."""
    return [
        # SQLite's rowid is a 64-bit integer only when spelled INTEGER PRIMARY KEY.
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        sa.Column("time", sa.String(40), nullable=False),
        sa.Column("request_id", sa.String(64), nullable=False),
        sa.Column("key_name", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("endpoint", sa.String(64), nullable=False),
    ]


scores = sa.Table(
    "scores",
    metadata,
    *_request_columns(),
    sa.Column("model_version", sa.String(80), nullable=False),
    sa.Column("model_sha256", sa.String(64), nullable=False),
    sa.Column("precision", sa.String(16), nullable=False),
    sa.Column("input_sha256", sa.String(64), nullable=False),
    sa.Column("re_referral_probability", sa.Float(), nullable=False),
    sa.Column("re_referral_band", sa.String(16), nullable=False),
    sa.Column("re_referral_flagged", sa.Boolean(), nullable=False),
    sa.Column("escalation_probability", sa.Float(), nullable=False),
    sa.Column("escalation_band", sa.String(16), nullable=False),
    sa.Column("escalation_flagged", sa.Boolean(), nullable=False),
    sa.Column("latency_ms", sa.Float(), nullable=False),
    sa.Index("ix_scores_time", "time"),
    sa.Index("ix_scores_request_id", "request_id"),
    sqlite_autoincrement=True,
)

#: The audit columns a record fills (all but ``seq``), in table order.
AUDIT_COLUMNS: tuple[str, ...] = tuple(c.name for c in scores.columns if c.name != "seq")

redactions = sa.Table(
    "redactions",
    metadata,
    *_request_columns(),
    sa.Column("input_sha256", sa.String(64), nullable=False),
    sa.Column("entities", sa.Integer(), nullable=False),
    sa.Column("latency_ms", sa.Float(), nullable=False),
    sa.Index("ix_redactions_time", "time"),
    sqlite_autoincrement=True,
)

#: The columns a redaction record fills (all but ``seq``), in table order.
REDACTION_COLUMNS: tuple[str, ...] = tuple(c.name for c in redactions.columns if c.name != "seq")

api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("created", sa.String(40), nullable=False),
)
