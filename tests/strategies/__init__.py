"""Self-tests of strategies/: generated cases checked against the model's own validator."""
