"""Reports of a conformance run: the results document, JUnit XML, a static HTML page, and diffs between runs.

Reads raw per-rule results and the rule metadata of `spec/`; never imports the suite (ARCHITECTURE.md).
"""
