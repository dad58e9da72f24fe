"""The trend over many runs: broken, held and not-exercised rules per run, from a folder of results.json files
(a weekly live job keeps one per run), as one static page with an inline SVG chart and the same numbers in a
table. No script: the chart is drawn here, in Python.

A file that cannot be read as results is skipped with a warning (listed on the page and returned to the caller
for stderr); a folder without a single usable file is a ReportError.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from chargebee_conformance.reports.document import BROKEN, HELD, NOT_EXERCISED, ReportError, Results
from chargebee_conformance.reports.html import jinja_environment
from chargebee_conformance.reports.results import load_results

RESULTS_NAME = "results.json"
# The series drawn, in legend order: (verdict, colour, dash pattern, marker). Colour is never the only signal:
# each line has its own dash pattern and marker shape.
SERIES = ((BROKEN, "#b3261e", "", "circle"), (HELD, "#1a7f37", "6 4", "square"),
          (NOT_EXERCISED, "#953800", "2 3", "diamond"))
WIDTH, HEIGHT = 760, 320
LEFT, RIGHT, TOP, BOTTOM = 52, 150, 16, 48  # the legend sits in the right margin
MAX_X_LABELS = 12


@dataclass(frozen=True)
class RunPoint:
    """One results.json: when it started and its counts."""

    path: str  # relative to the folder read
    started_at: str
    moment: datetime
    mode: str
    target: str
    counts: dict[str, int]

    @property
    def day(self) -> str:
        return self.moment.date().isoformat()


@dataclass(frozen=True)
class Trend:
    folder: str
    runs: tuple[RunPoint, ...]
    warnings: tuple[str, ...]


def collect(folder: Path | str) -> Trend:
    """Every results.json under `folder` (recursively), oldest run first."""
    root = Path(folder)
    if not root.is_dir():
        raise ReportError(f"trend: {root} is not a folder of results.json files")
    runs: list[RunPoint] = []
    warnings = []
    seen: dict[tuple[str, str, str], str] = {}  # a run kept twice (latest copy and history) counts once
    for path in sorted(root.rglob(RESULTS_NAME)):
        shown = path.relative_to(root).as_posix()
        try:
            point = _point(shown, load_results(path))
        except ReportError as error:
            warnings.append(f"skipped {shown}: {_without_path(str(error), path)}")
            continue
        same = (point.started_at, point.target, point.mode)
        if same in seen:
            warnings.append(f"skipped {shown}: the same run as {seen[same]}")
            continue
        seen[same] = shown
        runs.append(point)
    if not runs:
        found = f" ({len(warnings)} unusable)" if warnings else ""
        raise ReportError(f"trend: no usable {RESULTS_NAME} under {root}{found}")
    runs.sort(key=lambda run: (run.moment, run.path))
    return Trend(str(root), tuple(runs), tuple(warnings))


def _point(shown: str, doc: Results) -> RunPoint:
    run = doc["run"]
    try:
        moment = datetime.fromisoformat(str(run["started_at"]))
    except ValueError:
        raise ReportError(f"run.started_at {run['started_at']!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    counts = {verdict: int(doc["summary"].get(verdict, 0)) for verdict, *_ in SERIES}
    return RunPoint(shown, str(run["started_at"]), moment, str(run["mode"]), str(run["target"]), counts)


def _without_path(message: str, path: Path) -> str:
    """load_results names the file; the warning already does."""
    return message.removeprefix(f"results file {path}: ")


# -- the chart ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int
    label: str  # the tooltip: "2026-01-13: 3 broken"


@dataclass(frozen=True)
class Line:
    verdict: str
    colour: str
    dash: str
    marker: str
    points: tuple[Point, ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    right: float  # x of the plot's right edge
    top: int
    bottom: float  # y of the plot's baseline
    lines: tuple[Line, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]


def chart(runs: tuple[RunPoint, ...]) -> Chart:
    """Runs evenly spaced from left to right (oldest first), counts from 0 up to a round maximum."""
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    top_value, step = _scale(max(run.counts[verdict] for run in runs for verdict, *_ in SERIES))
    xs = [LEFT + (right - LEFT) / 2] if len(runs) == 1 else [
        LEFT + index * (right - LEFT) / (len(runs) - 1) for index in range(len(runs))]

    def y(value: int) -> float:
        return bottom - value * (bottom - TOP) / top_value

    lines = tuple(Line(verdict, colour, dash, marker, tuple(
        Point(x, y(run.counts[verdict]), run.counts[verdict], f"{run.started_at}: {run.counts[verdict]} {verdict}")
        for x, run in zip(xs, runs, strict=True))) for verdict, colour, dash, marker in SERIES)
    y_ticks = tuple(Tick(y(value), str(value)) for value in range(0, top_value + 1, step))
    every = math.ceil(len(runs) / MAX_X_LABELS)  # many runs: label every n-th, the table has them all
    x_ticks = tuple(Tick(x, run.day) for index, (x, run) in enumerate(zip(xs, runs, strict=True))
                    if index % every == 0)
    return Chart(WIDTH, HEIGHT, LEFT, right, TOP, bottom, lines, y_ticks, x_ticks)


def _scale(highest: int) -> tuple[int, int]:
    """A round top of the axis and its tick step (about five ticks): 7 -> (8, 2), 120 -> (150, 50), 0 -> (1, 1)."""
    if highest <= 0:
        return 1, 1
    raw = highest / 5
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return step * math.ceil(highest / step), step


# -- the page ----------------------------------------------------------------------------------------------------
def render_trend(trend: Trend) -> str:
    template = jinja_environment().get_template("trend.html.j2")
    return template.render(folder=trend.folder, runs=trend.runs, latest=trend.runs[-1], warnings=trend.warnings,
                           chart=chart(trend.runs))


def write_trend(folder: Path | str, output: Path | str | None = None) -> tuple[Path, tuple[str, ...]]:
    """trend.html (default: in `folder`) from every results.json under `folder`; returns its path and the
    warnings about skipped files. Raises ReportError when no file is usable."""
    trend = collect(folder)
    path = Path(folder) / "trend.html" if output is None else Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_trend(trend), encoding="utf-8")
    return path, trend.warnings
