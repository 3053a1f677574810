"""``referral-nlp serve``, ``sign-model``, ``store-model`` and ``keys``: thin shells over the
serving library. ``serve`` runs BentoML in a child process through this module
(``python -m referral_nlp.commands.serving``, :func:`launch_bentoml`)."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from referral_nlp import console
from referral_nlp.commands import options
from referral_nlp.errors import UserError

__all__ = ["add_parsers", "launch_bentoml"]

SERVICE_IMPORT = "referral_nlp.serving.bentoml_service:ReferralNLP"
#: The server's own Prometheus directory (see :func:`launch_bentoml`).
METRICS_DIR_ENV = "REFERRAL_NLP_METRICS_DIR"


def service_environment(args: argparse.Namespace, model_dir: Path) -> dict[str, str]:
    """The environment ``bentoml serve`` runs under: the settings and no telemetry."""
    env = dict(os.environ)
    env["REFERRAL_NLP_MODEL_DIR"] = str(Path(model_dir).resolve())
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("TRANSFORMERS_OFFLINE", "1")
    env["BENTOML_DO_NOT_TRACK"] = "True"  # BentoML's usage statistics would need a network
    for flag, name in (
        ("max_in_flight", "REFERRAL_NLP_MAX_IN_FLIGHT"),
        ("max_in_flight_per_key", "REFERRAL_NLP_MAX_IN_FLIGHT_PER_KEY"),
        ("body_timeout", "REFERRAL_NLP_BODY_TIMEOUT"),
        ("request_timeout", "REFERRAL_NLP_REQUEST_TIMEOUT"),
        ("explain_budget", "REFERRAL_NLP_EXPLAIN_BUDGET"),
        ("workers", "REFERRAL_NLP_WORKERS"),
        ("threads", "REFERRAL_NLP_TORCH_THREADS"),
        ("device", "REFERRAL_NLP_DEVICE"),
        ("max_batch", "REFERRAL_NLP_MAX_BATCH"),
        ("audit_db", "REFERRAL_NLP_AUDIT_DB"),
        ("keys_file", "REFERRAL_NLP_KEYS_FILE"),
        ("quantize", "REFERRAL_NLP_QUANTIZE"),
    ):
        value = getattr(args, flag, None)
        if value is not None:
            env[name] = str(value)
    # spaCy's and numpy's BLAS would start a thread per core in every worker on top of torch's:
    # keep every pool at the per-worker thread count so workers do not fight over cores.
    threads = env.get("REFERRAL_NLP_TORCH_THREADS", "1")
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env.setdefault(name, threads)
    return env


def verify_before_serving(model_dir: Path) -> None:
    """Refuse a tampered, incomplete or (with a signing key) unsigned artefact before BentoML
    starts: once it has, a worker that fails to load is restarted for ever (34 failed starts
    in two minutes, /readyz hanging) instead of the command stopping with a clear line."""
    from referral_nlp.artifacts import verify_manifest, verify_signature
    from referral_nlp.serving.settings import signing_key_from_env

    manifest = verify_manifest(model_dir)
    key = signing_key_from_env()
    if key:
        verify_signature(model_dir, key, manifest)


def launch_bentoml(argv: list[str]) -> int:
    """``bentoml`` with this server's own Prometheus directory (``$REFERRAL_NLP_METRICS_DIR``).

    BentoML otherwise gives every server on a host the same directory under ``$BENTOML_HOME``
    and empties it when a server starts, so starting a second server zeroed the first one's
    counters. ``referral-nlp serve`` runs this (``python -m referral_nlp.commands.serving``).
    """
    from bentoml._internal.configuration.containers import BentoMLContainer

    directory = os.environ.get(METRICS_DIR_ENV, "").strip()
    if directory:
        BentoMLContainer.prometheus_multiproc_dir.set(directory)
    from bentoml_cli.cli import cli

    return int(cli.main(args=argv, prog_name="bentoml", standalone_mode=False) or 0)


def _prepare_audit_key(env: dict[str, str]) -> None:
    """Make the audit key before the workers start; a short key, or none where replicas share
    a database, stops here in one line rather than in every worker."""
    from referral_nlp.serving.audit_key import audit_key
    from referral_nlp.storage.database import default_audit_file

    audit_file = Path(env.get("REFERRAL_NLP_AUDIT_DB") or default_audit_file())
    audit_key(audit_file.parent, shared=bool(env.get("REFERRAL_NLP_DATABASE_URL")))


def cmd_serve(args: argparse.Namespace) -> int:
    from referral_nlp.serving.key_stores import open_key_store
    from referral_nlp.serving.keys import default_keys_file
    from referral_nlp.serving.model_store import resolve_model

    model_dir = resolve_model(args.model)  # a missing model fails here, before any start
    verify_before_serving(model_dir)  # exit 2 with one line naming the file
    env = service_environment(args, model_dir)
    # With a shared database, an unreachable or un-upgraded one fails here in one line.
    keys = open_key_store(
        env.get("REFERRAL_NLP_DATABASE_URL")
        or Path(env.get("REFERRAL_NLP_KEYS_FILE") or default_keys_file())
    )
    if not keys.entries():
        console.err(
            f"note: no API keys in {keys.path} yet; create one with "
            "`referral-nlp keys add --role reviewer` (every /v1 path needs a key)."
        )
    if hasattr(keys, "close"):
        keys.close()  # the workers open their own connections; hold none while serving
    _prepare_audit_key(env)
    host = args.host
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::") else host
    console.err(
        f"serving model {model_dir} at http://{shown}:{args.port}/ui (reviewer page), "
        f"http://{shown}:{args.port}/docs.json (OpenAPI); Ctrl-C stops it."
    )
    metrics_dir = tempfile.mkdtemp(prefix="referral-nlp-metrics-")  # 0700, this server's own
    env[METRICS_DIR_ENV] = metrics_dir
    command = [
        sys.executable,
        "-m",
        "referral_nlp.commands.serving",
        "serve",
        SERVICE_IMPORT,
        "--host",
        host,
        "--port",
        str(args.port),
    ]
    child = subprocess.Popen(command, env=env)

    def forward(signum: int, _frame: object) -> None:
        # A process manager stops `serve`: pass the signal on so BentoML stops its workers.
        child.send_signal(signum)

    previous = signal.signal(signal.SIGTERM, forward)
    try:
        return child.wait()
    except KeyboardInterrupt:  # Ctrl-C reached the whole foreground group; let BentoML finish
        return child.wait() or 130
    finally:
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(metrics_dir, ignore_errors=True)


def cmd_sign_model(args: argparse.Namespace) -> int:
    from referral_nlp.artifacts import artefact_version, sign_artefact
    from referral_nlp.modeling.default_model import resolve_model_dir
    from referral_nlp.serving.settings import SIGNING_KEY_ENV, signing_key_from_env

    key = signing_key_from_env()
    if not key:
        raise UserError(
            f"{SIGNING_KEY_ENV}: not set; export the deployer's key (32+ characters) first. "
            "It is read from the environment only, never from the command line."
        )
    model_dir = resolve_model_dir(args.model)
    target = sign_artefact(model_dir, key)
    console.err(
        f"signed {model_dir} (version {artefact_version(model_dir)}) -> {target}; a server "
        f"with the same {SIGNING_KEY_ENV} serves it, and refuses any other manifest."
    )
    return 0


def cmd_audit_digest(args: argparse.Namespace) -> int:
    """Print the audit digest of each case in a file, as the service stores it, so that
    governance can find a case's audit records (``input_sha256``) without the text in the log."""
    from referral_nlp.serving.audit import input_digest
    from referral_nlp.serving.audit_key import audit_key
    from referral_nlp.serving.schemas import MAX_BATCH_CASES, RedactRequest, ScoreRequest
    from referral_nlp.serving.validation import check_body
    from referral_nlp.storage.database import default_audit_file

    key = audit_key(default_audit_file().parent, create=False)
    try:
        lines = Path(args.input).read_bytes().removeprefix(b"\xef\xbb\xbf").splitlines()
    except OSError as exc:
        raise UserError(f"--input: cannot read {args.input} ({exc.strerror}).") from None
    whole = b"\n".join(lines).strip()
    bodies = [whole] if whole.startswith(b"{") and b"\n{" not in whole else lines
    path = "/v1/redact" if args.kind == "redactions" else "/v1/score"
    digests = []
    for number, body in enumerate(bodies, start=1):
        if not body.strip():
            continue
        rejected = check_body(path, body, max_batch_cases=MAX_BATCH_CASES)
        if rejected is not None:
            raise UserError(f"--input: case {number}: {rejected.error}")
        if args.kind == "redactions":  # the service digests the note alone
            case = {"text": RedactRequest.model_validate_json(body).text}
        else:
            case = ScoreRequest.model_validate_json(body).model_fields_dict()
        digests.append(input_digest(case, key))
    if not digests:
        raise UserError(f"--input: no case in {args.input}; write one JSON case per line.")
    console.out("\n".join(digests))
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    from referral_nlp.serving.key_stores import open_key_store

    store = open_key_store(args.keys_file)
    if args.keys_command == "add":
        record, secret = store.add(args.role, args.name)
        console.out(secret)
        console.err(
            f"created key {record.name!r} with role {record.role} in {store.path}; it is shown "
            "only now. Send it as 'Authorization: Bearer KEY'."
        )
    elif args.keys_command == "list":
        for key in store.entries():
            console.out(f"{key.name}\t{key.role}\t{key.created}")
    else:
        if not store.revoke(args.name):
            raise UserError(f"name: no key named {args.name!r} in {store.path}.")
        console.err(f"revoked key {args.name!r}")
    return 0


