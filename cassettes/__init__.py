"""The shipped recordings of the bundled sandbox (package data: `chargebee_conformance.cassettes`); a user's own
recordings go to `cassettes/targets/<profile>/` in the directory the suite runs from."""
