"""What broke, first: one card per broken, questionable and waived rule, with its reproducer and, for a failure
caused by another, a link to the card of its cause. The HTML report puts the cards before any table; the
report commands also write each card's reproducer as `reproducers/<site>--<rule>.sh` (reports/cli.py)."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path

from chargebee_conformance.reports.document import BROKEN, QUESTIONABLE, WAIVED, Results, RuleEntry
from chargebee_conformance.reports.reproducer import Subject, reproducer, script_name
from chargebee_conformance.reports.steps import SETUP, parse_steps

# In the order they need attention; each group under a heading of its own.
CARD_VERDICTS = (BROKEN, QUESTIONABLE, WAIVED)
GROUP_NOTES = {
    BROKEN: "Promises of the docs the target did not keep: these fail the run.",
    QUESTIONABLE: "Convention rules the target did not keep: no sentence of the docs demands them, so they fail a "
                  "run only with --strict.",
    WAIVED: "Broken, but listed in the baseline file (--waivers): they do not fail the run.",
}


@dataclass(frozen=True)
class Failing:
    """A rule that needs a card: where it broke, and the script that reproduces it ("" when it has none)."""

    site: str
    operation: str
    entry: RuleEntry
    script_name: str
    script: str


@dataclass(frozen=True)
class Cause:
    rule: str
    anchor: str  # the cause's card; "" when the cause has none


@dataclass(frozen=True)
class Card:
    anchor: str
    site_anchor: str
    failing: Failing
    causes: tuple[Cause, ...]
    setups: int  # setup requests the reproducer sends first; 0 also when the steps were not recorded
    from_steps: bool  # the reproducer creates its fixtures (False: the recorded request alone)

    @property
    def entry(self) -> RuleEntry:
        return self.failing.entry

    @property
    def script_href(self) -> str:
        """The script inside the page: the report stays one self-contained file."""
        encoded = base64.b64encode(self.failing.script.encode("utf-8")).decode("ascii")
        return f"data:text/x-shellscript;base64,{encoded}" if self.failing.script else ""

    @property
    def case_rule(self) -> str:
        """The rule the failing case was built to break, when that is another rule (a content type found wrong
        on a rejection, a cascade). "" also stands for a valid case or an older file: neither is named."""
        failure = self.entry["failure"]
        case_rule = failure.get("case_rule") if failure else None
        return case_rule if isinstance(case_rule, str) and case_rule != self.entry["rule"] else ""


@dataclass(frozen=True)
class CardGroup:
    verdict: str
    note: str
    cards: tuple[Card, ...]


def failing_rules(doc: Results) -> list[Failing]:
    """Every broken, questionable and waived rule in card order (by verdict, then site and operation as in the
    document; a failure caused by another after the rest), each with a file name no other card has."""
    found = [(site["name"], op["id"], entry) for site in doc["sites"] for op in site["operations"]
             for entry in op["rules"] if entry["verdict"] in CARD_VERDICTS]
    found.sort(key=lambda item: (CARD_VERDICTS.index(item[2]["verdict"]), bool(_caused_by(item[2]))))
    names: set[str] = set()
    failing = []
    for site, operation, entry in found:
        name = _unique(script_name(site, entry["rule"]), names, operation)
        script = reproducer(Subject(site, operation, entry, doc["run"]["tool_version"]))
        failing.append(Failing(site, operation, entry, name, script))
    return failing


def write_reproducers(doc: Results, folder: Path) -> list[Path]:
    """Each card's script as `folder/<site>--<rule>.sh` (executable); the scripts of an earlier render there
    go first, so the folder never holds one for a rule that no longer fails."""
    for stale in folder.glob("*.sh") if folder.is_dir() else ():
        stale.unlink()
    written = []
    for item in failing_rules(doc):
        if item.script:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / item.script_name
            path.write_text(item.script, encoding="utf-8")
            path.chmod(0o755)
            written.append(path)
    return written


def card_groups(failing: list[Failing], anchors: dict[tuple[str, str, str], str],
                site_anchors: dict[str, str]) -> tuple[CardGroup, ...]:
    """Cards by verdict; `anchors` holds the card id of every (site, operation, rule)."""
    cards = [_card(item, anchors, site_anchors) for item in failing]
    return tuple(CardGroup(verdict, GROUP_NOTES[verdict], tuple(c for c in cards if c.entry["verdict"] == verdict))
                 for verdict in CARD_VERDICTS if any(c.entry["verdict"] == verdict for c in cards))


def _card(item: Failing, anchors: dict[tuple[str, str, str], str], site_anchors: dict[str, str]) -> Card:
    steps = parse_steps(item.entry["failure"].get("steps") if item.entry["failure"] else None)
    causes = tuple(Cause(rule, _cause_anchor(item, rule, anchors)) for rule in _caused_by(item.entry))
    return Card(anchors[(item.site, item.operation, item.entry["rule"])], site_anchors.get(item.site, ""), item,
                causes, sum(1 for step in steps if step.label == SETUP), bool(steps))


def _cause_anchor(item: Failing, rule: str, anchors: dict[tuple[str, str, str], str]) -> str:
    """The cause's card on the same site, under the same operation if it has one there."""
    same = anchors.get((item.site, item.operation, rule))
    return same or next((anchor for (site, _, other), anchor in anchors.items()
                         if site == item.site and other == rule), "")


def _caused_by(entry: RuleEntry) -> list[str]:
    failure = entry["failure"]
    causes = failure.get("caused_by") if failure else None
    return [cause for cause in causes if isinstance(cause, str)] if isinstance(causes, list) else []


def _unique(name: str, taken: set[str], operation: str) -> str:
    """A cross-cutting rule broken under two operations gets two files: the second names its operation."""
    if name in taken:
        name = name.removesuffix(".sh") + "--" + re.sub(r"[^A-Za-z0-9_.-]+", "-", operation) + ".sh"
    number, stem = 2, name.removesuffix(".sh")
    while name in taken:
        name, number = f"{stem}-{number}.sh", number + 1
    taken.add(name)
    return name
