"""Tests of reading and writing (pipeline.io): article inputs, tables, partitions, TimeML, MEANTIME."""
