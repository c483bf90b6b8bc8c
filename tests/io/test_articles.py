"""Reading articles: every bad input gives a clear error and the good ones survive."""

import json

import pytest

from pipeline.core.records import Article, ArticleError, parse_published
from pipeline.io.articles import read_articles


def write_jsonl(path, lines):
    path.write_bytes(b"\n".join(line if isinstance(line, bytes) else line.encode() for line in lines) + b"\n")
    return path


def good(i, **extra):
    return json.dumps({"id": f"a{i}", "published": "2024-09-24", "text": f"Article {i} text.", **extra})


@pytest.mark.parametrize("bad_line, problem", [
    ('{"id": "x", "published": "2024-09-24", "text": "  "}', "empty text"),
    ('{"id": "x", "published": "2024-09-24"}', "missing 'text'"),
    ('{"id": "x", "text": "Some text."}', "no publication date: give 'published'"),
    ('{"id": "x", "published": "24/09/2024", "text": "Some text."}', "invalid publication date"),
    ('{"id": "x", "published": "2024-02-30", "text": "Some text."}', "invalid publication date"),
    ('{"published": "2024-09-24", "text": "Some text."}', "missing 'id'"),
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
    assert isinstance(ids["bare"], ArticleError) and "no publication date" in ids["bare"].problem
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


# --- issue 9: hostile input that used to abort the run or mislead ---------------------------

def errors_of(items):
    return [i for i in items if isinstance(i, ArticleError)]


def test_a_deeply_nested_line_is_an_error_not_an_abort(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [good(1), "[" * 100_000, good(2)])
    items = list(read_articles([path]))
    assert [i.id for i in items if isinstance(i, Article)] == ["a1", "a2"]
    [error] = errors_of(items)
    assert error.origin == f"{path}:2" and "nested too deeply" in error.problem


def test_a_line_with_a_huge_integer_is_an_error(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [good(1), '{"id": "x", "n": ' + "1" * 5000 + "}"])
    [error] = errors_of(read_articles([path]))
    assert "malformed JSON" in error.problem


@pytest.mark.parametrize("field", ["text", "id", "title"])
def test_a_lone_surrogate_is_named(tmp_path, field):
    record = {"id": "x", "published": "2024-09-24", "text": "Rain on Monday.", "title": "t"}
    line = json.dumps(record).replace(f'"{record[field]}"', f'"{record[field]}\\ud800"', 1)
    path = write_jsonl(tmp_path / "in.jsonl", [good(1), line])
    [error] = errors_of(read_articles([path]))
    assert f"'{field}'" in error.problem and "surrogate" in error.problem and "\\ud800" in error.problem


def test_an_unreadable_file_in_a_folder_is_an_error(tmp_path, monkeypatch):
    import builtins

    from pipeline.io import articles

    write_jsonl(tmp_path / "a.jsonl", [good(1)])
    locked = write_jsonl(tmp_path / "b.jsonl", [good(2)])
    write_jsonl(tmp_path / "c.jsonl", [good(3)])

    def refusing_open(file, *args, **kwargs):
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return builtins.open(file, *args, **kwargs)

    monkeypatch.setattr(articles, "open", refusing_open, raising=False)
    items = list(read_articles([tmp_path]))
    assert [i.id for i in items if isinstance(i, Article)] == ["a1", "a3"]
    [error] = errors_of(items)
    assert error.origin == str(locked) and "Permission denied" in error.problem


def test_a_deeply_nested_sidecar_is_an_error(tmp_path):
    (tmp_path / "story.txt").write_text("Rain on Monday.", encoding="utf-8")
    (tmp_path / "story.json").write_text("[" * 100_000, encoding="utf-8")
    [error] = list(read_articles([tmp_path]))
    assert isinstance(error, ArticleError) and "nested too deeply" in error.problem


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "2024-09-24T99:99:99Z", "2024-09-24Tnonsense"])
def test_publication_dates_outside_reason_are_refused(value):
    with pytest.raises(ValueError, match="publication date"):
        parse_published(value)


@pytest.mark.parametrize("value", ["2024-09-24 08:00", "2024-09-24T08:00:00+05:30", "1850-06-01"])
def test_plausible_publication_dates_pass(value):
    assert parse_published(value) == value[:10]


def test_a_bom_does_not_lose_the_first_record(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + good(1).encode() + b"\n" + good(2).encode() + b"\n")
    assert [i.id for i in read_articles([path])] == ["a1", "a2"]


@pytest.mark.parametrize("record, problem", [
    ({"id": 42, "published": "2024-09-24", "text": "Text."}, "'id' is a number (42), not a string"),
    ({"id": "x", "published": "2024-09-24", "text": float("nan")}, "'text' is a number (NaN), not a string"),
    ({"id": "x", "published": "2024-09-24", "text": 7}, "'text' is a number (7), not a string"),
    ({"id": "x", "published": 20240924, "text": "Text."}, "'published' is a number (20240924), not a string"),
    ({"id": "x", "published": "2024-09-24", "text": ["a"]}, "'text' is a list, not a string"),
])
def test_messages_say_what_is_wrong_with_the_value(tmp_path, record, problem):
    path = write_jsonl(tmp_path / "in.jsonl", [json.dumps(record)])
    [error] = list(read_articles([path]))
    assert problem in error.problem, error.problem


def test_json_error_message_reads_well(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", ['{"id": "x", "text": "unterminated'])
    [error] = list(read_articles([path]))
    assert "at at" not in error.problem and "Unterminated string starting at column 21" in error.problem


def test_a_symlink_loop_is_reported(tmp_path):
    (tmp_path / "sub").mkdir()
    write_jsonl(tmp_path / "sub" / "a.jsonl", [good(1)])
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    (tmp_path / "gone.jsonl").symlink_to(tmp_path / "nowhere.jsonl")
    items = list(read_articles([tmp_path]))
    assert [i.id for i in items if isinstance(i, Article)] == ["a1"]
    problems = {e.origin: e.problem for e in errors_of(items)}
    assert "symbolic link loop" in problems[str(tmp_path / "sub" / "loop")]
    assert "broken symbolic link" in problems[str(tmp_path / "gone.jsonl")]
