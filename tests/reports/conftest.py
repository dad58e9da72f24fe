"""Fixtures for the reports' own tests."""

from __future__ import annotations

import pytest

from chargebee_conformance.reports.document import Results
from chargebee_conformance.reports.results import build_results
from tests.reports.support import CATALOG, META, RAW


@pytest.fixture
def doc() -> Results:
    """The results document of the fixed raw results (two sites, two broken rules, a planted key)."""
    return build_results(RAW, META, catalog=CATALOG)
