"""Playwright fixtures: Debian's chromium, headless, against pytest-django's live server.

Every test in this folder is marked ``browser``: ``make test-browser`` runs them alone,
the SQLite and PostgreSQL stages skip them. We never download a browser: Playwright
drives ``/usr/bin/chromium`` (installed by scripts/ensure-system-deps.sh).
"""

from __future__ import annotations

import os
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

# The sync Playwright API runs an asyncio loop in the test thread; Django would then
# refuse ORM calls made by the test itself (creating users, reading the outbox).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# expect() has its own default (5 s), separate from the context's timeout.
expect.set_options(timeout=15_000)

CHROMIUM = Path(os.environ.get("ALUHUB_CHROMIUM", "/usr/bin/chromium"))
# Headless, no sandbox (CI runs as root), and nothing that phones home during a test.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
BROWSER_DIR = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # tryfirst: the mark must be there before `-m "not browser"` deselects.
    for item in items:
        if BROWSER_DIR in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Iterator[None]:
    # Keep each phase's report on the item so `page` can screenshot failures.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} not found: run scripts/ensure-system-deps.sh chromium")
    # launch() gives every run a fresh temporary profile (user-data dir) and deletes it.
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


_warm_servers: set[str] = set()


def _warm_up(url: str) -> None:
    """The first request a fresh live server answers imports every app's views and compiles
    the base templates: seconds of CPU, tens of seconds on a shared 2-core machine. Pay it
    once, before the first test's page opens, by waiting on that response itself, so that no
    navigation budget of a test includes the server's cold start."""
    if url in _warm_servers:
        return
    for path in ("/fr/", "/en/"):
        with urllib.request.urlopen(url + path, timeout=600) as response:  # noqa: S310 - live server
            response.read()
    _warm_servers.add(url)


@pytest.fixture
def context(browser: Browser, live_server: LiveServer, settings: Any) -> Iterator[BrowserContext]:
    _warm_up(live_server.url)
    # The site is the live server: links that leave a page (QR codes, share links, e-mails)
    # are built from SITE_URL, as in production.
    settings.SITE_URL = live_server.url
    # French first, as most of the cluster's users; tests open /fr/ or /en/ explicitly.
    context = browser.new_context(base_url=live_server.url, locale="fr-CA")
    # Generous timeouts: CI machines have 2 cores and the suite may share them.
    context.set_default_timeout(20_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, request: pytest.FixtureRequest) -> Iterator[Page]:
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.close()
