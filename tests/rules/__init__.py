"""Tests of the rule machinery (pipeline.rules): resources, macros, compiled patterns, the stage guard, every example of the rule tables."""
