"""Reading articles: every bad input gives a clear error and the good ones survive."""

import json

import pytest

from pipeline.articles import Article, ArticleError, parse_published, read_articles


def write_jsonl(path, lines):
    path.write_bytes(b"\n".join(line if isinstance(line, bytes) else line.encode() for line in lines) + b"\n")
    return path


def good(i, **extra):
    return json.dumps({"id": f"a{i}", "published": "2024-09-24", "text": f"Article {i} text.", **extra})


@pytest.mark.parametrize("bad_line, problem", [
    ('{"id": "x", "published": "2024-09-24", "text": "  "}', "empty text"),
    ('{"id": "x", "published": "2024-09-24"}', "missing 'text'"),
    ('{"id": "x", "text": "Some text."}', "missing publication date"),
    ('{"id": "x", "published": "24/09/2024", "text": "Some text."}', "invalid publication date"),
    ('{"id": "x", "published": "2024-02-30", "text": "Some text."}', "invalid publication date"),
    ('{"published": "2024-09-24", "text": "Some text."}', "missing or empty 'id'"),
    ('{"id": "x", "published": "2024-09-24", "text": "Some', "malformed JSON line"),
    ('["not", "an", "object"]', "expected a JSON object"),
    (b'{"id": "x", "published": "2024-09-24", "text": "caf\xe9"}', "not UTF-8"),
])
def test_bad_record_is_reported_and_the_others_kept(tmp_path, bad_line, problem):
    path = write_jsonl(tmp_path / "in.jsonl", [good(1), bad_line, good(2)])
    items = list(read_articles([path]))
    assert [i.id for i in items if isinstance(i, Article)] == ["a1", "a2"]
    [error] = [i for i in items if isinstance(i, ArticleError)]
    assert problem in error.problem
    assert error.origin == f"{path}:2"
    assert f"{path}:2" in str(error)


def test_duplicate_id_names_the_first(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [good(1), good(1)])
    items = list(read_articles([path]))
    assert isinstance(items[0], Article)
    assert isinstance(items[1], ArticleError)
    assert items[1].article_id == "a1" and f"first seen at {path}:1" in items[1].problem


def test_text_file_with_sidecar_and_folder(tmp_path):
    (tmp_path / "story.txt").write_text("The council met on Monday.", encoding="utf-8")
    (tmp_path / "story.json").write_text('{"id": "council-1", "published": "2024-03-14"}')
    (tmp_path / "bare.txt").write_text("No metadata here.", encoding="utf-8")
    (tmp_path / "x.gold.jsonl").write_text('{"kind": "date", "text": "Monday"}\n')
    items = list(read_articles([tmp_path]))
    ids = {getattr(i, "id", None) or i.article_id: i for i in items}
    assert ids["council-1"].published == "2024-03-14"
    assert isinstance(ids["bare"], ArticleError) and "missing publication date" in ids["bare"].problem
    assert len(items) == 2  # the gold file is not read as articles
    with_date = list(read_articles([tmp_path], published="2024-01-02"))
    assert {i.id: i.published for i in with_date} == {"bare": "2024-01-02", "council-1": "2024-03-14"}


def test_text_file_not_utf8(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 owners met on Monday.".encode("latin-1"))
    [error] = list(read_articles([tmp_path / "latin.txt"], published="2024-01-02"))
    assert isinstance(error, ArticleError) and "not UTF-8" in error.problem and "latin" in error.article_id


def test_missing_input(tmp_path):
    [error] = list(read_articles([tmp_path / "nope.jsonl"]))
    assert "no such file" in error.problem


@pytest.mark.parametrize("value, expected", [("2024-09-24", "2024-09-24"), ("2024-09-24T08:00:00Z", "2024-09-24")])
def test_parse_published(value, expected):
    assert parse_published(value) == expected
