"""The date a quantity belongs to (`when`, issue 23): the TIMEX3 value of the date its clause names,
from the dependency parse (pipeline/stages/when.py), on the Doc (`span._.when`, `span._.when_offsets`),
in the table (`when`, `when_fact_id`), in `newsfacts schema`. Sentences of our own in the forms news
uses, published 2024-09-24, each group with its traps; the comparison words of
models/en/quantities/when_cues.tsv run their own examples."""

import json
import re

import pytest
from typer.testing import CliRunner

import pipeline
from pipeline.cli import app
from pipeline.core.attrs import QUANTITIES
from pipeline.rules.resources import Resources, language_dir
from pipeline.stages.when import WHEN_CUES


def _when(process, text, surface):
    """The `when` of the quantity `surface` in `text`."""
    doc = process(text)
    found = {s.text: s._.when for s in doc.spans[QUANTITIES]}
    assert surface in found, found
    return found[surface]


@pytest.mark.parametrize("text, surface, when", [
    ("Revenue rose 5% in the first quarter.", "5%", "2024-Q1"),
    ("In 2023, the firm sold 3 million cars, up 4%.", "4%", "2023"),
    ("Sales rose 5% to $3 billion last year, the company said on Tuesday.", "$3 billion", "2023"),
    ("The town had 3,000 residents in 1990 and 5,000 residents in 2020.", "3,000", "1990"),
    ("The town had 3,000 residents in 1990 and 5,000 residents in 2020.", "5,000", "2020"),
    ("Revenue in the first half of 2023 was still about 8 per cent below the same period of 2019.",
     "about 8 per cent", "2023-H1"),
    ("Temperatures reached 26C on Saturday afternoon.", "26C", "2024-09-21TAF"),
    ("It last raised money in October 2022, when a $180 million round valued it at $1.4 billion.",
     "$1.4 billion", "2022-10"),
])
def test_a_quantity_takes_the_date_its_clause_names(process, text, surface, when):
    assert _when(process, text, surface) == when


@pytest.mark.parametrize("text, surface, when", [
    # a date inside another clause: the reporting clause's date is when it was said
    ("The company said on Monday that sales rose 5% in 2023.", "5%", "2023"),
    ("The company said on Monday that sales rose 5%.", "5%", None),
    ("Sales rose 5%, the company said on Tuesday.", "5%", None),
    # a rate's period is a SET, not a date
    ("Fees will add £86 a year to the bill.", "£86 a year", None),
    # a duration says how long, not when
    ("The probe carried 1,935 grams of samples on a 53-day trip.", "1,935 grams", None),
    # the one date of a clause beside it, or inside it, is another event's
    ("Calgary suspended service for part of Saturday, and more than 110 flights were cancelled over three days.",
     "more than 110", None),
    ("Moreno, who won titles in Doha and Madrid earlier this year, made 47 unforced errors.", "47", None),
    # a date it is compared with
    ("Exports rose 4% from a year earlier.", "4%", None),
])
def test_traps_give_no_when_or_the_right_one(process, text, surface, when):
    assert _when(process, text, surface) == when


def test_a_dateline_date_is_when_the_story_was_filed(process):
    doc = process("LONDON, Feb. 12 - Hundreds of nurses walked out at three London hospitals on Wednesday morning.",
                  "2025-02-12")
    assert {s.text: s._.when for s in doc.spans[QUANTITIES]}["Hundreds"] in {None, "2025-02-12TMO"}


def test_the_doc_keeps_the_date_s_offsets(process):
    text = "The company said on Monday that sales rose 5% in 2023."
    doc = process(text)
    quantity = next(iter(doc.spans[QUANTITIES]))
    start, end = quantity._.when_offsets
    assert text[start:end] == "2023"


# --- the comparison words' own examples --------------------------------------------------------

_EXAMPLE = re.compile(r"(?P<text>.*\[(?P<surface>[^\]]+)\].*?)\s*=>\s*(?P<when>.*)")
_ROWS = Resources.from_dir(language_dir(), ["quantities"]).table(WHEN_CUES)


@pytest.mark.parametrize("row", _ROWS, ids=lambda r: r["word"])
def test_every_comparison_word_has_an_example(row):
    assert row.get("examples"), f"{row.where}: {row['word']!r} has no example"


@pytest.mark.parametrize("row, example", [pytest.param(row, example, id=f"{row['word']}: {example}")
                                          for row in _ROWS for example in row.get("examples", ())])
def test_comparison_word_example(process, row, example):
    m = _EXAMPLE.fullmatch(example)
    assert m, f"{row.where}: example {example!r} is not 'text with [quantity] => when'"
    got = _when(process, m.group("text").replace("[", "").replace("]", ""), m.group("surface"))
    assert got == (m.group("when") or None), f"{row.where}: {example!r} gave {got!r}"


# --- the table, through the API and the command line -------------------------------------------

ARTICLE = {"id": "q1", "published": "2024-09-24",
           "text": "Revenue rose 5% in the first quarter, the company said on Monday. It employs 300 people."}


def _check_rows(rows):
    by_id = {r["fact_id"]: r for r in rows}
    quantities = {r["text"]: r for r in rows if r["kind"] == "quantity"}
    five = quantities["5%"]
    assert five["when"] == "2024-Q1"
    assert by_id[five["when_fact_id"]]["text"] == "the first quarter"
    assert by_id[five["when_fact_id"]]["value"] == "2024-Q1"
    assert not quantities["300"]["when"] and not quantities["300"]["when_fact_id"]


def test_the_api_has_when_and_the_date_s_fact_id(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    frame = pipeline.extract_frame(paths=[path])
    _check_rows(frame.astype(object).where(frame.notna(), None).to_dict("records"))


def test_the_cli_writes_when_and_lists_it_in_the_schema(tmp_path):
    path, out = tmp_path / "in.jsonl", tmp_path / "facts.jsonl"
    path.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    _check_rows([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()])
    schema = CliRunner().invoke(app, ["schema"]).output
    assert re.search(r"^\s*when\s+string\b", schema, re.M), schema
    assert re.search(r"^\s*when_fact_id\s+string\b", schema, re.M), schema
