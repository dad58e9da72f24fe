"""Root pytest wiring of the checkout, shared by the suite (`conformance/`) and the project's own tests (`tests/`).

The suite's plugin (options, fixtures, the mode switch) is registered by the installed package's `pytest11` entry
point, so it works the same in a user's repository and here. `chargebee_conformance/` holds links to the
top-level folders (the installed import name): collecting through it too would run every suite test twice.
"""

collect_ignore = ["chargebee_conformance", "benchmarks"]
