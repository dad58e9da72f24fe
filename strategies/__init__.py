"""Hypothesis strategies for valid and one-violation cases, read from spec/."""
