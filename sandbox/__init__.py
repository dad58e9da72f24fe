"""The reference Chargebee-compatible sandbox: the six one-time-charge operations and the setup operations
around them, on loopback, with state in SQLite and named faults for the suite's self-test.

Start it with `python -m chargebee_conformance.sandbox` or, in tests, `sandbox.testing.running_sandbox(profile)`.
"""
