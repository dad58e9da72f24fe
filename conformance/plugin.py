"""pytest wiring for the suite: options, the mode switch, targets, and the per-test harness.

Precedence: command-line options > environment (read once here) > defaults. The default is the safe one:
replay, with the network blocked.
"""

from __future__ import annotations

import shutil
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

import pytest

from chargebee_conformance.spec.catalog import catalog_from_json, catalog_to_json
from chargebee_conformance.spec.profile import SiteProfile
from chargebee_conformance.suite.config import (
    DEFAULT_OUTPUT,
    SUITE_DIR,
    Mode,
    RunConfig,
    TargetKind,
    environment,
    load_profiles,
    profile_paths,
    resolve_target,
)
from chargebee_conformance.suite.errors import (
    UNREACHABLE_EXIT,
    BudgetExhausted,
    CassetteMiss,
    ConfigError,
    TargetUnreachable,
)
from chargebee_conformance.suite.harness import Harness, Shared, discover_catalog
from chargebee_conformance.suite.pacing import TEST_SITE_REQUESTS_PER_MINUTE, Budget, SharedPacing
from chargebee_conformance.suite.results import ResultsWriter

DEFAULT_RESULTS = DEFAULT_OUTPUT / "raw"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("chargebee-conformance")
    group.addoption("--cbc-mode", choices=[m.value for m in Mode], default=Mode.REPLAY.value,
                    help="replay (default: cassettes only, no network), record (live, writes cassettes), live")
    group.addoption("--cbc-profile", action="append", default=[], metavar="FILE",
                    help="site profile (TOML), repeatable; default: the three shipped sandbox sites")
    group.addoption("--cbc-budget", type=int, default=None, help="cap on requests for the whole run")
    group.addoption("--cbc-examples", type=int, default=2, help="generated examples per property (record/live)")
    group.addoption("--cbc-seed", type=int, default=None, help="Hypothesis seed (default: derived per test)")
    group.addoption("--cbc-rate-limit", type=int, default=None,
                    help=f"requests per minute (default {TEST_SITE_REQUESTS_PER_MINUTE} on a real target)")
    group.addoption("--cbc-allow-production", action="store_true", help="allow a site not ending in -test")
    group.addoption("--cbc-results-dir", default=str(DEFAULT_RESULTS), help="where per-rule results are written")
    group.addoption("--cbc-cassette-dir", default=None,
                    help="root of the cassettes (default: the shipped ones for the bundled sandbox, ./cassettes for "
                    "other targets)")
    group.addoption("--cbc-sandbox-fault", action="append", default=[], metavar="NAME",
                    help="start the bundled sandbox with this fault (record/live; self-tests)")
    group.addoption("--cbc-sandbox-quirk", action="append", default=[], metavar="NAME",
                    help="start the bundled sandbox with this quirk: a different choice where the docs are silent")
    group.addoption("--cbc-timeout", type=float, default=30.0, help="per-request timeout in seconds")
    group.addoption("--cbc-strict-conventions", action="store_true",
                    help="fail the run on broken `convention` rules too (default: reported as questionable)")


def build_config(config: pytest.Config) -> RunConfig:
    env = environment()
    option = config.getoption
    mode = Mode(option("--cbc-mode"))
    target = resolve_target(env, allow_production=bool(option("--cbc-allow-production")))
    if option("--cbc-examples") < 1:
        raise ConfigError(f"--examples must be at least 1, got {option('--examples')}")
    rate = option("--cbc-rate-limit")
    if rate is None and target.kind is not TargetKind.SANDBOX and mode is not Mode.REPLAY:
        rate = TEST_SITE_REQUESTS_PER_MINUTE
    return RunConfig(
        mode=mode, target=target, profiles=load_profiles(profile_paths(option("--cbc-profile"), env, target)),
        budget=option("--cbc-budget"),
        rate_limit=rate, examples=option("--cbc-examples"), seed=option("--cbc-seed"), timeout=option("--cbc-timeout"),
        cassette_dir=Path(option("--cbc-cassette-dir")) if option("--cbc-cassette-dir") else None,
        strict=bool(option("--cbc-strict-conventions")),
    )


LEARNED = pytest.StashKey[dict[str, SiteProfile]]()
WORKER_KEY = "chargebee_conformance_catalogs"


def pytest_configure(config: pytest.Config) -> None:
    worker_input = getattr(config, "workerinput", None)
    if worker_input is not None:  # a pytest-xdist worker: the controller learned the catalogs already
        config.stash[LEARNED] = _from_worker_input(worker_input.get(WORKER_KEY))
        return
    results = Path(config.getoption("--cbc-results-dir"))  # the controller clears the previous run's raw results
    if results.exists() and results.name == "raw":
        shutil.rmtree(results)
    (results / "pacing.json").unlink(missing_ok=True)  # a new run starts with its whole budget


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """The controller learns the catalogs before any test and before xdist starts its workers."""
    config = session.config
    if hasattr(config, "workerinput"):
        return
    selected = _suite_selected(config)
    config.stash[LEARNED] = learn_catalogs(config) if selected else {}
    if selected:
        _start_progress(config)


