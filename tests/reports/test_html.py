"""The static HTML report: what broke first (a card per broken, questionable and waived rule, with its reproducer
and the cause of a cascaded failure), self-contained, escaped, every verdict styled and every binding explained;
pinned by a snapshot."""

from __future__ import annotations

import base64
import copy
import re
from html.parser import HTMLParser

import pytest

from chargebee_conformance.reports.document import BINDINGS, VERDICTS, Results
from chargebee_conformance.reports.html import css_class, render_html, row_label
from chargebee_conformance.reports.reproducer import Subject, reproducer
from chargebee_conformance.reports.results import build_results
from tests.reports.support import (
    CASCADE_RULE,
    CATALOG,
    META,
    PLANTED_KEY,
    RAW,
    assert_matches_snapshot,
    with_failure_steps,
)


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parsed(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


@pytest.fixture
def stepped(doc: Results) -> Results:
    """The fixture as a newer suite writes it: steps, a cascaded failure, a waived rule."""
    return with_failure_steps(doc)


def test_the_rendered_report_matches_its_snapshot(stepped: Results) -> None:
    assert_matches_snapshot("report.html", render_html(stepped))


def test_rendering_twice_gives_the_same_bytes(doc: Results) -> None:
    assert render_html(doc) == render_html(doc)


def test_the_report_is_self_contained(stepped: Results) -> None:
    tags = parsed(render_html(stepped))
    assert not [t for t, _ in tags if t in ("script", "link", "img", "iframe", "object")]
    links = [attrs for tag, attrs in tags if tag == "a"]
    inside = [attrs["href"] or "" for attrs in links if "download" not in attrs]
    assert inside and all(href.startswith("#") for href in inside)
    ids = {attrs["id"] for _, attrs in tags if attrs.get("id")}
    assert {href[1:] for href in inside} <= ids, "a link points nowhere"
    downloads = [attrs["href"] or "" for attrs in links if "download" in attrs]
    assert downloads and all(href.startswith("data:text/x-shellscript;base64,") for href in downloads)


def test_text_from_the_target_is_escaped(doc: Results) -> None:
    html = render_html(doc)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;html&gt;Bad | request&lt;/html&gt;" in html


def cards(html: str, verdict: str) -> list[str]:
    return re.findall(rf'<article class="card card-{verdict}".*?</article>', html, flags=re.S)


def test_every_broken_rule_has_a_card_with_the_evidence(doc: Results) -> None:
    broken = cards(render_html(doc), "broken")
    assert len(broken) == doc["summary"]["broken"]
    for part in ("<dt>The docs say</dt><dd>description: max chars=250.",
                 "<dt>Expected</dt><dd>400 (any 400 api_error_code) naming description</dd>",
                 "<dt>Observed</dt><dd>HTTP 200 (accepted)</dd>", "<h5>Request</h5>", "<h5>Response</h5>",
                 '<pre class="curl">curl -X POST'):
        assert part in broken[0]


def test_what_broke_comes_before_the_legend_and_any_table(stepped: Results) -> None:
    html = render_html(stepped)
    what_broke = html.index('<section id="what-broke"')
    assert what_broke < html.index('id="legend"') < html.index("<table")
    headings = re.findall(r'<h3 id="group-(\w+)">', html)
    assert headings == ["broken", "questionable", "waived"]
    assert [len(cards(html, verdict)) for verdict in headings] == [2, 1, 1]
    starts = [html.index(f'<article class="card card-{verdict}"') for verdict in headings]
    assert starts == sorted(starts)


def test_a_card_links_its_reproducer_as_a_download_inside_the_page(stepped: Results) -> None:
    html = render_html(stepped)
    link = re.search(r'<a class="reproducer" download="([^"]+)" href="data:text/x-shellscript;base64,([^"]+)">',
                     html)
    assert link is not None
    assert link.group(1) == "sandbox-pc1-metered--v2.charge.description.max_length.sh"
    script = base64.b64decode(link.group(2)).decode("utf-8")
    entry = next(e for op in stepped["sites"][0]["operations"] for e in op["rules"]
                 if e["rule"] == "v2.charge.description.max_length")
    assert script == reproducer(Subject("sandbox-pc1-metered", "v2.charge", entry, "0.1.0"))
    assert "setup 1/1" in script and PLANTED_KEY not in script
    assert "creates its fixtures (1 setup request), then sends the request" in html


def test_a_card_without_steps_says_its_script_sends_the_recorded_request_alone(stepped: Results) -> None:
    questionable = cards(render_html(stepped), "questionable")[0]
    assert 'download="sandbox-pc1-metered--v2.charge.date_from.before_date_to.sh"' in questionable
    assert "sends the recorded request alone: its fixtures were not recorded" in questionable


def test_a_cascaded_failure_links_to_its_cause_instead_of_saying_not_recorded(stepped: Results) -> None:
    html = render_html(stepped)
    cascade = next(card for card in cards(html, "broken") if f"<code>{CASCADE_RULE}</code>" in card)
    cause = 'href="#sandbox-pc1-metered-v2.charge.description.max_length"'
    assert f'<dt>Caused by</dt><dd><a class="cause" {cause}>' in cascade
    assert 'id="sandbox-pc1-metered-v2.charge.description.max_length"' in html
    assert "not recorded" not in cascade and 'class="reproducer"' not in cascade
    assert "no request of its own: the reproducer of its cause shows it" in cascade


def test_every_card_explains_its_binding_where_it_stands(stepped: Results) -> None:
    for verdict, binding in (("broken", "loose"), ("questionable", "convention"), ("waived", "exact")):
        card = cards(render_html(stepped), verdict)[0]
        assert f'<dt>Binding</dt><dd><a href="#binding-{binding}"><code>{binding}</code></a> — ' in card
    assert "the docs say the request is wrong but not how it fails" in cards(render_html(stepped), "broken")[0]


def test_a_waived_card_says_why(stepped: Results) -> None:
    waived = cards(render_html(stepped), "waived")[0]
    assert "<dt>Waived</dt><dd>vendor ticket 1234 (was: the answer is text/html, not application/json)</dd>" in waived


def test_the_target_comes_first_and_names_the_sandbox_faults(doc: Results) -> None:
    faulty = copy.deepcopy(doc)
    faulty["run"]["target"] = "bundled sandbox (faults: amount_zero_accepted; quirks: lenient_dates)"
    html = render_html(faulty)
    target = '<p class="target"><span>Target</span> <strong>bundled sandbox (faults: amount_zero_accepted; quirks: ' \
             "lenient_dates)</strong></p>"
    assert target in html and html.index(target) < html.index('<ul class="counts"')


def test_nothing_broke_says_so_where_the_cards_would_be(doc: Results) -> None:
    clean = copy.deepcopy(doc)
    for site in clean["sites"]:
        for op in site["operations"]:
            op["rules"] = [e for e in op["rules"] if e["verdict"] not in ("broken", "questionable")]
    html = render_html(clean)
    assert "Nothing broke: no rule was found broken, questionable or waived." in html
    assert "<article" not in html


def test_a_site_lists_its_cards(stepped: Results) -> None:
    html = render_html(stepped)
    section = html[html.index('<section aria-labelledby="site-sandbox-pc2-metered"'):]
    link = '<a class="v-waived" href="#sandbox-pc2-metered-protocol.content_type">≈ protocol.content_type</a>'
    assert link in section


def test_every_matrix_cell_says_its_verdict_in_words(doc: Results) -> None:
    matrices = re.findall(r'<table class="matrix">.*?</table>', render_html(doc), flags=re.S)
    assert len(matrices) == len(doc["sites"])
    cell = re.compile(r'<td class="v-([\w-]+)"[^>]*>(.*?)</td>')
    cells = [found for matrix in matrices for found in cell.findall(matrix)]
    assert len(cells) == doc["summary"]["total"]
    for verdict, content in cells:
        assert verdict.replace("-", " ") in content
    assert {verdict for verdict, _ in cells} == {
        "broken", "questionable", "held", "observed", "not-exercised", "skipped"}


def test_a_verdict_with_a_space_is_one_css_class() -> None:
    assert css_class("not exercised") == "v-not-exercised"
    assert css_class("questionable") == "v-questionable"


def test_every_verdict_has_a_style_and_a_count_at_the_top(doc: Results) -> None:
    html = render_html(doc)
    for verdict in VERDICTS:
        assert f".{css_class(verdict)} {{" in html, f"no style for {verdict}"
    counts = re.search(r'<ul class="counts".*?</ul>', html, flags=re.S)
    assert counts is not None
    assert '<li class="v-questionable">? 1 questionable</li>' in counts.group()
    assert '<li class="v-not-exercised">○ 2 not exercised</li>' in counts.group()


def test_the_legend_explains_every_verdict_and_binding_before_the_first_site(doc: Results) -> None:
    html = render_html(doc)
    legend = re.search(r'<section class="key" id="legend".*?</section>', html, flags=re.S)
    assert legend is not None
    terms = re.findall(r"<dt[^>]*>(.*?)</dt>", legend.group())
    assert [re.sub(r"<[^>]+>", "", term).split(" ", 1)[-1] for term in terms] == [*VERDICTS, *BINDINGS]
    assert '<dt id="binding-loose"><code>loose</code></dt><dd>the docs say the request is wrong but not how it ' \
           "fails: any HTTP 400 or 409 with a JSON error, naming the parameter when the rule is tied to one</dd>" \
           in legend.group()
    assert legend.start() < html.index('<section aria-labelledby="site-')


def test_every_questionable_rule_has_a_card_with_the_evidence(doc: Results) -> None:
    html = render_html(doc)
    questionable = cards(html, "questionable")
    assert len(questionable) == doc["summary"]["questionable"] == 1
    for part in ("<code>v2.charge.date_from.before_date_to</code></h4>",
                 "<dt>Tried</dt><dd>4 examples (4 exercising the rule), 4 requests, in ",
                 '<pre class="why">date_from is one day after date_to</pre>', '<pre class="curl">curl -X POST'):
        assert part in questionable[0]
    assert 'href="#sandbox-pc1-metered-v2.charge.date_from.before_date_to"' in html


def test_rules_not_exercised_are_listed_by_reason(doc: Results) -> None:
    html = render_html(doc)
    blocks = re.findall(r'<details class="not-exercised">.*?</details>', html, flags=re.S)
    assert len(blocks) == 2
    assert "<summary>Rules not exercised (1)</summary>\n<h4>no example sent a coupon (1)</h4>" in blocks[0]
    assert "<h4>profile names no non_one_time_coupon (1)</h4>" in blocks[1]


def test_the_header_says_whether_convention_rules_fail_the_run(doc: Results) -> None:
    assert "<dt>Convention rules</dt><dd>one found broken is reported questionable" in render_html(doc)
    strict = build_results(RAW, META | {"strict": True}, catalog=CATALOG)
    assert "<dt>Convention rules</dt><dd>strict: one found broken is reported broken" in render_html(strict)


def test_rows_share_the_rule_name_across_operations() -> None:
    assert row_label("v2.charge", "v2.charge.response.sub_total") == "response.sub_total"
    assert row_label("v2.charge", "v2.idempotency.replay") == "v2.idempotency.replay"
