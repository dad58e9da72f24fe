"""`python -m chargebee_conformance`: the same as the `chargebee-conformance` command."""

from __future__ import annotations

from chargebee_conformance.suite.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
