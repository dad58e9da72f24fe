"""The static HTML report: self-contained, escaped, every broken and questionable rule expandable, every verdict
styled and explained; pinned by a snapshot."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from chargebee_conformance.reports.document import BINDINGS, VERDICTS, Results
from chargebee_conformance.reports.html import css_class, render_html, row_label
from chargebee_conformance.reports.results import build_results
from tests.reports.support import CATALOG, META, RAW, assert_matches_snapshot


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


def test_the_rendered_report_matches_its_snapshot(doc: Results) -> None:
    assert_matches_snapshot("report.html", render_html(doc))


def test_rendering_twice_gives_the_same_bytes(doc: Results) -> None:
    assert render_html(doc) == render_html(doc)


def test_the_report_is_self_contained(doc: Results) -> None:
    tags = parsed(render_html(doc))
    assert not [t for t, _ in tags if t in ("script", "link", "img", "iframe", "object")]
    hrefs = [attrs["href"] or "" for tag, attrs in tags if tag == "a"]
    assert hrefs and all(href.startswith("#") for href in hrefs)
    ids = {attrs["id"] for _, attrs in tags if attrs.get("id")}
    assert {href[1:] for href in hrefs} <= ids, "a link points nowhere"


def test_text_from_the_target_is_escaped(doc: Results) -> None:
    html = render_html(doc)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;html&gt;Bad | request&lt;/html&gt;" in html


def test_every_broken_rule_has_a_details_element_with_the_evidence(doc: Results) -> None:
    html = render_html(doc)
    blocks = re.findall(r'<details class="failure">.*?</details>', html, flags=re.S)
    assert len(blocks) == doc["summary"]["broken"]
    first = blocks[0]
    for part in ("description: max chars=250.", "400 (any 400 api_error_code) naming description",
                 "<h4>Request</h4>", "<h4>Response</h4>", '<pre class="curl">curl -X POST'):
        assert part in first


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
    terms = re.findall(r"<dt>(.*?)</dt>", legend.group())
    assert [re.sub(r"<[^>]+>", "", term).split(" ", 1)[-1] for term in terms] == [*VERDICTS, *BINDINGS]
    assert "<dt><code>loose</code></dt><dd>the docs say the request is wrong but not how it fails: any HTTP 400 " \
           "or 409 with a JSON error, naming the parameter when the rule is tied to one</dd>" in legend.group()
    assert legend.start() < html.index('<section aria-labelledby="site-')


def test_every_questionable_rule_has_a_details_element_with_the_evidence(doc: Results) -> None:
    html = render_html(doc)
    blocks = re.findall(r'<details class="questionable">.*?</details>', html, flags=re.S)
    assert len(blocks) == doc["summary"]["questionable"] == 1
    for part in ("<code>v2.charge.date_from.before_date_to</code> (convention): expected 400",
                 "<dt>Tried</dt><dd>4 examples (4 exercising the rule), 4 requests</dd>",
                 "<pre>date_from is one day after date_to</pre>", '<pre class="curl">curl -X POST'):
        assert part in blocks[0]
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