PROGRESS_EVERY = 15.0  # seconds between progress lines of a live run


def _start_progress(config: pytest.Config) -> None:
    """A live run against a real site takes minutes at 150 requests a minute: say how far it got, every
    PROGRESS_EVERY seconds, as plain lines (they read the same in a terminal and in a CI log)."""
    try:
        run_config = build_config(config)
    except ConfigError:
        return
    pacing = run_pacing(config, run_config)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if pacing is None or reporter is None:
        return
    stop = threading.Event()
    config.add_cleanup(stop.set)

    def report() -> None:
        last = ""
        while not stop.wait(PROGRESS_EVERY):
            line = progress_line(pacing.snapshot(), run_config.budget)
            if line != last:
                reporter.write_line(line)
                last = line

    threading.Thread(target=report, name="cbc-progress", daemon=True).start()


def progress_line(snapshot: dict[str, Any], budget: int | None) -> str:
    """`progress: 212 requests of a budget of 600 (v2.charge 40, setup 30, ...); 12.0 s waited for the rate
    limit`."""
    spent: dict[str, int] = snapshot["spent"]
    total = sum(spent.values())
    per_label = ", ".join(f"{label} {count}" for label, count in sorted(spent.items(), key=lambda kv: -kv[1])[:6])
    of = f" of a budget of {budget}" if budget is not None else ""
    return (f"progress: {total} requests{of} ({per_label or 'none yet'}); "
            f"{snapshot['waited']:.1f} s waited for the rate limit; {snapshot['throttled']} answered 429")


def run_pacing(config: pytest.Config, run_config: RunConfig) -> SharedPacing | None:
    """One rate limit and one budget for the whole run, shared by the controller and every xdist worker through
    a state file beside the raw results (the controller clears that folder when a run starts)."""
    if run_config.mode is Mode.REPLAY:
        return None
    path = Path(config.getoption("--cbc-results-dir")) / "pacing.json"
    return SharedPacing(path, run_config.rate_limit, run_config.budget)


def sandbox_pool() -> Any:
    """A `SandboxPool` (sandboxes started on demand, stopped together), or a one-line usage error when the
    [sandbox] extra is not installed."""
    try:
        from chargebee_conformance.sandbox.testing import SandboxPool
    except ImportError as missing:
        raise pytest.UsageError(
            f"the bundled sandbox needs the [sandbox] extra ({missing.name} is not installed): pip install "
            "'chargebee-conformance[sandbox]', or name a target with CHARGEBEE_SITE or CHARGEBEE_BASE_URL") from None
    return SandboxPool()


def sandbox_urls(config: pytest.Config, stack: ExitStack) -> Callable[[SiteProfile], str]:
    """The bundled sandbox's root URL per profile, started on first use with the run's faults and quirks; all of
    them stop together when `stack` closes."""
    faults = tuple(config.getoption("--cbc-sandbox-fault"))
    quirks = tuple(config.getoption("--cbc-sandbox-quirk"))
    started: dict[str, str] = {}
    pools: list[Any] = []

    def url(profile: SiteProfile) -> str:
        if profile.name not in started:
            if not pools:
                pools.append(stack.enter_context(sandbox_pool()))
            started[profile.name] = str(pools[0].start(profile, faults, quirks=quirks))
        return started[profile.name]

    return url


def stable_test_id(node_id: str) -> str:
    """The node id without the folder the suite was collected from (a checkout's conformance/ or an installed
    chargebee_conformance/suite/): seeds, currencies and cassettes derive from it, so they must not move."""
    module, sep, rest = node_id.partition("::")
    return f"conformance/{Path(module).name}{sep}{rest}"


def learned_profiles(config: pytest.Config) -> dict[str, SiteProfile]:
    learned: dict[str, SiteProfile] = config.stash.get(LEARNED, {})
    return learned


def pytest_configure_node(node: Any) -> None:
    """pytest-xdist hook: hand the learned catalogs to each worker (one discovery per run, not per worker)."""
    learned = node.config.stash.get(LEARNED, {})
    node.workerinput[WORKER_KEY] = {name: (p.path, catalog_to_json(p.site_catalog)) for name, p in learned.items()}


def _from_worker_input(data: Any) -> dict[str, SiteProfile]:
    learned: dict[str, SiteProfile] = {}
    for name, (path, catalog) in (data or {}).items():
        profile = next(p for p in load_profiles([path]) if p.name == name)
        learned[name] = replace(profile, known=catalog_from_json(catalog))
    return learned


def _suite_selected(config: pytest.Config) -> bool:
    """Whether this run collects the suite (the project's own tests load this plugin too)."""
    suite = SUITE_DIR.resolve()
    for arg in config.args or [str(config.invocation_params.dir)]:
        path = Path(arg.split("::")[0])
        path = (config.invocation_params.dir / path).resolve() if not path.is_absolute() else path.resolve()
        if path == suite or suite in path.parents:
            return True
    return False


