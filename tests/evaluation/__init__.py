"""Tests of scores and evaluations (pipeline.evaluation)."""
