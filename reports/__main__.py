"""`python -m chargebee_conformance.reports render|diff|trend ...` (see reports/cli.py)."""

from __future__ import annotations

import sys

from chargebee_conformance.reports.cli import main

sys.exit(main())
