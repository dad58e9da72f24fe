"""The executable model of the documentation: operations, rules, outcomes, profiles, wire format."""

# Bumped whenever a rule, a limit or a binding changes, so results from different model versions are told apart.
MODEL_VERSION = "1.0"
# The documentation the model was written from: the v1 OpenAPI spec's info.version and the seed pages' crawl.
DOCS_SNAPSHOT = "2026-06-12"
