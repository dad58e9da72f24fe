"""chargebee-conformance: a property-based conformance suite for Chargebee's invoice one-time-charge API.

The installed package gathers the repository's top-level folders under one import name that no other
distribution uses (ARCHITECTURE.md, "Installed names"):

    chargebee_conformance.spec        spec/         the model: operations, rules, profiles
    chargebee_conformance.strategies  strategies/   Hypothesis strategies
    chargebee_conformance.suite       conformance/  the suite: oracle, client, pytest plugin, CLI, test modules
    chargebee_conformance.sandbox     sandbox/      the reference sandbox (extra: [sandbox])
    chargebee_conformance.reports     reports/      results, JUnit, HTML, diff
    chargebee_conformance.profiles    profiles/     the bundled sandbox's site profiles (data)
    chargebee_conformance.cassettes   cassettes/    the shipped recordings of the bundled sandbox (data)

The command line imports the package before it starts pytest, so pytest must not try to rewrite its asserts
(PYTEST_DONT_REWRITE): it has none, its checks raise `RuleBroken`.
"""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("chargebee-conformance")
except metadata.PackageNotFoundError:  # a checkout that was never installed
    __version__ = "0+unknown"
