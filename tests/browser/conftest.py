"""Browser fixtures: the app served by a real server thread, and Debian's Chromium through
Playwright, in phone-sized (or desktop) windows."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, expect, sync_playwright
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Assertions wait as long as actions do: on a busy machine (CI shares its cores) a page may take
# more than Playwright's default 5 s to reach the state a test waits for.
expect.set_options(timeout=15_000)

BROWSER_TESTS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium"
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def live_server(app):
    """The app served over HTTP by a real server thread, on the test database."""
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, started once for a module's tests (each gets its own windows)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_window(live_server, chromium) -> Iterator[Callable[..., BrowserContext]]:
    """Open a browser window (its own cookies) of a given width on the served app."""
    contexts: list[BrowserContext] = []

    def open_window(width: int = 360, height: int = 740) -> BrowserContext:
        context = chromium.new_context(
            viewport={"width": width, "height": height}, locale="vi-VN", base_url=live_server
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    try:
        yield open_window
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def phone(browser_window) -> BrowserContext:
    """A 360 px phone, the narrowest common screen."""
    return browser_window(360, 740)


@pytest.fixture
def check_page(request):
    """check_page(page, name) after each navigation: a full-page screenshot kept under
    tests/browser/artifacts/<test>/ (or $SCREENSHOT_DIR), then no serious or critical axe-core
    violation."""
    from tests.browser.accessibility import ARTIFACTS, AXE, AXE_MISSING, PageCheck

    if not AXE.exists():
        pytest.skip(AXE_MISSING)
    return PageCheck(ARTIFACTS / request.node.name)
