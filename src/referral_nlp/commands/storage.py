"""``referral-nlp db upgrade``: create or upgrade the audit and key tables."""

from __future__ import annotations

import argparse

from referral_nlp import console

__all__ = ["add_parsers"]


def cmd_db(args: argparse.Namespace) -> int:
    from referral_nlp.storage.database import (
        check_reachable,
        create_database_engine,
        resolve_database_url,
        safe_url,
    )
    from referral_nlp.storage.migrate import upgrade

    url = resolve_database_url(args.database_url)
    engine = create_database_engine(url)
    try:
        check_reachable(engine)  # one line naming the database, never its password
        before, now = upgrade(engine)
    finally:
        engine.dispose()
    change = "already at" if before == now else f"upgraded from {before or 'empty'} to"
    console.err(f"database {safe_url(url)}: {change} revision {now} (the newest)")
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "db",
        help="The shared audit and key database: create or upgrade its tables.",
        description="The service's audit log and API keys live in the database of "
        "$REFERRAL_NLP_DATABASE_URL (PostgreSQL for several replicas: "
        "postgresql://USER:PASSWORD@HOST:5432/DB), by default the SQLite file "
        ".referral-nlp/audit.sqlite3. `db upgrade` runs the versioned migrations; run it once "
        "before starting replicas on a new or upgraded PostgreSQL database (the SQLite "
        "default upgrades itself).",
    )
    db = p.add_subparsers(dest="db_command", required=True)
    up = db.add_parser("upgrade", help="Create or upgrade the tables (idempotent).")
    up.add_argument(
        "--database-url",
        help="Database URL (default: $REFERRAL_NLP_DATABASE_URL, else the SQLite default). "
        "Prefer the environment variable: a password on a command line is visible to "
        "other users of the machine.",
    )
    p.set_defaults(func=cmd_db)
