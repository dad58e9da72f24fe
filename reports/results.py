"""The versioned results document (`reports/SCHEMA.md`): built from a run's raw results, written, read back.

`build_results` is the only place raw results become a report; JUnit, HTML and the diff read its output.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from chargebee_conformance.reports.catalog import Catalog, spec_catalog
from chargebee_conformance.reports.document import (
    BROKEN,
    CONVENTION,
    QUESTIONABLE,
    SCHEMA,
    SCHEMA_V1,
    SKIPPED,
    UNJUDGED,
    VERDICTS,
    Failure,
    OperationEntry,
    ReportError,
    Results,
    RuleEntry,
    RunInfo,
    SiteEntry,
    count_verdicts,
)
from chargebee_conformance.reports.merge import Judgement, Key, merge, read_errors, read_raw
from chargebee_conformance.reports.redact import clean_url, redact_tree
from chargebee_conformance.reports.upgrade import upgraded

if TYPE_CHECKING:
    from chargebee_conformance.spec.profile import SiteProfile

RUN_KEYS = ("target", "mode", "seed", "started_at", "duration_seconds", "docs_snapshot", "model_version",
            "tool_version", "hypothesis_version", "strict", "sites")
SITE_KEYS = ("name", "profile", "target", "api_versions", "product_catalog")
__all__ = ["ReportError", "Results", "build_results", "load_results", "reported_verdict", "site_meta", "write_results"]

UNKNOWN = "unknown"
# The evidence the suite writes (conformance/evidence.py): an optional explanation, then "request:" and
# "response:" blocks at the start of a line.
REQUEST_MARK = re.compile(r"^request:", re.MULTILINE)
RESPONSE_MARK = re.compile(r"^response:", re.MULTILINE)


def site_meta(profile: SiteProfile, target: str = "") -> dict[str, Any]:
    """The `meta["sites"]` entry of one profile. Only the file name of the profile is kept: an absolute path
    differs between machines and would turn every CI-versus-laptop diff noisy."""
    return {
        "name": profile.name, "profile": Path(profile.path).name if profile.path else "",
        "target": target, "api_versions": sorted(profile.api_versions),
        "product_catalog": profile.product_catalog.value,
    }


def build_results(raw_dir: Path | str, meta: Mapping[str, Any], *, catalog: Catalog | None = None) -> Results:
    """Merge the raw results in `raw_dir` into the results document.

    `meta` keys (all optional): target, mode, seed, started_at (ISO text or datetime), duration_seconds
    (measure with time.perf_counter), docs_snapshot, model_version, strict (bool, default False: a convention
    rule found broken is reported questionable; True reports it broken), sites (a list of `site_meta(...)`
    dicts); tool_version and hypothesis_version override the installed versions (snapshot tests). Rules of the
    catalog (default: the model in `spec/`) that no test judged on a site are listed as skipped, with the reason
    "no test judged it on this site"."""
    unknown = sorted(set(meta) - set(RUN_KEYS))
    if unknown:
        raise ReportError(f"unknown meta key(s) {', '.join(unknown)}; known: {', '.join(RUN_KEYS)}")
    catalog = catalog or spec_catalog()
    lines, warnings = read_raw(Path(raw_dir))
    merged = merge(lines, catalog.operation_of)
    run = _run_info(meta)
    sites = [_site(site, run, merged, catalog) for site in _site_metas(meta, merged)]
    doc: Results = {
        "schema": SCHEMA, "run": run,
        "summary": count_verdicts([e for site in sites for op in site["operations"] for e in op["rules"]]),
        "sites": sites, "warnings": warnings, "errors": read_errors(Path(raw_dir)),  # type: ignore[typeddict-item]
    }
    return redact_tree(doc)


def _run_info(meta: Mapping[str, Any]) -> RunInfo:
    started = meta.get("started_at") or ""
    duration = meta.get("duration_seconds")
    return {
        "target": clean_url(str(meta.get("target") or "")), "mode": str(meta.get("mode") or UNKNOWN),
        "seed": meta.get("seed") if isinstance(meta.get("seed"), int) else None,
        "started_at": (started.isoformat(timespec="seconds") if isinstance(started, datetime)
                       else str(started)),
        "duration_seconds": round(float(duration), 3) if duration is not None else None,
        "tool_version": str(meta.get("tool_version") or _version("chargebee-conformance")),
        "hypothesis_version": str(meta.get("hypothesis_version") or _version("hypothesis")),
        "docs_snapshot": str(meta.get("docs_snapshot") or UNKNOWN),
        "model_version": str(meta.get("model_version") or UNKNOWN),
        "strict": _strict(meta.get("strict", False)),
    }


def _strict(value: object) -> bool:
    # Refused rather than coerced: bool("false") is True, and a wrong strictness changes verdicts.
    if not isinstance(value, bool):
        raise ReportError(f"meta strict must be true or false, got {value!r}")
    return value


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:  # running from a checkout that was never pip-installed
        return "0+unknown"


def _site_metas(meta: Mapping[str, Any], merged: Mapping[Key, Judgement]) -> list[dict[str, Any]]:
    """The sites of the run: those meta names plus any that only the raw results know, sorted by name."""
    given: dict[str, dict[str, Any]] = {}
    for site in meta.get("sites") or []:
        unknown = sorted(set(site) - set(SITE_KEYS))
        if unknown or not site.get("name"):
            raise ReportError(f"meta site {site.get('name', '?')!r}: needs a name; unknown key(s) "
                              f"{', '.join(unknown) or 'none'}; known: {', '.join(SITE_KEYS)}")
        given[str(site["name"])] = dict(site)
    for site_name, _, _ in merged:
        given.setdefault(site_name, {"name": site_name})
    return [given[name] for name in sorted(given)]


def _site(meta: Mapping[str, Any], run: RunInfo, merged: Mapping[Key, Judgement],
          catalog: Catalog) -> SiteEntry:
    name = str(meta["name"])
    judged = [j for j in merged.values() if j.site == name]
    entries = [(j.operation, _entry(j, catalog, strict=run["strict"])) for j in judged]
    seen = {j.rule for j in judged}  # a rule judged under any operation counts as exercised on this site
    entries += [(info.operation, _unjudged(info.rule, catalog))
                for info in catalog.rules if info.rule not in seen]
    order = {op: index for index, op in enumerate(catalog.operations())}
    operations: dict[str, list[RuleEntry]] = {}
    for op in sorted({op for op, _ in entries}, key=lambda op: (order.get(op, len(order)), op)):
        operations[op] = sorted((e for o, e in entries if o == op),
                                key=lambda e: (catalog.position(e["rule"]), e["rule"]))
    return {
        "name": name, "profile": str(meta.get("profile") or ""),
        "target": clean_url(str(meta.get("target") or run["target"])),
        "api_versions": sorted(int(v) for v in meta.get("api_versions") or []),
        "product_catalog": str(meta.get("product_catalog") or ""),
        "summary": count_verdicts([e for _, e in entries]),
        "operations": [OperationEntry(id=op, rules=rules) for op, rules in operations.items()],
    }


def _entry(judgement: Judgement, catalog: Catalog, *, strict: bool) -> RuleEntry:
    info = catalog.info(judgement.rule)
    # The suite records a rule found broken in passing without its sentence: the model has it.
    binding = judgement.binding or (info.binding if info else "")
    failure = judgement.failure if judgement.verdict == BROKEN else None
    return {
        "rule": judgement.rule, "verdict": reported_verdict(judgement.verdict, binding, strict=strict),
        "binding": binding, "examples": judgement.examples, "exercised": judgement.exercised,
        "requests": judgement.requests,
        "source": judgement.source or (info.source if info else ""),
        "expected": judgement.expected or (info.expected if info else ""),
        "observed": judgement.observation, "reason": "; ".join(judgement.reasons),
        "tests": sorted(judgement.tests), "failure": _failure(failure) if failure is not None else None,
    }


def reported_verdict(verdict: str, binding: str, *, strict: bool) -> str:
    """A convention rule is one no sentence of the docs makes wrong, so finding it broken questions the target
    without failing the run, unless the run was strict."""
    if verdict == BROKEN and binding == CONVENTION and not strict:
        return QUESTIONABLE
    return verdict


def _unjudged(rule: str, catalog: Catalog) -> RuleEntry:
    info = catalog.info(rule)
    assert info is not None
    return {
        "rule": rule, "verdict": SKIPPED, "binding": info.binding, "examples": 0, "exercised": 0, "requests": 0,
        "source": info.source, "expected": info.expected, "observed": "", "reason": UNJUDGED,
        "tests": [], "failure": None,
    }


def _failure(raw: Mapping[str, Any]) -> Failure:
    """Split the evidence into explanation, request and response so the HTML can show each on its own."""
    detail = str(raw.get("detail") or "")
    explanation, request, response = detail, "", ""
    start = REQUEST_MARK.search(detail)
    if start:
        explanation, rest = detail[:start.start()], detail[start.start():]
        end = RESPONSE_MARK.search(rest)
        request, response = (rest[:end.start()], rest[end.start():]) if end else (rest, "")
    return {
        "title": str(raw.get("title") or ""), "explanation": explanation.strip("\n"),
        "request": request.strip("\n"), "response": response.strip("\n"), "detail": detail,
        "curl": str(raw.get("curl") or ""),
        "steps": [dict(step) for step in raw.get("steps") or [] if isinstance(step, Mapping)],
        "case_rule": str(raw.get("case_rule") or ""),
        "caused_by": [str(rule) for rule in raw.get("caused_by") or []],
    }


# -- file I/O ------------------------------------------------------------------------------------------------
def write_results(doc: Results, path: Path | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Sorted keys and a trailing newline: two runs with equal outcomes give byte-equal files.
    path.write_text(json.dumps(redact_tree(doc), indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path


def load_results(path: Path | str) -> Results:
    """Read a results file (schema v2, or v1 upgraded to v2); a missing, corrupt or foreign file raises
    ReportError with a one-line message."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"results file {path}: not found") from None
    except IsADirectoryError:
        raise ReportError(f"results file {path}: is a directory, expected results.json") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ReportError(f"results file {path}: cannot be read ({_one_line(error)})") from None
    except json.JSONDecodeError as error:
        raise ReportError(f"results file {path}: not valid JSON ({error.msg} at line {error.lineno} "
                          f"column {error.colno})") from None
    data = upgraded(data)
    problem = _shape_problem(data)
    if problem:
        raise ReportError(f"results file {path}: {problem}")
    return cast(Results, data)


