"""The Python API for notebooks: `pipeline.extract_frame` and `pipeline.read_facts` give the
table the command line writes, and `import pipeline` stays cheap."""

import json
import pathlib
import subprocess
import sys

import pandas as pd
import pytest

import pipeline
from pipeline.core.schema import SCHEMA
from pipeline.run.batch import run_batch
from tests.run.test_batch import ARTICLES


def test_importing_the_package_loads_nothing_heavy():
    code = ("import sys, pipeline; print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'spacy', 'pandas', 'pyarrow', 'numpy', 'dask', 'distributed', 'thinc', 'typer'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.fixture(scope="module")
def cli_table(nlp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("api")
    corpus = folder / "in.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in ARTICLES), encoding="utf-8")
    run_batch([corpus], folder / "facts.parquet", nlp)
    return corpus, folder / "facts.parquet"


def test_extract_frame_gives_the_table_of_the_command_line_from_dicts_frames_and_paths(nlp, cli_table):
    corpus, table = cli_table
    written = pipeline.read_facts(table)
    assert list(written.columns) == list(SCHEMA) and len(written) > 5
    from_dicts = pipeline.extract_frame(ARTICLES, model=nlp)
    from_frame = pipeline.extract_frame(pd.DataFrame(ARTICLES), model=nlp)
    from_path = pipeline.extract_frame(corpus, model=nlp)
    for frame in (from_dicts, from_frame, from_path):
        pd.testing.assert_frame_equal(frame, written)
        assert frame.attrs["errors"] == []


def test_extract_frame_reports_bad_articles_and_keeps_the_others(nlp, caplog):
    records = [ARTICLES[0], {"id": "x", "text": "No date here."}, dict(ARTICLES[1], id=ARTICLES[0]["id"]),
               {"id": "n", "text": "Rain on Monday.", "published": "2024-09-24", "title": float("nan")}]
    frame = pipeline.extract_frame(records, model=nlp)
    assert set(frame["article_id"]) == {"a", "n"}
    errors = frame.attrs["errors"]
    assert [error["origin"] for error in errors] == ["item 2", "item 3"]
    assert "no publication date" in errors[0]["problem"] and "duplicate id" in errors[1]["problem"]
    assert "2 articles or stages failed" in caplog.text
    # pandas compares attrs when it concatenates: the errors must not break nlargest, concat, groupby
    assert len(frame.nlargest(1, "start")) == 1 and len(pd.concat([frame, frame])) == 2 * len(frame)
    assert list(pd.DataFrame(errors).columns)[:2] == ["article_id", "origin"]


def test_extract_frame_on_a_cluster_is_the_local_frame(nlp, cli_table):
    from distributed import Client, LocalCluster

    corpus, table = cli_table
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        on_cluster = pipeline.extract_frame(pd.DataFrame(ARTICLES), model=nlp, dask=client)
    pd.testing.assert_frame_equal(on_cluster, pipeline.read_facts(table))


def test_bad_arguments_say_what_to_give(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such fact table"):
        pipeline.read_facts(tmp_path / "missing.parquet")
    with pytest.raises(ValueError, match="not a pipeline folder"):
        pipeline.extract_frame(ARTICLES, model=tmp_path)
    with pytest.raises(ValueError, match="processes or dask"):
        pipeline.extract_frame(ARTICLES, processes=2, dask="local:2")
    with pytest.raises(ValueError, match="give local:N"):
        pipeline.extract_frame(ARTICLES, dask="my-cluster")


# --- issue 23: texts, (text, published) pairs and published=; paths only as paths ----------------------

LONG_TEXT = "The council met on Monday and approved $3m for roads. " * 40  # 2,160 characters: no file name


def _same_ids(frame, ids):
    return frame.assign(article_id=frame["article_id"].map(ids))


def test_extract_frame_takes_texts_and_a_publication_date_for_all(nlp):
    """A plain string is an article's text (a long one was taken for a file name: OSError), with
    `published=` for texts without their own date; a text's id is its index in the list."""
    frame = pipeline.extract_frame([LONG_TEXT, ARTICLES[0]["text"]], published="2024-09-24", model=nlp)
    expected = pipeline.extract_frame([{"id": "0", "text": LONG_TEXT, "published": "2024-09-24"},
                                       {"id": "1", "text": ARTICLES[0]["text"], "published": "2024-09-24"}], model=nlp)
    pd.testing.assert_frame_equal(frame, expected)
    assert frame.attrs["errors"] == []
    assert set(frame.loc[frame["text"] == "Monday", "value"]) == {"2024-09-23"}
    one = pipeline.extract_frame(ARTICLES[0]["text"], published="2024-09-24", model=nlp)  # one text alone
    subset = expected[expected["article_id"] == "1"].reset_index(drop=True).assign(article_id="0")
    # categories are those present in each table (kind: date and quantity in one, date in the other)
    pd.testing.assert_frame_equal(one, subset, check_categorical=False)


def test_extract_frame_takes_text_and_date_pairs_and_dates_per_row(nlp):
    import datetime

    pairs = [(ARTICLES[0]["text"], "2024-09-24"), (ARTICLES[1]["text"], datetime.date(2024, 3, 14))]
    frame = pipeline.extract_frame(pairs, model=nlp)
    expected = pipeline.extract_frame(ARTICLES[:2], model=nlp)
    pd.testing.assert_frame_equal(frame, _same_ids(expected, {"a": "0", "b": "1"}))
    # a DataFrame: its own dates per row (here as timestamps), its index as ids when it has no id column,
    # published= for the rows without a date
    table = pd.DataFrame({"text": [a["text"] for a in ARTICLES], "published": pd.to_datetime(
        [ARTICLES[0]["published"], ARTICLES[1]["published"], None])}, index=["a", "b", "c"])
    frame = pipeline.extract_frame(table, published=ARTICLES[2]["published"], model=nlp)
    pd.testing.assert_frame_equal(frame, pipeline.extract_frame(ARTICLES, model=nlp))
    # a Series of texts (a DataFrame's column of another name): its index as ids
    series = pd.Series([a["text"] for a in ARTICLES[:2]], index=["a", "b"], name="body")
    pd.testing.assert_frame_equal(pipeline.extract_frame(series, published="2024-09-24", model=nlp),
                                  pipeline.extract_frame([dict(a, published="2024-09-24") for a in ARTICLES[:2]],
                                                         model=nlp))
    # and dicts without a date
    undated = [{k: v for k, v in a.items() if k != "published"} for a in ARTICLES[:1]]
    pd.testing.assert_frame_equal(pipeline.extract_frame(undated, published="2024-09-24", model=nlp),
                                  pipeline.extract_frame(ARTICLES[:1], model=nlp))


def test_extract_frame_takes_paths_as_path_objects_or_paths_and_says_so_for_a_string(nlp, cli_table, tmp_path,
                                                                                      monkeypatch):
    from pathlib import Path

    corpus, table = cli_table
    written = pipeline.read_facts(table)
    pd.testing.assert_frame_equal(pipeline.extract_frame([Path(corpus)], model=nlp), written)
    pd.testing.assert_frame_equal(pipeline.extract_frame(paths=[str(corpus)], model=nlp), written)
    pd.testing.assert_frame_equal(pipeline.extract_frame(paths=corpus.parent, model=nlp), written)
    # the README's old call: a clear error, not a text "corpus/" without facts
    monkeypatch.chdir(corpus.parent)
    for call in (["."], [corpus.name], "corpus/", ["news/2024.jsonl"], ["s3://bucket/news.jsonl"]):
        with pytest.raises(ValueError, match=r"looks like a path, not an article's text: give files and folders as "
                                             r"paths=\[.*\] or as pathlib.Path"):
            pipeline.extract_frame(call, model=nlp)
    # a text given as a path says so, in one line
    with pytest.raises(FileNotFoundError, match=r"paths=: no such file or folder: 'The council met on Monday and "
                                                r"approve…'; give texts as articles, not as paths="):
        pipeline.extract_frame(paths=[LONG_TEXT], model=nlp)


@pytest.mark.parametrize("call, message", [
    (dict(articles=["A text."], published="2024-13-01"), r"published='2024-13-01': invalid publication date"),
    (dict(articles=["A text."], paths=["corpus/"]), r"give articles or paths=, not both"),
    (dict(), r"give the articles .* or paths="),
    (dict(articles=["A text.", pathlib.Path("corpus")]), r"item 2 is a path among articles"),
    (dict(articles=[("A text.", "2024-09-24", "x")]), r"item 1 is a tuple of 3 values: give \(text, published\) pairs"),
    (dict(articles=pd.DataFrame({"body": ["A text."]})), r"the DataFrame has no 'text' column \(its columns: body\)"),
])
def test_a_mistaken_call_of_extract_frame_says_what_to_give(nlp, call, message):
    with pytest.raises(ValueError, match=message):
        pipeline.extract_frame(**call, model=nlp)


def test_extract_frame_maps_other_column_names_as_the_command_line_does(nlp, tmp_path):
    """`columns=` is --columns for the API: a DataFrame or a CSV file whose columns have other names."""
    frame = pd.DataFrame({"story_id": ["s1"], "body": [ARTICLES[0]["text"]], "date": ["2024-09-24"]})
    mapped = pipeline.extract_frame(frame, columns={"id": "story_id", "text": "body", "published": "date"}, model=nlp)
    expected = pipeline.extract_frame([dict(ARTICLES[0], id="s1", published="2024-09-24")], model=nlp)
    pd.testing.assert_frame_equal(mapped, expected)
    news = tmp_path / "news.csv"
    frame.to_csv(news, index=False)
    from_csv = pipeline.extract_frame(paths=[news], columns="id=story_id,text=body,published=date", model=nlp)
    pd.testing.assert_frame_equal(from_csv, expected)
    with pytest.raises(ValueError, match="'body' is no article field"):
        pipeline.extract_frame(frame, columns={"body": "text"}, model=nlp)
