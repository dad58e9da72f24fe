"""Site profiles of the bundled sandbox's three sites (package data: `chargebee_conformance.profiles`)."""
