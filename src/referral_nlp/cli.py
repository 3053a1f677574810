"""The ``referral-nlp`` command line: the parser, and how a failed command is reported.

The subcommands live in :mod:`referral_nlp.commands`, one module per group. A mistake the user
can fix (:class:`referral_nlp.errors.UserError`, or a redaction error, whose message never holds
text) is printed as one line with exit status 2; any other exception is a bug and keeps its
traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from referral_nlp.commands import (
    cards,
    data,
    evaluation,
    redaction,
    scoring,
    serving,
    storage,
    training,
)
from referral_nlp.errors import UserError
from referral_nlp.redaction.errors import RedactionError, RedactorLoadError

logger = logging.getLogger("referral_nlp")

#: What a user can fix, printed as one line with exit status 2. The redaction errors are
#: RuntimeErrors whose messages never hold text; importing them does not load Presidio.
USER_ERRORS = (UserError, RedactorLoadError, RedactionError)

#: In the order ``referral-nlp --help`` lists their commands.
COMMAND_GROUPS = (redaction, data, evaluation, scoring, training, cards, serving, storage)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="referral-nlp",
        description="Redact, model and serve children's social care referral notes.",
    )
    parser.add_argument("--log-level", default="WARNING", help="DEBUG, INFO, WARNING, ERROR.")
    sub = parser.add_subparsers(dest="command", required=True)
    for group in COMMAND_GROUPS:
        group.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from referral_nlp.offline import default_hf_offline

    default_hf_offline()
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=getattr(logging, str(args.log_level).upper(), logging.WARNING),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args) or 0)
    except USER_ERRORS as exc:  # anything else is a bug: it keeps its traceback
        print(f"referral-nlp {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
