"""The reviewer page in headless Chromium (Debian's, driven by Playwright) against the real server.

Skipped where /usr/bin/chromium is not installed (CI installs it). Set
``REFERRAL_NLP_SCREENSHOT=docs/reviewer-page.png`` to refresh the screenshot kept in ``docs/``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from service_helpers import NOTE, PERSONAL, Server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="Debian's chromium is not installed (apt-get install chromium)",
)
# Flags the machine needs: root, no GPU, and no background calls to Google on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def server(service_model, tmp_path_factory):
    srv = Server(service_model, tmp_path_factory.mktemp("ui"), role="reviewer")
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1200, "height": 1800})
        pg = context.new_page()
        pg.goto(server.url + "/ui")
        yield pg
        browser.close()


def test_every_control_has_a_label_and_the_page_a_language(page):
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
            .map(el => el.name || el.id)"""
    )
    assert unlabelled == []
    assert page.get_attribute("html", "lang") == "en-GB"
    assert page.locator("h1").count() == 1


def test_a_reviewer_scores_a_case_with_the_keyboard(page, server):
    page.focus("#api-key")
    page.keyboard.type(server.key)
    page.fill("#text", NOTE)
    page.select_option("#referral_source", "police")
    page.fill("#child_age", "9")
    page.check("input[value=domestic_abuse]")
    page.focus("#submit")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results:not([hidden])", timeout=120_000)

    for prefix in ("rr", "esc"):
        assert page.inner_text(f"#{prefix}-probability").endswith("%")
        assert page.inner_text(f"#{prefix}-band") in {"low", "medium", "high"}
        assert page.locator(f"#{prefix}-explain li").count() >= 1
    redacted = page.inner_text("#redacted")
    assert all(value not in redacted for value in PERSONAL)
    marks = page.locator("#redacted mark")
    assert marks.count() >= 4 and marks.first.inner_text().startswith("<")
    assert page.inner_text("#model-version").startswith("sha256:")
    # Focus moved to the result for screen-reader and keyboard users.
    assert page.evaluate("document.activeElement.id") == "results-heading"
    target = os.environ.get("REFERRAL_NLP_SCREENSHOT")
    if target:
        page.screenshot(path=target, full_page=True)


def test_bad_input_is_announced_next_to_the_field(page):
    page.fill("#text", "   ")
    page.click("#submit")
    page.wait_for_selector("#error:not([hidden])", timeout=60_000)
    assert page.get_attribute("#error", "role") == "alert"
    assert page.get_attribute("#text", "aria-invalid") == "true"
    assert page.is_visible("#text-error")


def test_a_wrong_key_is_explained(page):
    page.fill("#api-key", "rnlp_not-a-key")
    page.fill("#text", NOTE)
    page.click("#submit")
    # A locator waits without evaluating a string in the page: the page's CSP (script-src
    # 'self') refuses eval, so wait_for_function failed whenever it had to poll.
    page.locator("#error", has_text="API key").wait_for(timeout=60_000)
