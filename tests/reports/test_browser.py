"""The HTML report in a real browser: Debian's headless Chromium driven by Playwright (docs/decisions.md E29).

What broke comes first, above any table: a card per broken, questionable and waived rule, on the first screen,
with a reproducer that downloads as a file, and a cascaded failure linking to the card of its cause. The matrix
renders and its cells lead to the cards, the legend explains every verdict and binding, the new verdicts look
unlike the old ones, nothing is fetched from the network, the page fits a phone's width, and printing opens every
collapsed section. The trend page draws its chart as inline SVG. Screenshots are kept in reports/out/screenshots/
(git-ignored) for a human to look at.
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
from chargebee_conformance.reports.trend import write_trend
from tests.reports.support import CASCADE_RULE, REPO_ROOT, with_failure_steps
from tests.reports.test_trend import write_runs

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
            args=FLAGS, viewport={"width": 1280, "height": 900}, accept_downloads=True,
        )
        context.set_default_timeout(15_000)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def report_url(doc: Results, tmp_path: Path) -> str:
    """The fixture as a newer suite writes it: steps, a cascaded failure, a waived rule."""
    return write_html(with_failure_steps(doc), tmp_path / "report.html").resolve().as_uri()


def top(page: Any, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return float(box["y"])


def test_what_broke_comes_first_and_the_matrix_leads_to_its_cards(browser_context: Any, report_url: str) -> None:
    page = browser_context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(report_url)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "report.png"), full_page=True)

    assert top(page, "#what-broke") < top(page, "#legend") < top(page, "table.matrix")
    first_card = page.locator("article.card").first
    box = first_card.bounding_box()
    assert box is not None and box["y"] < 900, "the first failure is not on the first screen"
    assert page.locator("#what-broke h3").all_inner_texts() == ["✗ Broken (2)", "? Questionable (1)", "≈ Waived (1)"]
    assert page.locator("p.target strong").inner_text().startswith("https://acme-test.chargebee.com")

    matrices = page.locator("table.matrix")
    assert matrices.count() == 2
    assert matrices.first.locator("tbody tr").count() == 12
    assert matrices.first.locator("td.v-held").first.inner_text() == "✓ held"
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    matrices.first.locator("td.v-broken a").first.click()  # the cell leads up to the rule's card
    assert page.evaluate("location.hash") == "#sandbox-pc1-metered-v2.charge.description.max_length"
    assert page.locator("article.card:target").count() == 1 and page.locator("article.card:target").is_visible()
    assert page.locator("article.card:target pre").nth(1).inner_text().startswith("request:  POST")
    page.screenshot(path=str(SCREENSHOTS / "report-card-targeted.png"))
    assert fetched == [report_url], "the report fetched something besides itself"
    page.close()


def test_a_reproducer_downloads_as_a_shell_script(browser_context: Any, report_url: str, tmp_path: Path) -> None:
    page = browser_context.new_page()
    page.goto(report_url)
    link = page.locator("article.card").first.locator("a.reproducer")
    assert link.get_attribute("download") == "sandbox-pc1-metered--v2.charge.description.max_length.sh"
    assert (link.get_attribute("href") or "").startswith("data:text/x-shellscript;base64,")
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "downloaded.sh"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "sandbox-pc1-metered--v2.charge.description.max_length.sh"
    script = saved.read_text(encoding="utf-8")
    assert script.startswith("#!/bin/sh\n") and "# Rule:         v2.charge.description.max_length" in script
    assert "setup 1/1" in script
    page.close()


def test_a_cascaded_failure_leads_to_its_cause(browser_context: Any, report_url: str) -> None:
    page = browser_context.new_page()
    page.goto(report_url)
    cascade = page.locator("article.card", has=page.locator(f"h4 code:text-is('{CASCADE_RULE}')"))
    assert cascade.count() == 1
    cause = cascade.locator("a.cause")
    target = (cause.get_attribute("href") or "")[1:]
    assert target and page.locator(f"[id='{target}']").count() == 1
    assert "not recorded" not in cascade.inner_text()
    cause.click()
    assert page.locator("article.card:target h4 code").inner_text() == "v2.charge.description.max_length"
    page.close()


def test_a_questionable_rule_leads_to_its_card_and_its_curl_line_opens(browser_context: Any, report_url: str) -> None:
    page = browser_context.new_page()
    page.goto(report_url)
    card = page.locator("article.card-questionable")
    assert card.count() == 1
    cell = page.locator("table.matrix td.v-questionable a")
    assert cell.inner_text() == "? questionable"
    cell.click()
    assert page.locator("article.card-questionable:target").count() == 1
    curl = card.locator("pre.curl")
    assert not curl.is_visible()
    card.locator("details.curl-line summary").click()
    assert curl.is_visible() and curl.inner_text().startswith("curl -X POST")
    page.screenshot(path=str(SCREENSHOTS / "report-questionable-card.png"))
    page.close()


def test_the_legend_explains_every_verdict_and_binding_and_cards_link_to_it(browser_context: Any,
                                                                          report_url: str) -> None:
    page = browser_context.new_page()
    page.goto(report_url)
    legend = page.locator("#legend")
    assert legend.locator("dt").count() == 11  # seven verdicts, four bindings
    assert legend.locator("dd").nth(8).inner_text().startswith("the docs say the request is wrong")
    binding = page.locator("article.card").first.locator("a[href='#binding-loose']")
    assert "the docs say the request is wrong" in page.locator("article.card").first.inner_text()
    binding.click()
    assert page.locator("#binding-loose").is_visible()
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
    assert page.locator("article.card-broken pre.curl").first.is_visible()
    assert page.locator("details.skipped h4").first.is_visible()
    assert page.locator("details.not-exercised h4").first.is_visible()
    assert page.locator("article.card-questionable pre.curl").first.is_visible()
    page.close()


def test_the_trend_page_draws_its_chart_without_script(browser_context: Any, doc: Results, tmp_path: Path) -> None:
    path, _ = write_trend(write_runs(doc, tmp_path / "runs"))
    page = browser_context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(path.resolve().as_uri())
    page.screenshot(path=str(SCREENSHOTS / "trend.png"), full_page=True)
    chart = page.locator("svg.chart")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    assert page.locator("svg.chart polyline").count() == 3
    assert page.locator("svg.chart g.series[data-verdict='broken'] circle").count() == 3
    assert page.locator("svg.chart g.legend text").all_text_contents() == ["broken", "held", "not exercised"]
    assert page.locator("table.runs tbody tr").count() == 3
    assert page.locator("script").count() == 0
    assert fetched == [path.resolve().as_uri()]
    page.close()
