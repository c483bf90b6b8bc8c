"""Property-based tests (Hypothesis) of the batch over generated article records and texts:
it never raises, never leaves a partial table, and never loses a good article."""

import json
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.records import Article, ArticleError
from pipeline.io.paths import errors_path, manifest_path
from pipeline.io.reading import read_table
from pipeline.language.money import DEFAULT_CURRENCY, add_amounts
from pipeline.run.batch import run_batch
from pipeline.run.extract import blank_controls, extract

GOOD_TEXTS = [
    "The probe landed on Monday after a 53-day trip.",
    "The council met in Leeds on Tuesday and approved $3m for roads.\nRain fell for 49 hours.",
    "About 1,200 people left Lisbon, Reuters said on May 3.",
]
SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])

#: text with the characters that have caused trouble: controls, surrogates, digits, dates, symbols
ODD_CHARS = st.sampled_from(["\x00", "\x1b", "\x7f", "\x85", "\u200b", "\ufeff", "\ud800", "\n", " ", "1", "9",
                             "0", ",", ".", "-", "/", ":", "$", "%", "°", "May", " 2024", "Monday", " km",
                             "between", " and ", "per cent", "🚀", "é", "\t", "\r\n", "'"])
TEXTS = st.one_of(st.text(max_size=200), st.lists(ODD_CHARS, max_size=60).map("".join))
JSON_VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), TEXTS),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                     max_size=3),
                           max_leaves=6)
PUBLISHED = st.one_of(st.just("2024-09-24"), st.dates().map(str), TEXTS, JSON_VALUES)
RECORDS = st.fixed_dictionaries({}, optional={"id": st.one_of(TEXTS, JSON_VALUES), "text": st.one_of(TEXTS, JSON_VALUES),
                                              "published": PUBLISHED, "title": JSON_VALUES})
#: a line of the input: a generated record (as JSON, surrogates escaped), or raw bytes
LINES = st.one_of(RECORDS.map(lambda r: json.dumps(r).encode()), st.binary(max_size=80))


@pytest.fixture(scope="module")
def clean(nlp):
    """Rows of each good text run alone, by text."""
    rows = {}
    for text in GOOD_TEXTS:
        [(article, article_rows)] = list(extract([Article("good", text, "2024-09-24")], nlp))
        rows[text] = article_rows
    return rows


def good_line(i: int, text: str) -> bytes:
    return json.dumps({"id": f"good-{i}", "published": "2024-09-24", "text": text}).encode()


def same_rows(rows, expected, article_id):
    """Rows read back from a JSON Lines table against rows in memory, with the money columns a run
    adds as it writes, and the timestamps (period_start, period_end) JSON Lines holds as ISO text."""
    def as_written(value):
        return value.isoformat() if hasattr(value, "isoformat") else value

    expected = [dict(r, article_id=article_id) for r in expected]
    add_amounts(expected, "2024-09-24", DEFAULT_CURRENCY)
    return rows == [{k: as_written(v) for k, v in r.items()} for r in expected]


@SETTINGS
@given(hostile=st.lists(LINES, max_size=6), good=st.lists(st.sampled_from(GOOD_TEXTS), min_size=1, max_size=3),
       seed=st.randoms())
def test_the_batch_never_raises_and_never_loses_a_good_article(nlp, clean, hostile, good, seed):
    hostile = [line for line in hostile if b"good-" not in line]
    lines = [good_line(i, text) for i, text in enumerate(good)] + hostile
    seed.shuffle(lines)
    with tempfile.TemporaryDirectory() as tmp:
        corpus, table = Path(tmp) / "in.jsonl", Path(tmp) / "out" / "facts.jsonl"
        corpus.write_bytes(b"\n".join(lines) + b"\n")
        result = run_batch([corpus], table, nlp)
        rows, errors = read_table(table), read_table(errors_path(table)) if result.failed else []
        assert errors_path(table).exists() == bool(result.failed)  # an errors table only when one failed
        for i, text in enumerate(good):
            mine = [r for r in rows if r["article_id"] == f"good-{i}"]
            assert same_rows(mine, clean[text], f"good-{i}")
        assert not any(e["article_id"].startswith("good-") for e in errors if e["article_id"])
        physical = corpus.read_bytes().split(b"\n")  # a BOM is read as absent at the start of any line
        assert result.articles + result.failed == sum(1 for line in physical if line.removeprefix(b"\xef\xbb\xbf").strip())
        assert json.loads(manifest_path(table).read_text())["table_sha256"]
        assert [p.name for p in table.parent.iterdir() if p.name.endswith(".tmp")] == []


@SETTINGS
@given(text=TEXTS)
def test_any_text_gives_rows_that_point_into_it_or_an_error(nlp, text):
    [(item, rows)] = list(extract([Article("any", text, "2024-09-24")], nlp))
    assert isinstance(item, (Article, ArticleError))
    blanked = blank_controls(text)
    for row in rows:
        assert blanked[row["start"]:row["end"]] == row["text"]


@SETTINGS
@given(text=TEXTS, good=st.sampled_from(GOOD_TEXTS))
def test_any_text_beside_a_good_article_leaves_its_rows_as_they_are(nlp, clean, text, good):
    results = list(extract([Article("any", text, "2024-09-24"), Article("good", good, "2024-09-24")], nlp,
                           batch_size=2))
    [(article, rows)] = [(a, r) for a, r in results if getattr(a, "id", None) == "good"]
    assert rows == clean[good]


@SETTINGS
@given(good=st.lists(st.sampled_from(GOOD_TEXTS), min_size=2, max_size=5), crash_at=st.integers(0, 6),
       suffix=st.sampled_from([".parquet", ".csv", ".jsonl"]))
def test_a_crash_at_any_point_never_leaves_a_partial_table(nlp, good, crash_at, suffix):
    from pipeline.run import batch

    with tempfile.TemporaryDirectory() as tmp:
        corpus, table = Path(tmp) / "in.jsonl", Path(tmp) / f"facts{suffix}"
        corpus.write_bytes(b"\n".join(good_line(i, t) for i, t in enumerate(good)) + b"\n")
        run_batch([corpus], table, nlp)
        before = {p.name: p.read_bytes() for p in Path(tmp).iterdir()}
        corpus.write_bytes(b"\n".join(good_line(i, t) for i, t in enumerate(reversed(good))) + b"\n")
        calls = [0]
        original = batch.extract

        def crashing(*args, **kwargs):
            for item in original(*args, **kwargs):
                if calls[0] == crash_at:
                    raise MemoryError("simulated crash")
                calls[0] += 1
                yield item

        with mock.patch.object(batch, "extract", crashing):
            try:
                run_batch([corpus], table, nlp)
                crashed = False
            except MemoryError:
                crashed = True
        after = {p.name: p.read_bytes() for p in Path(tmp).iterdir() if p.name != "in.jsonl"}
        if crashed:
            assert after == {k: v for k, v in before.items() if k != "in.jsonl"}
        else:
            assert len(read_table(table)) >= 1 and not any(n.endswith(".tmp") for n in after)
