"""The static HTML report: self-contained, escaped, every broken rule expandable; pinned by a snapshot."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from reports.document import Results
from reports.html import render_html, row_label
from tests.reports.support import assert_matches_snapshot


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
    cell = re.compile(r'<td class="v-(\w+)"[^>]*>(.*?)</td>')
    cells = [found for matrix in matrices for found in cell.findall(matrix)]
    assert len(cells) == doc["summary"]["total"]
    for verdict, content in cells:
        assert verdict in content


def test_rows_share_the_rule_name_across_operations() -> None:
    assert row_label("v2.charge", "v2.charge.response.sub_total") == "response.sub_total"
    assert row_label("v2.charge", "v2.idempotency.replay") == "v2.idempotency.replay"
