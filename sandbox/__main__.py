"""`python -m chargebee_conformance.sandbox` (see sandbox.cli); `main` stays importable from here for other
command lines."""

from __future__ import annotations

import sys

from chargebee_conformance.sandbox.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
