"""Offline: the e-mail/URL recognisers work with sockets disabled, and the guard is real."""

from __future__ import annotations

import os
import socket

import pytest
from pytest_socket import SocketBlockedError, SocketConnectBlockedError

from referral_nlp.offline import default_hf_offline, use_bundled_public_suffix_list


@pytest.fixture
def socket_attempts(monkeypatch):
    """Record every socket created while the test runs (loopback ones included)."""
    attempts: list[tuple] = []
    guarded = socket.socket

    def recording(*args, **kwargs):
        attempts.append(args)
        return guarded(*args, **kwargs)

    monkeypatch.setattr(socket, "socket", recording)
    return attempts


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_non_loopback_connection_is_refused():
    """pytest-socket is active for the whole suite (pyproject's addopts)."""
    with pytest.raises((SocketBlockedError, SocketConnectBlockedError)):
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET-1: never routable


def test_email_and_url_found_without_network(redactor, socket_attempts):
    text = (
        "Mum e-mailed sarah.jones@example.co.uk and sent the link "
        "https://www.example-school.org.uk/news/term-dates for the DSL."
    )
    result = redactor.redact(text)
    found = {text[e.start : e.end].rstrip("."): e.entity_type for e in result.entities}
    assert found["sarah.jones@example.co.uk"] == "EMAIL_ADDRESS"
    assert found["https://www.example-school.org.uk/news/term-dates"] == "URL"
    assert "example" not in result.redacted_text
    assert socket_attempts == []


def test_public_suffix_list_is_the_bundled_snapshot(socket_attempts):
    import tldextract
    import tldextract.tldextract as tld

    use_bundled_public_suffix_list()
    use_bundled_public_suffix_list()  # idempotent
    assert tld.TLD_EXTRACTOR.suffix_list_urls == ()
    parts = tldextract.extract("social.care@derby.gov.uk")
    assert (parts.domain, parts.suffix) == ("derby", "gov.uk")
    assert socket_attempts == []


def test_hugging_face_defaults_offline_but_respects_the_user(monkeypatch):
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    default_hf_offline()
    assert os.environ["HF_HUB_OFFLINE"] == "0"
    assert os.environ["TRANSFORMERS_OFFLINE"] == "1"
    assert os.environ["HF_DATASETS_OFFLINE"] == "1"
