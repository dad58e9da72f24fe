"""The README's rule table (issue #2 item 7) is rendered from `spec/` and kept current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chargebee_conformance.spec.operations import OPERATIONS
from chargebee_conformance.spec.promises import PROTOCOL_RULES
from chargebee_conformance.spec.rule_table import COMMAND, END, START, main, render, replace_region
from tests.spec.conftest import REPO_ROOT

README = REPO_ROOT / "README.md"
ROW = re.compile(r"^\| [^|]+ \| `(?P<id>[^`]+)` \|")
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def region(text: str) -> str:
    return text[text.index(START) + len(START):text.index(END)].strip("\n")


def test_the_readme_rule_table_is_current() -> None:
    assert region(README.read_text(encoding="utf-8")) == render(), (
        f"README.md's rule table is stale: regenerate it with `{COMMAND}`"
    )


def test_every_rule_has_exactly_one_row() -> None:
    ids = [m["id"] for line in render().splitlines() if (m := ROW.match(line))]
    expected = [r.id for op in OPERATIONS for r in op.rules] + [r.id for r in PROTOCOL_RULES]
    assert ids == expected


def test_every_row_has_five_cells_with_pipes_in_text_escaped() -> None:
    rows = [line for line in render().splitlines() if line.startswith("| ")]
    assert rows
    bad = [row for row in rows if len(UNESCAPED_PIPE.findall(row)) != 6]
    assert not bad, bad[:3]
    assert "naming customer_id\\|subscription_id" in render()


def test_each_operation_has_a_heading_and_a_count_line() -> None:
    text = render()
    for op in OPERATIONS:
        section = text.split(f"### {op.id}: ", 1)[1]
        assert f"**{len(op.rules)} rules**: " in section.split("\n|", 1)[0]
    assert f"### Protocol rules\n\n**{len(PROTOCOL_RULES)} rules**: {len(PROTOCOL_RULES)} protocol." in text


def test_replacing_the_region_keeps_the_markers_and_everything_else() -> None:
    text = f"# Title\n\nbefore\n{START}\nold table\n{END}\nafter\n"
    assert replace_region(text, "new") == f"# Title\n\nbefore\n{START}\nnew\n{END}\nafter\n"


@pytest.mark.parametrize("text", ["no markers", f"{END}\n{START}\n", f"{START} only"])
def test_missing_or_misordered_markers_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="markers"):
        replace_region(text, "new")


def test_check_fails_on_a_stale_file_then_passes_after_writing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{START}\nstale\n{END}\noutro\n", encoding="utf-8")
    assert main(["--check", "--readme", str(readme)]) == 1
    message = capsys.readouterr().err
    assert message.count("\n") == 1 and COMMAND in message and str(readme) in message
    assert main(["--readme", str(readme)]) == 0
    assert main(["--check", "--readme", str(readme)]) == 0
    written = readme.read_text(encoding="utf-8")
    assert written.startswith(f"intro\n{START}\n") and written.endswith(f"\n{END}\noutro\n")


def test_a_readme_without_markers_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("no markers here\n", encoding="utf-8")
    assert main(["--readme", str(readme)]) == 2
    assert "markers" in capsys.readouterr().err
    assert readme.read_text(encoding="utf-8") == "no markers here\n"
