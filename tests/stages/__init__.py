"""Tests of each stage (pipeline.stages): segmenter, attributes, entities, dates, quantities."""
