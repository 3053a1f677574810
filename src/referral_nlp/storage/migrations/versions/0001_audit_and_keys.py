"""The audit log (scores) and the API keys (api_keys).

A SQLite audit file written before migrations existed already has ``scores``, perhaps without
``precision`` (added later; its rows were all scored in float32): it is adopted as it is, and
the column added where it is missing.

Revision ID: 0001
Revises:
Create Date: 2026-05-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    tables = set(inspector.get_table_names())
    if "scores" not in tables:
        op.create_table(
            "scores",
            sa.Column(
                "seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True
            ),
            sa.Column("time", sa.String(40), nullable=False),
            sa.Column("request_id", sa.String(64), nullable=False),
            sa.Column("key_name", sa.String(64), nullable=False),
            sa.Column("role", sa.String(16), nullable=False),
            sa.Column("endpoint", sa.String(64), nullable=False),
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
            sqlite_autoincrement=True,
        )
    elif "precision" not in {c["name"] for c in inspector.get_columns("scores")}:
        op.add_column(
            "scores",
            sa.Column("precision", sa.String(16), nullable=False, server_default="float32"),
        )
    indexes = {ix["name"] for ix in inspector.get_indexes("scores")} if "scores" in tables else ()
    if "ix_scores_time" not in indexes:
        op.create_index("ix_scores_time", "scores", ["time"])
    if "ix_scores_request_id" not in indexes:
        op.create_index("ix_scores_request_id", "scores", ["request_id"])
    op.create_table(
        "api_keys",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("created", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("api_keys")
    op.drop_index("ix_scores_request_id", table_name="scores")
    op.drop_index("ix_scores_time", table_name="scores")
    op.drop_table("scores")
