"""Tests of the language tables (pipeline.language)."""