def _shape_problem(data: object) -> str:
    """Enough checking that the renderers never meet a missing key (which would end in a traceback)."""
    return next(_problems(data), "")


def _problems(data: object) -> Iterator[str]:
    if not isinstance(data, dict):
        yield "not a results document (expected a JSON object)"
        return
    if data.get("schema") != SCHEMA:
        yield (f"schema {data.get('schema')!r} is neither {SCHEMA!r} nor {SCHEMA_V1!r} (written by another "
               "version of the tool?)")
    for key, kind in (("run", dict), ("summary", dict), ("sites", list), ("warnings", list)):
        if not isinstance(data.get(key), kind):
            yield f"{key!r} is missing or not a JSON {'object' if kind is dict else 'array'}"
            return
    yield from _missing("run", data["run"], RunInfo.__required_keys__)
    yield from _missing("summary", data["summary"], frozenset({*VERDICTS, "total"}))
    for site in data["sites"]:
        where = f"site {site.get('name')!r}" if isinstance(site, dict) else "a site"
        yield from _missing(where, site, SiteEntry.__required_keys__)
        for op in site["operations"]:
            yield from _missing(f"{where}, an operation", op, frozenset({"id", "rules"}))
            for entry in op["rules"]:
                yield from _missing(f"{where}, a rule", entry, RuleEntry.__required_keys__)
                if entry["verdict"] not in VERDICTS:
                    yield f"{where}, rule {entry['rule']!r}: unknown verdict {entry['verdict']!r}"


def _missing(where: str, value: object, keys: frozenset[str]) -> Iterator[str]:
    if not isinstance(value, dict):
        yield f"{where}: not a JSON object"
    elif absent := sorted(keys - value.keys()):
        yield f"{where}: missing {', '.join(absent)}"


def _one_line(error: BaseException) -> str:
    return " ".join(str(getattr(error, "strerror", None) or error).split())
