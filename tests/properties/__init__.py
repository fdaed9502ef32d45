"""Hypothesis property tests: the date parser, person resolution, search and every importer."""
