"""API keys: shown once, stored hashed, roles checked, file reloaded when it changes."""

from __future__ import annotations

import json
import os
import stat

import pytest

from referral_nlp.serving.keys import ROLE_PERMISSIONS, KeyStore


def test_key_is_stored_only_as_a_hash(tmp_path):
    store = KeyStore(tmp_path / "keys.json")
    record, secret = store.add("reviewer", "alice")
    raw = (tmp_path / "keys.json").read_text()
    assert secret.startswith("rnlp_") and len(secret) > 40
    assert secret not in raw and secret[5:] not in raw
    assert json.loads(raw)["keys"][0]["sha256"] == record.sha256
    assert stat.S_IMODE(os.stat(tmp_path / "keys.json").st_mode) == 0o600
    assert store.lookup(secret) == record


@pytest.mark.parametrize(
    "presented",
    ["", "rnlp_", "rnlp_wrong", "Bearer x", "x" * 500, "rnlp_" + "a" * 43],
    ids=["empty", "prefix only", "wrong", "no prefix", "too long", "well-formed unknown"],
)
def test_unknown_keys_are_not_found(tmp_path, presented):
    store = KeyStore(tmp_path / "keys.json")
    store.add("admin")
    assert store.lookup(presented) is None


ROLE_TABLE = [
    ("reviewer", {"redact", "score", "model_card"}),
    ("governance", {"model_card", "audit"}),
    ("admin", {"redact", "score", "model_card", "audit"}),
]


@pytest.mark.parametrize(("role", "allowed"), ROLE_TABLE)
def test_roles_allow_what_they_should(tmp_path, role, allowed):
    record, _ = KeyStore(tmp_path / "k.json").add(role)
    for permission in ("redact", "score", "model_card", "audit"):
        assert record.allows(permission) == (permission in allowed)
    assert ROLE_PERMISSIONS[role] == allowed


def test_names_default_per_role_and_must_be_unique(tmp_path):
    store = KeyStore(tmp_path / "k.json")
    assert store.add("reviewer")[0].name == "reviewer-1"
    assert store.add("reviewer")[0].name == "reviewer-2"
    with pytest.raises(ValueError, match="exists"):
        store.add("governance", "reviewer-1")
    with pytest.raises(ValueError, match="role: expected one of reviewer, governance, admin"):
        store.add("superuser")
    with pytest.raises(ValueError, match="name: expected"):
        store.add("admin", "bad name with spaces")


def test_revoked_key_stops_working_and_other_processes_see_changes(tmp_path):
    path = tmp_path / "k.json"
    server_view = KeyStore(path)
    _, secret = KeyStore(path).add("reviewer", "bob")
    assert server_view.lookup(secret) is not None  # a key added elsewhere is seen
    assert KeyStore(path).revoke("bob")
    assert server_view.lookup(secret) is None
    assert not KeyStore(path).revoke("bob")


def test_corrupt_keys_file_is_a_clear_error(tmp_path):
    path = tmp_path / "k.json"
    path.write_text("{not json")
    with pytest.raises(ValueError, match="keys file cannot be read"):
        KeyStore(path).entries()
    path.write_text(json.dumps({"format": "referral-nlp-keys", "keys": [{"name": "x"}]}))
    with pytest.raises(ValueError, match="needs name, role and sha256"):
        KeyStore(path).entries()


def test_cli_prints_the_key_once_and_lists_without_it(tmp_path, capsys):
    from referral_nlp.cli import main

    path = tmp_path / "k.json"
    assert main(["keys", "--keys-file", str(path), "add", "--role", "governance"]) == 0
    secret = capsys.readouterr().out.strip()
    assert KeyStore(path).lookup(secret).role == "governance"
    assert main(["keys", "--keys-file", str(path), "list"]) == 0
    listed = capsys.readouterr().out
    assert "governance-1\tgovernance" in listed and secret not in listed
    assert main(["keys", "--keys-file", str(path), "revoke", "--name", "nobody"]) == 2
    assert "no key named" in capsys.readouterr().err
