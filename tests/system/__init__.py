"""Tests of end to end: the corpus, hostile inputs, properties, cost on long articles."""