def cmd_store_model(args: argparse.Namespace) -> int:
    from referral_nlp.modeling.default_model import resolve_model_dir
    from referral_nlp.serving.model_store import save_to_store

    tag = save_to_store(resolve_model_dir(args.model), args.name)
    console.out(tag)
    console.err(f"serve it with: referral-nlp serve --model {tag}")
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    from referral_nlp.serving.keys import ROLES

    p = sub.add_parser(
        "serve",
        help="Serve the model for reviewers (BentoML): API, reviewer page, audit.",
        description="Starts the BentoML service on the default model (or --model DIR): "
        "POST /v1/redact, /v1/score and /v1/score/batch, GET /v1/model-card and /v1/audit, "
        "the reviewer page at /ui, /livez, /readyz and /metrics. Every /v1 path needs an API "
        "key (`referral-nlp keys add`). Settings: see referral_nlp.serving.settings.",
    )
    p.add_argument(
        "--model",
        help="Model directory or BentoML model tag (default: the default model).",
    )
    p.add_argument("--port", type=int, default=3000, help="Port (default 3000).")
    p.add_argument(
        "--host", default="127.0.0.1", help="Interface (default 127.0.0.1; 0.0.0.0 for all)."
    )
    p.add_argument("--workers", type=int, help="Worker processes (default: cores / threads).")
    p.add_argument("--threads", type=int, help="Torch threads per worker (default 1 on CPU).")
    p.add_argument("--device", help="cpu or cuda (default: cuda when available).")
    p.add_argument("--max-batch", type=int, help="Micro-batch size (1 turns batching off).")
    p.add_argument(
        "--quantize",
        choices=["auto", "int8", "none"],
        help="CPU encoder arithmetic for a model trained on float32 vectors (one trained on "
        "int8 vectors, the cpu-quick default, is served with them). auto (default): float32 "
        "through ONNX Runtime where it is installed (faster than int8 PyTorch, and scoring as "
        "evaluated); without it, int8 only when the model holds a passing int8 fidelity check "
        "(referral-nlp int8-check), else float32; int8: always; none: float32.",
    )
    p.add_argument("--audit-db", type=Path, help="Audit database (SQLite).")
    p.add_argument("--keys-file", type=Path, help="API keys file.")
    p.add_argument("--max-in-flight", type=int, help="Requests in flight per worker (default 32).")
    p.add_argument(
        "--max-in-flight-per-key",
        type=int,
        help="Requests in flight per API key per worker (default 8).",
    )
    p.add_argument(
        "--body-timeout", type=float, help="Seconds to receive a request body (default 10)."
    )
    p.add_argument(
        "--request-timeout",
        type=float,
        help="Seconds to the start of a response before the work is stopped (default 120).",
    )
    p.add_argument(
        "--explain-budget",
        type=float,
        help="Seconds of explanation per request; then scores only (default 5).",
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "sign-model",
        parents=[options.model()],
        help="Sign a verified model artefact with the deployer's key (HMAC-SHA256).",
        description="Verifies the artefact's manifest and writes manifest.sig, the HMAC-SHA256 "
        "of the manifest under $REFERRAL_NLP_SIGNING_KEY. A server started with the same key "
        "serves only artefacts it signed; the key is never written anywhere.",
    )
    p.set_defaults(func=cmd_sign_model)

    p = sub.add_parser(
        "audit-digest",
        help="Print the audit digest of cases, to find their records in the audit log.",
        description="Reads cases as /v1/score (or, with --kind redactions, /v1/redact) takes "
        "them, one JSON object per line or one object, and prints per case the keyed digest "
        "the service stored in the audit record's input_sha256. Run it where the service keeps "
        "its audit database (the key file audit.key is beside it) or with the service's "
        "$REFERRAL_NLP_AUDIT_KEY.",
    )
    p.add_argument("--input", required=True, help="A JSON or JSONL file of cases.")
    p.add_argument(
        "--kind",
        choices=("scores", "redactions"),
        default="scores",
        help="Digest as /v1/score stores it (default) or as /v1/redact does (the text alone).",
    )
    p.set_defaults(func=cmd_audit_digest)

    p = sub.add_parser(
        "store-model",
        parents=[options.model()],
        help="Copy a model artefact into BentoML's model store and print its tag.",
        description="Verifies the artefact's manifest, copies it into the local BentoML model "
        "store ($BENTOML_HOME/models) and prints the tag, for `serve --model TAG`.",
    )
    p.add_argument("--name", default="referral-nlp", help="Store name (default referral-nlp).")
    p.set_defaults(func=cmd_store_model)

    p = sub.add_parser(
        "keys",
        help="Create, list or revoke API keys for the service.",
        description="Keys are stored as SHA-256 hashes in the keys file "
        "(.referral-nlp/keys.json under the working directory, or $REFERRAL_NLP_KEYS_FILE); "
        "a new key is printed once. Roles: reviewer (redact, score, read the card), "
        "governance (card, audit export), admin (everything).",
    )
    p.add_argument(
        "--keys-file",
        type=Path,
        help="Keys file (default: $REFERRAL_NLP_DATABASE_URL's database when set, else see above).",
    )
    keys = p.add_subparsers(dest="keys_command", required=True)
    add = keys.add_parser("add", help="Create a key and print it once.")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--name", help="A name for the key (default: ROLE-N).")
    keys.add_parser("list", help="Names, roles and creation times (never the keys).")
    revoke = keys.add_parser("revoke", help="Remove a key.")
    revoke.add_argument("--name", required=True)
    p.set_defaults(func=cmd_keys)


if __name__ == "__main__":
    sys.exit(launch_bentoml(sys.argv[1:]))
