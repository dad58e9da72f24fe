"""pytest wiring for the suite: options, the mode switch, targets, and the per-test harness.

Precedence: command-line options > environment (read once here) > defaults. The default is the safe one:
replay, with the network blocked.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from conformance.config import (
    ROOT,
    Mode,
    RunConfig,
    TargetKind,
    environment,
    load_profiles,
    profile_paths,
    resolve_target,
)
from conformance.errors import UNREACHABLE_EXIT, BudgetExhausted, ConfigError, TargetUnreachable
from conformance.harness import Harness, Shared
from conformance.pacing import TEST_SITE_REQUESTS_PER_MINUTE, Budget, RateLimiter
from conformance.results import ResultsWriter
from spec.profile import SiteProfile

DEFAULT_RESULTS = ROOT / "reports" / "out" / "raw"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("chargebee-conformance")
    group.addoption("--mode", choices=[m.value for m in Mode], default=Mode.REPLAY.value,
                    help="replay (default: cassettes only, no network), record (live, writes cassettes), live")
    group.addoption("--profile", action="append", default=[], metavar="FILE",
                    help="site profile (TOML), repeatable; default: the three shipped sandbox sites")
    group.addoption("--budget", type=int, default=None, help="cap on requests for the whole run")
    group.addoption("--examples", type=int, default=2, help="generated examples per property (record/live)")
    group.addoption("--seed", type=int, default=None, help="Hypothesis seed (default: derived per test)")
    group.addoption("--rate-limit", type=int, default=None,
                    help=f"requests per minute (default {TEST_SITE_REQUESTS_PER_MINUTE} on a real target)")
    group.addoption("--allow-production", action="store_true", help="allow a site not ending in -test")
    group.addoption("--results-dir", default=str(DEFAULT_RESULTS), help="where per-rule results are written")
    group.addoption("--cassette-dir", default=str(ROOT / "cassettes"), help="root of the cassettes")
    group.addoption("--sandbox-fault", action="append", default=[], metavar="NAME",
                    help="start the bundled sandbox with this fault (record/live; self-tests)")
    group.addoption("--sandbox-quirk", action="append", default=[], metavar="NAME",
                    help="start the bundled sandbox with this quirk: a different choice where the docs are silent")
    group.addoption("--timeout", type=float, default=30.0, help="per-request timeout in seconds")
    group.addoption("--strict-conventions", action="store_true",
                    help="fail the run on broken `convention` rules too (default: reported as questionable)")


def build_config(config: pytest.Config) -> RunConfig:
    env = environment()
    option = config.getoption
    mode = Mode(option("--mode"))
    target = resolve_target(env, allow_production=bool(option("--allow-production")))
    if option("--examples") < 1:
        raise ConfigError(f"--examples must be at least 1, got {option('--examples')}")
    rate = option("--rate-limit")
    if rate is None and target.kind is not TargetKind.SANDBOX and mode is not Mode.REPLAY:
        rate = TEST_SITE_REQUESTS_PER_MINUTE
    return RunConfig(
        mode=mode, target=target, profiles=load_profiles(profile_paths(option("--profile"), env, target)),
        budget=option("--budget"),
        rate_limit=rate, examples=option("--examples"), seed=option("--seed"), timeout=option("--timeout"),
        proxy=env.get("HTTPS_PROXY") or None, cassette_dir=Path(option("--cassette-dir")),
        strict=bool(option("--strict-conventions")),
    )


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # the controller clears the previous run's raw results
        results = Path(config.getoption("--results-dir"))
        if results.exists() and results.name == "raw":
            shutil.rmtree(results)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "site_profile" in metafunc.fixturenames:
        try:
            env = environment()
            target = resolve_target(env, allow_production=bool(metafunc.config.getoption("--allow-production")))
            profiles = load_profiles(profile_paths(metafunc.config.getoption("--profile"), env, target))
        except ConfigError as error:
            raise pytest.UsageError(str(error)) from None
        metafunc.parametrize("site_profile", profiles, ids=[p.name for p in profiles])


@pytest.fixture(scope="session")
def run_config(pytestconfig: pytest.Config) -> RunConfig:
    try:
        return build_config(pytestconfig)
    except ConfigError as error:
        raise pytest.UsageError(str(error)) from None


SUMMARY: list[Shared] = []


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> Any:
    """A spent request budget skips what is left of the run; it is a limit the user set, not a failure."""
    try:
        return (yield)
    except BudgetExhausted as spent:
        pytest.skip(f"{spent}: raise --budget to judge the rest")
    except TargetUnreachable as error:
        # Nothing else can be judged either: one line, and the run's own exit code (cli maps it to 3).
        pytest.exit(f"target unreachable: {error}", returncode=UNREACHABLE_EXIT)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Requests per operation (without xdist; with it, results.json carries requests per rule)."""
    if not SUMMARY or not SUMMARY[0].requests:
        return
    counts = SUMMARY[0].requests
    total = sum(counts.values())
    terminalreporter.write_sep("-", f"{total} requests sent or replayed")
    for label, count in sorted(counts.items()):
        terminalreporter.write_line(f"  {label:<22} {count}")


@pytest.fixture(scope="session")
def shared(run_config: RunConfig, pytestconfig: pytest.Config) -> Iterator[Shared]:
    stack = ExitStack()
    started: dict[str, str] = {}
    faults = tuple(pytestconfig.getoption("--sandbox-fault"))
    quirks = tuple(pytestconfig.getoption("--sandbox-quirk"))

    def base_url(profile: SiteProfile) -> str:
        if run_config.target.kind is not TargetKind.SANDBOX:
            return run_config.target.base_url
        if profile.name not in started:
            from sandbox.testing import running_sandbox

            options: dict[str, Any] = {"quirks": quirks} if quirks else {}
            started[profile.name] = stack.enter_context(running_sandbox(profile, faults, **options))
        return started[profile.name]

    def api_key(profile: SiteProfile) -> str:
        if run_config.target.kind is TargetKind.SANDBOX:
            keys: Any = profile.sandbox.get("api_keys") or ["test_cbc_sandbox_key"]
            return str(keys[0])
        return run_config.target.api_key

    limiter = RateLimiter(run_config.rate_limit) if run_config.rate_limit else None
    results = ResultsWriter(Path(pytestconfig.getoption("--results-dir")))
    with stack:
        session = Shared(run_config, base_url, api_key, results, Budget(run_config.budget), limiter)
        SUMMARY[:] = [session]
        yield session


@pytest.fixture
def harness(shared: Shared, site_profile: SiteProfile, request: pytest.FixtureRequest) -> Iterator[Harness]:
    try:
        shared.learn(site_profile)
    except ConfigError as error:
        # A profile naming ids the site lacks (or of the wrong kind), or an unreadable catalog recording: nothing
        # the run would judge could be trusted. One line, and the usage exit code (cli maps it to 2).
        sys.stderr.write(f"chargebee-conformance: {error}\n")
        pytest.exit(str(error), returncode=pytest.ExitCode.USAGE_ERROR)
    with Harness(shared, site_profile, request.node.nodeid) as running:
        yield running
