"""Resource tables: the column-wise parse (fast, for large tables) reads exactly what the
row-wise parse reads, and refuses the same entries with the same message."""

from __future__ import annotations

import pytest

import pipeline.run.build  # noqa: F401  (registers every schema)
from pipeline.rules.resources import SCHEMAS, Resources, default_resources
from pipeline.rules.tsv import Column, ResourceError, parse_columns, parse_table

SCHEMA = (Column("word"), Column("count", kind="int"), Column("kind", required=False, default="plain",
                                                                  choices=("plain", "odd")),
          Column("aliases", kind="list", required=False, default=()))


def as_rows(rows):
    return [(row.values, row.where, row.raw) for row in rows]


@pytest.mark.parametrize("name", sorted(name for name in default_resources().names() if name in SCHEMAS))
def test_every_table_reads_the_same_by_columns(name):
    text = default_resources().text(name)
    assert as_rows(parse_columns(text, SCHEMAS[name], name).rows()) == as_rows(parse_table(text, SCHEMAS[name], name))


@pytest.mark.parametrize("text", [
    "# a comment\nword\tcount\tkind\taliases\n\n  # indented comment\nApril\t4\nMay\t5\todd\tx | y\n",
    "word\tcount\tkind\taliases\textra\nJune\t6\t\t\t\n",
    "word\tcount\tkind\taliases\n",
])
def test_a_table_reads_the_same_by_columns(text):
    assert as_rows(parse_columns(text, SCHEMA, "t.tsv").rows()) == as_rows(parse_table(text, SCHEMA, "t.tsv"))


@pytest.mark.parametrize("text, message", [
    ("word\tcount\tkind\taliases\nApril\tfour\nMay\t\n", r"t.tsv:2: column 'count': 'four' is not a valid int"),
    ("word\tcount\tkind\taliases\nApril\t4\n\t5\n", r"t.tsv:3: column 'word' is empty"),
    ("word\tcount\tkind\taliases\nApril\t4\tweird\n", r"t.tsv:2: column 'kind': 'weird' is not one of plain, odd"),
    ("word\tcount\tkind\taliases\nApril\t4\tplain\ta\tb\n", r"t.tsv:2: 5 cells but 4 columns"),
    ("word\nApril\n", r"t.tsv:1: the header lacks the column\(s\) count, kind, aliases"),
    ("# only a comment\n", r"t.tsv: no header line"),
])
def test_a_bad_entry_is_named_by_both(text, message):
    """The first bad entry in file order, whichever column it is in."""
    for parse in (parse_table, parse_columns):
        with pytest.raises(ResourceError, match=message):
            parse(text, SCHEMA, "t.tsv")


def test_check_refuses_a_bad_large_table():
    good = "".join(f"Town{i}\t{i}\n" for i in range(5000))
    resources = Resources({"t/x.tsv": "word\tcount\n" + good + "Town\tmany\n"}, "models/en")
    SCHEMAS["t/x.tsv"] = SCHEMA[:2]
    try:
        with pytest.raises(ResourceError, match="x.tsv:5002: column 'count'"):
            resources.check()
    finally:
        del SCHEMAS["t/x.tsv"]
