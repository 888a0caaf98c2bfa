"""What every journey checks after each navigation: a full-page screenshot kept as a test
artifact, then axe-core (from npm, served to the page by the test) finds no serious or critical
violation of WCAG 2.2 A/AA or of axe's best practices."""

from __future__ import annotations

import os
import re
import shutil
import weakref
from pathlib import Path

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("SCREENSHOT_DIR") or ROOT / "tests" / "browser" / "artifacts")
AXE_MISSING = "needs axe-core from npm: `npm ci` (make install-dev does it)"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = {"serious", "critical"}
AXE_PATH = "/__axe-core__/axe.min.js"
_routed: weakref.WeakSet[Page] = weakref.WeakSet()


def serve_axe(page: Page) -> None:
    """Load axe-core into the page from its own origin, so its Content-Security-Policy
    (script-src 'self', no inline script) stays in force while it is checked."""
    if page.evaluate("typeof window.axe !== 'undefined'"):
        return
    origin = re.match(r"https?://[^/]+", page.url).group(0)
    if page not in _routed:  # once per page: the route outlives its navigations
        page.route(f"**{AXE_PATH}", lambda route: route.fulfill(path=AXE))
        _routed.add(page)
    page.add_script_tag(url=origin + AXE_PATH)


def violations(page: Page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    serve_axe(page)
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)",
        TAGS,
    )
    return [v for v in found if v["impact"] in BLOCKING]


def describe(found: list[dict]) -> str:
    """One line per violation and node, to read in a failure message."""
    lines = []
    for violation in found:
        for node in violation["nodes"][:5]:
            lines.append(
                f"{violation['impact']} {violation['id']}: {node['target']} — "
                f"{node['failureSummary'].splitlines()[-1].strip()}"
            )
    return "\n".join(lines)


class PageCheck:
    """Called after each navigation of a journey: screenshot, then accessibility."""

    def __init__(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)  # this run's screenshots only
        self.folder = folder
        self.count = 0

    def __call__(self, page: Page, name: str) -> None:
        page.wait_for_load_state("load")
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        page.screenshot(path=self.folder / f"{self.count:02d}-{slug}.png", full_page=True)
        found = violations(page)
        assert not found, f"axe-core on {name} ({page.url}):\n{describe(found)}"