def learn_catalogs(config: pytest.Config) -> dict[str, SiteProfile]:
    """Retrieve every catalog id of every profile once, before any test (setup reference §10). A profile naming
    an id the site lacks, or one of another kind than its role, stops the run here with one line."""
    try:
        run_config = build_config(config)
    except ConfigError as error:
        _stop(config, str(error), pytest.ExitCode.USAGE_ERROR)
    learned: dict[str, SiteProfile] = {}
    pacing = run_pacing(config, run_config)
    limiter = pacing.limiter() if pacing else None
    with ExitStack() as stack:
        sandbox_url = sandbox_urls(config, stack)  # with the run's faults and quirks: what the tests will see
        for profile in run_config.profiles:
            def base_url(profile: SiteProfile = profile) -> str:
                if run_config.target.kind is not TargetKind.SANDBOX:
                    return run_config.target.base_url
                return sandbox_url(profile)
            try:
                learned[profile.name] = discover_catalog(profile, run_config, base_url,
                                                         _api_key(run_config, profile), limiter, CATALOG_REQUESTS)
            except ConfigError as error:
                _stop(config, str(error), pytest.ExitCode.USAGE_ERROR)
            except TargetUnreachable as error:
                _stop(config, f"target unreachable: {error}", UNREACHABLE_EXIT)  # cli maps it to 3
    return learned


def _stop(config: pytest.Config, message: str, code: int) -> NoReturn:
    """End the run with `code`; pytest writes the message as one line on stderr ("ERROR: ..." for a usage error,
    "Exit: ..." otherwise)."""
    if code == pytest.ExitCode.USAGE_ERROR:
        raise pytest.UsageError(message)
    pytest.exit(message, returncode=code)


def _api_key(run_config: RunConfig, profile: SiteProfile) -> str:
    if run_config.target.kind is TargetKind.SANDBOX:
        keys: Any = profile.sandbox.get("api_keys") or ["test_cbc_sandbox_key"]
        return str(keys[0])
    return run_config.target.api_key


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "site_profile" in metafunc.fixturenames:
        try:
            env = environment()
            target = resolve_target(env, allow_production=bool(metafunc.config.getoption("--cbc-allow-production")))
            profiles = load_profiles(profile_paths(metafunc.config.getoption("--cbc-profile"), env, target))
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
CATALOG_REQUESTS: Counter[str] = Counter()  # sent by the controller before the tests


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> Any:
    """A spent request budget skips what is left of the run; it is a limit the user set, not a failure."""
    try:
        return (yield)
    except BudgetExhausted as spent:
        pytest.skip(f"{spent}: raise --budget to judge the rest")
    except CassetteMiss as miss:
        # A run-level error in every report, and one line here: no traceback (its frames hold the key).
        _run_error(pyfuncitem, "miss", str(miss))
        pytest.fail(str(miss), pytrace=False)
    except TargetUnreachable as error:
        # Nothing else can be judged either: one line, and the run's own exit code (cli maps it to 3).
        pytest.exit(f"target unreachable: {error}", returncode=UNREACHABLE_EXIT)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Requests per operation (without xdist; with it, results.json carries requests per rule)."""
    if not SUMMARY or not SUMMARY[0].requests:
        return
    counts = SUMMARY[0].requests + CATALOG_REQUESTS
    total = sum(counts.values())
    terminalreporter.write_sep("-", f"{total} requests sent or replayed")
    for label, count in sorted(counts.items()):
        terminalreporter.write_line(f"  {label:<22} {count}")


@pytest.fixture(scope="session")
def shared(run_config: RunConfig, pytestconfig: pytest.Config) -> Iterator[Shared]:
    stack = ExitStack()
    sandbox_url = sandbox_urls(pytestconfig, stack)

    def base_url(profile: SiteProfile) -> str:
        if run_config.target.kind is not TargetKind.SANDBOX:
            return run_config.target.base_url
        return sandbox_url(profile)

    def api_key(profile: SiteProfile) -> str:
        return _api_key(run_config, profile)

    pacing = run_pacing(pytestconfig, run_config)
    limiter = pacing.limiter() if pacing else None
    budget = pacing.budget() if pacing else Budget(None)
    results = ResultsWriter(Path(pytestconfig.getoption("--cbc-results-dir")))
    with stack:
        session = Shared(run_config, base_url, api_key, results, budget, limiter,
                         learned=learned_profiles(pytestconfig))
        SUMMARY[:] = [session]
        yield session


@pytest.fixture
def harness(shared: Shared, site_profile: SiteProfile, request: pytest.FixtureRequest) -> Iterator[Harness]:
    try:
        running = Harness(shared, site_profile, stable_test_id(request.node.nodeid)).__enter__()
    except ConfigError as error:  # a corrupt or missing recording: the cli ends the run with exit code 2
        shared.results.error("config", request.node.nodeid, str(error))
        pytest.fail(str(error), pytrace=False)
    try:
        yield running
    finally:
        running.__exit__(*sys.exc_info())


def _run_error(item: pytest.Item, kind: str, message: str) -> None:
    results = ResultsWriter(Path(item.config.getoption("--cbc-results-dir")))
    results.error(kind, item.nodeid, message)
