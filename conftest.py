"""Root pytest wiring shared by the suite (`conformance/`) and the project's own tests (`tests/`)."""

pytest_plugins = ["conformance.plugin"]
