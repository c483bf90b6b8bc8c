"""A newsroom's own stories, end to end through the command line and the Python API (issue 23):
a folder of .txt files without sidecars, a headline on a text file's first line, and CSV."""

import csv
import json

import pytest
from typer.testing import CliRunner

import pipeline
from pipeline.cli import app
from pipeline.core.failures import ExitCode

STORM = ("Storm hits coast\n\nLONDON, Nov. 15 (Wire) - A storm hit the coast on Monday.\n"
         "Power was cut to 20,000 homes.\n")
DEAL = "Acme said on Tuesday that it would buy Beta for $3 billion.\n"
BOTH_WAYS = ('no publication date: add {id}.json with {{"published": "YYYY-MM-DD"}} beside it, or pass --published '
             'YYYY-MM-DD for the whole folder')


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def stories(tmp_path):
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "storm.txt").write_text(STORM, encoding="utf-8")
    (folder / "deal.txt").write_text(DEAL, encoding="utf-8")
    return folder


def rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_folder_without_dates_says_both_ways_and_runs_with_published(stories, tmp_path):
    refused = invoke("extract", stories, "-o", tmp_path / "none.jsonl", "-q")
    assert refused.exit_code == ExitCode.ARTICLES_FAILED
    for name in ("deal", "storm"):
        assert f"error: {stories / name}.txt: article '{name}': {BOTH_WAYS.format(id=name)}" in refused.output
    (stories / "deal.json").write_text('{"published": "2023-03-01"}', encoding="utf-8")  # its own date wins
    done = invoke("extract", stories, "-o", tmp_path / "facts.jsonl", "--published", "2024-11-15", "-q")
    assert done.exit_code == 0, done.output
    facts = rows(tmp_path / "facts.jsonl")
    assert {(r["article_id"], r["text"], r["value"]) for r in facts if r["kind"] == "date"} >= {
        ("deal", "Tuesday", "2023-02-28"), ("storm", "Monday", "2024-11-11")}


def test_a_headline_is_the_title_and_the_dateline_after_it_is_found(stories, tmp_path):
    done = invoke("extract", stories / "storm.txt", "-o", tmp_path / "facts.jsonl", "--published", "2024-11-15", "-q")
    assert done.exit_code == 0, done.output
    facts = rows(tmp_path / "facts.jsonl")
    body = STORM[len("Storm hits coast\n\n"):]
    assert all(body[r["start"]:r["end"]] == r["text"] for r in facts)  # offsets index the body, as sentences do
    assert not any("Storm" in r["text"] for r in facts)
    by_text = {r["text"]: r for r in facts}
    assert by_text["LONDON"]["value"] == "London" and by_text["Wire"]["label"] == "ORG"  # the dateline's city and agency
    from pipeline.review.page import gather_review

    review = gather_review(tmp_path / "facts.jsonl", [stories / "storm.txt"], published="2024-11-15")
    assert [(a.id, a.title, a.problems) for a in review.articles] == [("storm", "Storm hits coast", [])]


def test_review_and_check_take_published_for_the_texts(stories, tmp_path):
    invoke("extract", stories, "-o", tmp_path / "facts.jsonl", "--published", "2024-11-15", "-q")
    (stories / "storm.gold.jsonl").write_text('{"kind": "date", "label": "DATE", "text": "Monday", '
                                              '"value": "2024-11-11"}\n', encoding="utf-8")
    without = invoke("review", tmp_path / "facts.jsonl", "--articles", stories, "-o", tmp_path / "page.html")
    assert without.exit_code == ExitCode.ARTICLES_FAILED
    page = invoke("review", tmp_path / "facts.jsonl", "--articles", stories, "-o", tmp_path / "page.html",
                  "--published", "2024-11-15")
    assert page.exit_code == 0, page.output
    checked = invoke("check", tmp_path / "facts.jsonl", stories, "--published", "2024-11-15", "--format", "json")
    assert json.loads(checked.stdout)["articles"] == 1, checked.output


def write_csv(path, rows_):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows_)
    return path


def test_csv_with_its_own_column_names_through_the_command_line(tmp_path):
    news = write_csv(tmp_path / "news.csv", [["story_id", "body", "date"], ["deal", DEAL, "2024-11-15"],
                                            ["bad", DEAL, "15/11/2024"], ["storm", STORM, ""]])
    done = invoke("extract", news, "-o", tmp_path / "facts.jsonl", "--columns", "id=story_id,text=body,published=date",
                  "--published", "2024-11-14", "-q")
    assert done.exit_code == ExitCode.ARTICLES_FAILED
    # DEAL ends with a line break: the row of 'bad' starts on line 4
    assert f"error: {news}:4: article 'bad': invalid publication date '15/11/2024'" in done.output
    facts = rows(tmp_path / "facts.jsonl")
    assert {r["article_id"] for r in facts} == {"deal", "storm"}
    assert ("deal", "Tuesday", "2024-11-12") in {(r["article_id"], r["text"], r["value"]) for r in facts}
    bad = invoke("extract", news, "-o", tmp_path / "other.jsonl", "--columns", "body=text", "-q")
    assert bad.exit_code == ExitCode.USAGE
    assert bad.output.strip() == ("newsfacts extract: error: --columns 'body=text': 'body' is no article field: map "
                                  "id, text, published, title, source, language")


def test_the_help_says_which_date_wins_and_that_csv_is_read():
    result = invoke("extract", "--help")
    text = " ".join(result.output.replace("│", " ").split())  # rich boxes and wraps the help
    assert "a sidecar's or a record's own date wins over it" in text
    assert ".csv" in text and "--columns" in text


def test_the_python_api_reads_csv_and_text_files(stories, tmp_path, nlp):
    news = write_csv(tmp_path / "news.csv", [["id", "text", "published"], ["deal", DEAL, "2024-11-15"],
                                            ["empty", " ", "2024-11-15"]])
    frame = pipeline.extract_frame(news, model=nlp)
    assert set(frame["article_id"]) == {"deal"}
    assert [error["problem"] for error in frame.attrs["errors"]] == ["empty text: nothing to extract"]
    frame = pipeline.extract_frame(stories, model=nlp)
    assert frame.empty
    assert sorted(error["problem"] for error in frame.attrs["errors"]) == [BOTH_WAYS.format(id="deal"), BOTH_WAYS.format(id="storm")]
