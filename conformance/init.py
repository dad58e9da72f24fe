"""`chargebee-conformance init`: a starter profile, a waivers file and a CI workflow in the working directory."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from chargebee_conformance import __version__

STARTER = "chargebee_conformance.suite"


@dataclass(frozen=True)
class Starter:
    source: str  # file under conformance/starter/
    target: Path  # where it goes, relative to the working directory


FILES = (
    Starter("profile.toml", Path("chargebee-conformance") / "profile.toml"),
    Starter("waivers.toml", Path("chargebee-conformance") / "waivers.toml"),
    Starter("workflow.yml", Path(".github") / "workflows" / "chargebee-conformance.yml"),
)


def write_starters(directory: Path, *, force: bool = False) -> list[Path]:
    """Write the starter files; an existing file is kept unless `force` (raises FileExistsError naming them)."""
    existing = [directory / f.target for f in FILES if (directory / f.target).exists()]
    if existing and not force:
        raise FileExistsError(", ".join(str(p) for p in existing))
    written = []
    for starter in FILES:
        text = resources.files(STARTER).joinpath("starter", starter.source).read_text(encoding="utf-8")
        version = __version__ if "+" not in __version__ else "0.1.0"
        path = directory / starter.target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("__VERSION__", version), encoding="utf-8")
        written.append(path)
    return written
