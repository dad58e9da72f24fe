"""The HTML report in a real browser: Debian's headless Chromium driven by Playwright (docs/decisions.md E29).

The matrix renders, a broken or questionable rule opens from its matrix link and from its summary, the legend
is on the first screen, the new verdicts look unlike the old ones, nothing is fetched from the network, the page
fits a phone's width, and printing opens every collapsed section. Screenshots are kept in
reports/out/screenshots/ (git-ignored) for a human to look at.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from chargebee_conformance.reports.document import Results
from chargebee_conformance.reports.html import write_html
from tests.reports.support import REPO_ROOT

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = REPO_ROOT / "reports" / "out" / "screenshots"
# Root has no user namespace sandbox in a container; the rest keeps Chromium off the network and quiet.
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
INSTALL_LOCK = Path("/tmp/chargebee-conformance-chromium.lock")


def _install_chromium() -> str:
    """apt-get install chromium (as root); returns why it could not, or ""."""
    if os.geteuid() != 0:
        return f"{CHROMIUM} is missing and installing it needs root: apt-get install -y chromium"
    # xdist workers may get here together; dpkg takes one installer at a time.
    with INSTALL_LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for command in (["apt-get", "install", "-y", "chromium"], ["apt-get", "update"],
                        ["apt-get", "install", "-y", "chromium"]):
            if CHROMIUM.exists():
                break
            subprocess.run(command, capture_output=True, text=True, timeout=900, check=False,
                           env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return "" if CHROMIUM.exists() else "apt-get install -y chromium did not provide /usr/bin/chromium"


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not CHROMIUM.exists():
        reason = _install_chromium()
        if reason:
            pytest.skip(reason)
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (no browser "
                                   "download needed: the test drives /usr/bin/chromium)")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), headless=True,
            args=FLAGS, viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(15_000)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def report_url(doc: Results, tmp_path: Path) -> str:
    return write_html(doc, tmp_path / "report.html").resolve().as_uri()


def test_the_matrix_renders_and_a_failure_expands(browser_context: Any, report_url: str) -> None:
    page = browser_context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(report_url)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "report.png"), full_page=True)

    matrices = page.locator("table.matrix")
    assert matrices.count() == 2
    assert matrices.first.locator("tbody tr").count() == 11
    assert matrices.first.locator("td.v-held").first.inner_text() == "✓ held"

    failures = page.locator("details.failure")
    assert failures.count() == 2
    curl = failures.first.locator("pre.curl")
    assert not curl.is_visible()
    matrices.first.locator("td.v-broken a").click()  # the matrix links to the failure, which opens
    assert failures.first.evaluate("details => details.open") is True
    assert curl.is_visible() and curl.inner_text().startswith("curl -X POST")
    page.screenshot(path=str(SCREENSHOTS / "report-failure-expanded.png"))

    second = failures.nth(1)
    second.locator("summary").click()
    assert second.evaluate("details => details.open") is True
    assert "text/html" in second.locator("pre").nth(1).inner_text()
    assert fetched == [report_url], "the report fetched something besides itself"
    page.close()


def test_a_questionable_rule_opens_from_its_matrix_link(browser_context: Any, report_url: str) -> None:
    page = browser_context.new_page()
    page.goto(report_url)
    questionable = page.locator("details.questionable")
    assert questionable.count() == 1
    assert questionable.evaluate("details => details.open") is False
    cell = page.locator("table.matrix td.v-questionable a")
    assert cell.inner_text() == "? questionable"
    cell.click()
    assert questionable.evaluate("details => details.open") is True
    assert questionable.locator("pre.curl").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "report-questionable-expanded.png"))
    page.close()


def test_the_legend_is_on_the_first_screen(browser_context: Any, report_url: str) -> None:
    page = browser_context.new_page()
    page.goto(report_url)
    legend = page.locator("#legend")
    box = legend.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 900, box
    assert legend.locator("dt").count() == 11  # seven verdicts, four bindings
    assert legend.locator("dd").nth(8).inner_text().startswith("the docs say the request is wrong")
    page.close()


def style(page: Any, selector: str) -> dict[str, str]:
    return dict(page.locator(selector).first.evaluate(
        "e => { const s = getComputedStyle(e); return {color: s.color, background: s.backgroundColor, "
        "outline: s.outlineStyle, weight: s.fontWeight}; }"))


def test_the_new_verdicts_look_unlike_the_others(browser_context: Any, report_url: str) -> None:
    page = browser_context.new_page()
    page.goto(report_url)
    looks = {verdict: style(page, f"table.matrix td.v-{verdict}")
             for verdict in ("held", "broken", "questionable", "observed", "not-exercised", "skipped")}
    backgrounds = [look["background"] for look in looks.values()]
    assert len(set(backgrounds)) == len(backgrounds), looks
    assert looks["not-exercised"]["outline"] == "dashed"
    assert looks["questionable"]["background"] == "rgb(251, 239, 255)"
    page.close()


def test_the_report_fits_a_phone_and_prints_open(browser_context: Any, report_url: str) -> None:
    page = browser_context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(report_url)
    # Wide tables scroll inside their own box; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(SCREENSHOTS / "report-phone.png"), full_page=True)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(media="print")
    assert page.locator("details.failure pre.curl").first.is_visible()
    assert page.locator("details.skipped h4").first.is_visible()
    assert page.locator("details.not-exercised h4").first.is_visible()
    assert page.locator("details.questionable pre.curl").first.is_visible()
    page.close()
