"""`python -m reports render|diff ...` (see reports/cli.py)."""

from __future__ import annotations

import sys

from reports.cli import main

sys.exit(main())
