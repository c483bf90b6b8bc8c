"""CSV input (issue 23): `id`, `text`, `published` columns (others mapped by name), read as a
Parquet file's rows are, one bad row never losing the others."""

import csv

import pytest

from pipeline.core.records import Article, ArticleError
from pipeline.io.article_formats import parse_columns
from pipeline.io.articles import read_articles
from pipeline.io.csv_articles import FIELD_SIZE_LIMIT


def write_csv(path, rows, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def read(path, **options):
    items = list(read_articles([path], **options))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, ArticleError)]


def test_a_csv_file_is_read_a_row_an_article_with_the_line_it_starts_on(tmp_path):
    path = write_csv(tmp_path / "news.csv", [
        ["id", "published", "text", "title", "extra"],
        ["a1", "2024-09-24", "First paragraph.\nSecond paragraph, with a comma.", "One", "x"],
        ["a2", "2024-09-25T08:00:00Z", 'He said "yes" on Monday.', "", "y"],
    ])
    articles, errors = read(path)
    assert errors == []
    assert [(a.id, a.published, a.title, a.origin) for a in articles] == [
        ("a1", "2024-09-24", "One", f"{path}:2"), ("a2", "2024-09-25", "", f"{path}:4")]
    assert articles[0].text == "First paragraph.\nSecond paragraph, with a comma."
    assert articles[1].text == 'He said "yes" on Monday.'


@pytest.mark.parametrize("bad_row, problem", [
    (["x", "2024-09-24", "   "], "empty text"),
    (["x", "24/09/2024", "Some text."], "invalid publication date"),
    (["x", "", "Some text."], "no publication date: give 'published' (YYYY-MM-DD) in the record, or pass --published"),
    (["", "2024-09-24", "Some text."], "empty 'id'"),
    (["x", "2024-09-24", "Some text.", "more"], "4 fields where the header has 3"),
    (["x", "2024-09-24"], "2 fields where the header has 3"),
    (["a1", "2024-09-24", "Again."], "duplicate id, first seen at"),
])
def test_a_bad_row_is_an_error_of_its_own_and_the_others_are_read(tmp_path, bad_row, problem):
    path = write_csv(tmp_path / "news.csv", [["id", "published", "text"], ["a1", "2024-09-24", "One."], bad_row,
                                             ["a2", "2024-09-24", "Two."]])
    articles, errors = read(path)
    assert [a.id for a in articles] == ["a1", "a2"]
    [error] = errors
    assert problem in error.problem and error.origin == f"{path}:3", error


def test_a_row_not_utf8_is_its_own_error(tmp_path):
    path = tmp_path / "news.csv"
    path.write_bytes(b"id,published,text\na1,2024-09-24,One.\nx,2024-09-24,Caf\xe9.\na2,2024-09-24,Two.\n")
    articles, [error] = read(path)
    assert [a.id for a in articles] == ["a1", "a2"]
    assert error.origin == f"{path}:3" and error.problem.startswith("not UTF-8") and error.article_id == "x"


def test_a_byte_order_mark_and_windows_line_ends_are_read_as_absent(tmp_path):
    path = tmp_path / "news.csv"
    path.write_bytes(b"\xef\xbb\xbfid,published,text\r\na1,2024-09-24,\"One.\r\nTwo.\"\r\n")
    [article], [] = read(path)
    assert (article.id, article.text) == ("a1", "One.\r\nTwo.")


def test_a_field_larger_than_csvs_own_limit_is_read(tmp_path):
    text = "The council met on Monday. " * 20_000  # 540,000 characters: csv refuses 131,072 by default
    path = write_csv(tmp_path / "news.csv", [["id", "published", "text"], ["long", "2024-09-24", text]])
    [article], [] = read(path)
    assert article.text == text and FIELD_SIZE_LIMIT > len(text)


def test_other_column_names_are_mapped(tmp_path):
    path = write_csv(tmp_path / "news.csv", [["story_id", "date", "body", "text"],
                                             ["s1", "2024-09-24", "The body.", "not this"]])
    columns = parse_columns("id=story_id, text=body,published=date")
    [article], [] = read(path, columns=columns)
    assert (article.id, article.published, article.text) == ("s1", "2024-09-24", "The body.")


@pytest.mark.parametrize("header, options, problem", [
    (["story_id", "published", "text"], {}, "no 'id' column (the header has: story_id, published, text): name "
                                            "the id column 'id', or map it with --columns id=NAME"),
    (["id", "published", "body"], {"columns": {"text": "content"}}, "no 'content' column"),
    (["id", "text"], {}, "no 'published' column (the header has: id, text): add one (YYYY-MM-DD), map it with "
                         "--columns published=NAME, or pass --published YYYY-MM-DD for the whole file"),
    (["id", "text", "text"], {}, "the column 'text' is named more than once"),
    ([], {}, "no header row"),
])
def test_a_file_without_the_columns_is_one_error_that_says_what_to_do(tmp_path, header, options, problem):
    path = write_csv(tmp_path / "news.csv", [header] if header else [])
    if header:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("a,2024-09-24,Text.\n")
    articles, [error] = read(path, **options)
    assert articles == [] and error.origin == str(path) and problem in error.problem


def test_the_run_date_fills_rows_without_one_and_not_those_with_one(tmp_path):
    path = write_csv(tmp_path / "news.csv", [["id", "text", "published"], ["a", "One.", ""], ["b", "Two.", "2023-01-02"]])
    articles, [] = read(path, published="2024-09-24")
    assert {a.id: a.published for a in articles} == {"a": "2024-09-24", "b": "2023-01-02"}
    no_column = write_csv(tmp_path / "bare.csv", [["id", "text"], ["c", "Three."]])
    [article], [] = read(no_column, published="2024-09-24")
    assert article.published == "2024-09-24"


def test_a_csv_file_in_a_folder_is_not_read_as_articles(tmp_path):
    write_csv(tmp_path / "facts.csv", [["article_id", "kind"], ["a", "date"]])  # a fact table written there
    (tmp_path / "story.txt").write_text("Rain on Monday.", encoding="utf-8")
    articles, errors = read(tmp_path, published="2024-09-24")
    assert [a.id for a in articles] == ["story"] and errors == []


@pytest.mark.parametrize("spec, problem", [
    ("id", "is not FIELD=NAME"), ("id=", "is not FIELD=NAME"), ("body=text", "'body' is no article field"),
    ("id=a,id=b", "mapped twice"),
])
def test_a_bad_column_mapping_says_what_is_wrong(spec, problem):
    with pytest.raises(ValueError, match=problem):
        parse_columns(spec)


def test_json_lines_and_parquet_take_the_same_mapping(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    (tmp_path / "news.jsonl").write_text('{"story_id": "j1", "body": "Rain.", "date": "2024-09-24"}\n', encoding="utf-8")
    pq.write_table(pa.table({"story_id": ["p1"], "body": ["Sun."], "date": ["2024-09-25"]}), tmp_path / "news.parquet")
    columns = {"id": "story_id", "text": "body", "published": "date"}
    articles, errors = read(tmp_path / "news.jsonl", columns=columns)
    more, more_errors = read(tmp_path / "news.parquet", columns=columns)
    assert errors == more_errors == []
    assert [(a.id, a.text, a.published) for a in articles + more] == [("j1", "Rain.", "2024-09-24"),
                                                                        ("p1", "Sun.", "2024-09-25")]
