"""The audit key: from the environment, else one file made once, 0600, shared by every worker."""

from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor

import pytest

from referral_nlp.errors import UserError
from referral_nlp.serving.audit_key import AUDIT_KEY_ENV, audit_key, audit_key_path


@pytest.fixture(autouse=True)
def _no_key_in_env(monkeypatch):
    monkeypatch.delenv(AUDIT_KEY_ENV, raising=False)


def test_a_key_is_made_once_owner_only_and_read_back(tmp_path):
    key = audit_key(tmp_path / "state")
    path = audit_key_path(tmp_path / "state")
    assert len(key) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert audit_key(tmp_path / "state") == key
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # nothing staged left


def test_workers_starting_together_share_one_key(tmp_path):
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: audit_key(tmp_path), range(32)))
    assert len(keys) == 1


def test_the_environment_key_wins_and_a_short_one_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv(AUDIT_KEY_ENV, "x" * 40)
    assert audit_key(tmp_path) == b"x" * 40
    assert not audit_key_path(tmp_path).exists()
    monkeypatch.setenv(AUDIT_KEY_ENV, "short-secret")
    with pytest.raises(UserError, match=r"at least 32 characters, got 12") as err:
        audit_key(tmp_path)
    assert "short-secret" not in str(err.value)


def test_no_key_is_made_where_one_is_only_read(tmp_path):
    with pytest.raises(UserError, match="no audit key here"):
        audit_key(tmp_path, create=False)
    assert not audit_key_path(tmp_path).exists()


def test_a_damaged_key_file_is_named_not_used(tmp_path):
    audit_key_path(tmp_path).write_text("abc\n")
    audit_key_path(tmp_path).chmod(0o600)
    with pytest.raises(UserError, match="at least 32 printable ASCII characters, got 3 bytes"):
        audit_key(tmp_path)


def test_replicas_sharing_a_database_must_share_a_key_from_the_environment(tmp_path, monkeypatch):
    with pytest.raises(UserError, match="shared by replicas"):
        audit_key(tmp_path, shared=True)
    assert not audit_key_path(tmp_path).exists()  # no replica-local key was made
    monkeypatch.setenv(AUDIT_KEY_ENV, "y" * 40)
    assert audit_key(tmp_path, shared=True) == b"y" * 40


def test_a_key_file_others_may_read_is_refused(tmp_path):
    audit_key(tmp_path)
    audit_key_path(tmp_path).chmod(0o644)
    with pytest.raises(UserError, match="chmod 600"):
        audit_key(tmp_path)


def test_a_key_file_of_other_bytes_is_named_not_used(tmp_path):
    path = audit_key_path(tmp_path)
    path.write_bytes("é".encode() * 40)
    path.chmod(0o600)
    with pytest.raises(UserError, match="printable ASCII"):
        audit_key(tmp_path)
