"""Issue 20, second round: a regenerate diff on a table whose rows are not grouped by article,
--dask to a peer that is not a Dask scheduler, CSV formula injection, and a malformed link
fragment in the review page."""

from __future__ import annotations

import json
import random

import pytest

from pipeline.batch import manifest_path, run_batch
from pipeline.facts import SCHEMA
from pipeline.output import read_table, table_sha256, write_table

ARTICLES = [
    {"id": "a", "published": "2024-09-24", "text": "The probe landed on Monday after a 53-day trip to Mars."},
    {"id": "b", "published": "2024-03-14", "text": "The council met on Tuesday and approved $3m for roads in Leeds."},
    {"id": "c", "published": "2024-05-01", "text": "Rain fell for 49 hours in York, and 12 mm fell on Friday."},
    {"id": "d", "published": "2024-06-10", "text": "NASA said on Sunday that 4 astronauts would fly 400 km up."},
]


def write_articles(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


# --- 6. the regenerate diff on a table whose rows are not grouped by article -------------------------

def by_kind(rows):
    return sorted(rows, key=lambda r: r["kind"])  # as pandas' sort_values("kind", kind="stable")


def interleaved(rows):
    """One row of each article in turn, as a merge of tables might leave them."""
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["article_id"], []).append(row)
    return [row for i in range(len(rows)) for group in groups.values() if i < len(group) for row in [group[i]]]


def shuffled(rows):
    rows = list(rows)
    random.Random(20).shuffle(rows)
    return rows


REORDERINGS = [by_kind, interleaved, shuffled]


def own_rows(change) -> set[str]:
    """The article ids of every row a change reports (old and new)."""
    rows = change.added + change.removed + [r for pair in change.changed for r in pair]
    return {r["article_id"] for r in rows}


@pytest.fixture(scope="module")
def first_table(nlp, tmp_path_factory):
    """The table of ARTICLES as run_batch writes it, in each format."""
    folder = tmp_path_factory.mktemp("first")
    corpus = folder / "in.jsonl"
    write_articles(corpus, ARTICLES)
    tables = {}
    for suffix in (".parquet", ".csv", ".jsonl"):
        run_batch([corpus], folder / f"facts{suffix}", nlp)
        tables[suffix] = read_table(folder / f"facts{suffix}")
    return tables


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
@pytest.mark.parametrize("reorder", REORDERINGS, ids=lambda f: f.__name__)
def test_regenerate_on_a_table_whose_rows_are_not_grouped_by_article(nlp, tmp_path, first_table, suffix, reorder):
    rows = reorder(first_table[suffix])
    assert [r["article_id"] for r in rows] != sorted(r["article_id"] for r in rows)  # scattered indeed
    corpus, table = tmp_path / "in.jsonl", tmp_path / f"facts{suffix}"
    write_table(table, rows, SCHEMA)

    # unchanged articles: nothing to report for any of them
    write_articles(corpus, ARTICLES)
    result = run_batch([corpus], table, nlp, incremental=True)
    assert result.changes == [], [c.summary() for c in result.changes]

    # one article edited, one removed: each reports its own facts and nothing of another's
    write_table(table, rows, SCHEMA)
    edited = [ARTICLES[0], dict(ARTICLES[1], text=ARTICLES[1]["text"].replace("Tuesday", "Wednesday")), ARTICLES[3]]
    write_articles(corpus, edited)
    result = run_batch([corpus], table, nlp, incremental=True)
    assert [(c.article_id, c.status) for c in result.changes] == [("b", "changed"), ("c", "removed")]
    changed, removed = result.changes
    assert (changed.added, changed.removed) == ([], [])
    assert [(old["text"], old["value"], new["value"]) for old, new in changed.changed] == [
        ("Tuesday", "2024-03-12", "2024-03-13")]
    assert own_rows(changed) == {"b"} and own_rows(removed) == {"c"}
    key = ("kind", "start", "end", "text")  # str: CSV gives strings, the other formats numbers
    assert sorted(tuple(str(r[k]) for k in key) for r in removed.removed) == sorted(
        tuple(str(r[k]) for k in key) for r in first_table[suffix] if r["article_id"] == "c")


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_reused_rows_of_a_scattered_table_are_each_articles_own(nlp, tmp_path, suffix):
    """A scattered table that its manifest still vouches for (its hash recorded again by hand):
    the unchanged articles' rows are reused, and each keeps exactly its own."""
    corpus, table = tmp_path / "in.jsonl", tmp_path / f"facts{suffix}"
    write_articles(corpus, ARTICLES)
    run_batch([corpus], table, nlp)
    before = read_table(table)
    write_table(table, by_kind(before), SCHEMA)
    manifest = json.loads(manifest_path(table).read_text())
    manifest_path(table).write_text(json.dumps(dict(manifest, table_sha256=table_sha256(table))))

    write_articles(corpus, [ARTICLES[0], dict(ARTICLES[1], text=ARTICLES[1]["text"].replace("Tuesday", "Wednesday")),
                            ARTICLES[2], ARTICLES[3]])
    result = run_batch([corpus], table, nlp, incremental=True)
    assert (result.processed, result.reused) == (1, 3)
    after = read_table(table)
    for article in "acd":  # the rows of the table as given, in its order: each article's own, all of them
        assert sorted(json.dumps(r, sort_keys=True) for r in after if r["article_id"] == article) == sorted(
            json.dumps(r, sort_keys=True) for r in before if r["article_id"] == article)
