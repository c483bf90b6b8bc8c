"""The input side of issue 20: thresholds, gold files, tables and datasets that `check`, `review`
and `regenerate` cannot use are one line and exit 5 (regenerate: a warning, every article new),
never exit 8 nor a gate passed unapplied; and the article readers take a BOM on any line, a
folder of any depth, named pipes and upper-case extensions without losing a good article."""

import json
import os
import threading
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.failures import ExitCode, Unreadable
from pipeline.core.records import Article, ArticleError
from pipeline.core.schema import SCHEMA
from pipeline.evaluation.check import THRESHOLD_KINDS, THRESHOLD_MEASURES, gold_files, load_thresholds
from pipeline.io.articles import read_articles
from pipeline.io.datasets import DatasetWriter
from pipeline.io.paths import errors_path
from pipeline.io.reading import read_arrow, read_table
from pipeline.io.tables import TableError
from pipeline.io.writing import write_table
from pipeline.run.batch import run_batch
from tests.cli.test_cli import one_line
from tests.conftest import ROOT
from tests.io.test_partitions import read_in_partitions
from tests.system.test_hostile import GOOD, clean_rows, good_rows  # noqa: F401 -- clean_rows is a fixture

ARTICLE = {"id": "a1", "published": "2024-09-24", "text": "The probe landed on Monday. It rained on Monday."}
GOLD_LINE = {"kind": "date", "label": "DATE", "text": "Monday", "value": "2024-09-23"}
ROW = {"article_id": "a1", "fact_id": "d20-26", "kind": "date", "label": "DATE", "text": "Monday",
       "start": 20, "end": 26, "value": "2024-09-23"}
THRESHOLDS = "[tool.newsfacts.thresholds.date]\nrelaxed_f1 = 0.5\n"


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


class Writer:
    """Opens a named pipe for writing and closes it at once: a reader that opened the pipe (the
    unfixed code) gets an empty file instead of waiting for ever; one that did not leaves this
    waiting until `release`, which opens the pipe's reading end without blocking."""

    def __init__(self, fifo: Path) -> None:
        self.fifo = fifo
        self.thread = threading.Thread(target=lambda: open(fifo, "wb").close(), daemon=True)
        self.thread.start()

    def release(self) -> None:
        if self.thread.is_alive():
            fd = os.open(self.fifo, os.O_RDONLY | os.O_NONBLOCK)
            self.thread.join()
            os.close(fd)


@pytest.fixture
def checked(tmp_path):
    """A folder `check` passes: an article, its gold, a fact table of it and a config."""
    jsonl(tmp_path / "in.jsonl", [ARTICLE])
    jsonl(tmp_path / "a1.gold.jsonl", [GOLD_LINE])
    jsonl(tmp_path / "facts.jsonl", [ROW])
    (tmp_path / "pyproject.toml").write_text(THRESHOLDS, encoding="utf-8")
    assert invoke("check", tmp_path / "facts.jsonl", tmp_path, "--config", tmp_path / "pyproject.toml").exit_code == 0
    return tmp_path


def check(folder: Path, table: Path = None):
    return invoke("check", table or folder / "facts.jsonl", folder, "--config", folder / "pyproject.toml")


# -- 5: thresholds -------------------------------------------------------------------------------

T = "[tool.newsfacts.thresholds.date]\n"
#: name -> (the config, what its one line says besides the file)
CONFIGS = {
    "misspelt kind": ("[tool.newsfacts.thresholds.dates]\nrelaxed_f1 = 0.99\n",
                      "[tool.newsfacts.thresholds.dates]: unknown kind 'dates': the kinds are entity, date, quantity, all"),
    "misspelt measure": (T + "relaxd_f1 = 0.99\n", "[tool.newsfacts.thresholds.date] relaxd_f1: unknown measure 'relaxd_f1': the measures are strict_p"),
    "nan": (T + "relaxed_f1 = nan\n", "[tool.newsfacts.thresholds.date] relaxed_f1 is a number (NaN): give a number from 0 to 1"),
    "inf": (T + "relaxed_f1 = inf\n", "relaxed_f1 is a number (inf): give a number from 0 to 1"),
    "-inf": (T + "relaxed_f1 = -inf\n", "relaxed_f1 is a number (-inf): give a number from 0 to 1"),
    "a string": (T + 'relaxed_f1 = "high"\n', "relaxed_f1 is the text 'high': give a number from 0 to 1"),
    "a percentage": (T + "relaxed_f1 = 92\n", "relaxed_f1 is a number (92), outside 0..1"),
    "negative": (T + "relaxed_f1 = -0.5\n", "relaxed_f1 is a number (-0.5), outside 0..1"),
    "a boolean": (T + "relaxed_f1 = true\n", "relaxed_f1 is a boolean (true)"),
    "a list": (T + "relaxed_f1 = [0.9]\n", "relaxed_f1 is a list"),
    "a kind that is a number": ("[tool.newsfacts.thresholds]\ndate = 0.9\n",
                                "tool.newsfacts.thresholds.date is a number (0.9), not a table"),
    "thresholds that are a number": ("[tool.newsfacts]\nthresholds = 0.9\n",
                                     "tool.newsfacts.thresholds is a number (0.9), not a table"),
    "Latin-1": ("# r\xe9glages\n" + THRESHOLDS, "not UTF-8 (byte 3); save it as UTF-8"),
    "not TOML": ("[tool.newsfacts.thresholds.date\nrelaxed_f1 = 0.5\n", "Expected ']'"),
}


@pytest.mark.parametrize("name", list(CONFIGS))
def test_a_threshold_that_cannot_be_applied_is_exit_5_naming_the_file_and_key(checked, name):
    text, says = CONFIGS[name]
    config = checked / "pyproject.toml"
    config.write_bytes(text.encode("latin-1" if name == "Latin-1" else "utf-8"))
    result = check(checked)
    assert result.exit_code == ExitCode.UNREADABLE, result.output
    line = one_line(result)
    assert line.startswith("newsfacts check: error: ") and str(config) in line and says in line, line


def test_the_projects_own_thresholds_are_all_known():
    thresholds = load_thresholds(ROOT / "pyproject.toml")
    assert sum(len(limits) for limits in thresholds.values()) == 17
    assert set(thresholds) <= set(THRESHOLD_KINDS)
    assert all(set(limits) <= set(THRESHOLD_MEASURES) for limits in thresholds.values())
    assert "system" not in THRESHOLD_MEASURES and "concept_partial_f1" in THRESHOLD_MEASURES


def test_a_config_that_is_a_named_pipe_is_refused_without_waiting(tmp_path):
    os.mkfifo(tmp_path / "pyproject.toml")
    writer = Writer(tmp_path / "pyproject.toml")
    try:
        with pytest.raises(Unreadable, match="not a regular file"):
            load_thresholds(tmp_path / "pyproject.toml")
    finally:
        writer.release()


# -- 9: gold files ---------------------------------------------------------------------------------

def gold_with(bad: bytes) -> bytes:
    return json.dumps(GOLD_LINE).encode() + b"\n" + bad + b"\n"


#: name -> (the second line of a gold file, what its one line says)
GOLD = {
    "a list": (b"[1, 2]", "a gold fact is a JSON object with 'kind' and 'text', not a list"),
    "null": (b"null", "not null"),
    "a string": (b'"Monday"', "not a str"),
    "occurrence 'x'": (json.dumps(dict(GOLD_LINE, occurrence="x")).encode(), "'occurrence' is the text 'x'"),
    "occurrence 0": (json.dumps(dict(GOLD_LINE, occurrence=0)).encode(), "'occurrence' is a number (0)"),
    "occurrence -1": (json.dumps(dict(GOLD_LINE, occurrence=-1)).encode(), "'occurrence' is a number (-1)"),
    "occurrence 1.5": (json.dumps(dict(GOLD_LINE, occurrence=1.5)).encode(), "'occurrence' is a number (1.5)"),
    "occurrence true": (json.dumps(dict(GOLD_LINE, occurrence=True)).encode(), "'occurrence' is a boolean (true)"),
    "occurrence 3 of 2": (json.dumps(dict(GOLD_LINE, occurrence=3)).encode(), "'Monday' does not occur 3 time(s)"),
    "text 5": (json.dumps(dict(GOLD_LINE, text=5)).encode(), "'text' is a number (5), not a string"),
    "text a list": (json.dumps(dict(GOLD_LINE, text=["Monday"])).encode(), "'text' is a list, not a string"),
    "kind a list": (json.dumps(dict(GOLD_LINE, kind=["date"])).encode(), "needs 'kind' (entity, date, quantity)"),
    "nested 100,000 deep": (b"[" * 100_000, "malformed JSON (nested too deeply"),
    "malformed": (b'{"kind": "date", "text": "Mon', "malformed JSON (Unterminated string"),
    "Latin-1": ('{"kind": "date", "text": "Monday", "note": "r\xe9vis\xe9"}'.encode("latin-1"), "not UTF-8 (byte 45)"),
    "start not a number": (json.dumps(dict(GOLD_LINE, start="x")).encode(), "'start' 'x' disagrees with the text at 20"),
}


@pytest.mark.parametrize("name", list(GOLD))
def test_a_malformed_gold_line_is_exit_5_naming_the_file_and_line(checked, name):
    line, says = GOLD[name]
    gold = checked / "a1.gold.jsonl"
    gold.write_bytes(gold_with(line))
    result = check(checked)
    assert result.exit_code == ExitCode.UNREADABLE, result.output
    message = one_line(result)
    assert message.startswith(f"newsfacts check: error: {gold}:2: ") and says in message, message


@pytest.mark.parametrize("name", ["a list", "occurrence 0", "text 5", "Latin-1"])
def test_review_notes_a_malformed_gold_line_on_its_article_and_writes_the_page(checked, name):
    gold = checked / "a1.gold.jsonl"
    gold.write_bytes(gold_with(GOLD[name][0]))
    result = invoke("review", checked / "facts.jsonl", "--gold", checked, "-o", checked / "r.html")
    assert result.exit_code == ExitCode.ARTICLES_FAILED, result.output
    assert f"newsfacts review: article a1: gold not scored: {gold}:2: {GOLD[name][1]}" in result.output
    assert (checked / "r.html").is_file()


def test_a_gold_file_suffix_in_upper_case_is_found(checked):
    (checked / "a1.gold.jsonl").rename(checked / "a1.GOLD.JSONL")
    result = invoke("check", checked / "facts.jsonl", checked, "--config", checked / "pyproject.toml", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["scores"]["date"]["gold"] == 1


def test_a_byte_order_mark_on_any_gold_line_is_read_as_absent(checked):
    gold = checked / "a1.gold.jsonl"
    gold.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOLD_LINE).encode() + b"\n\xef\xbb\xbf"
                     + json.dumps(dict(GOLD_LINE, occurrence=2)).encode() + b"\n")
    result = invoke("check", checked / "facts.jsonl", checked, "--config", checked / "pyproject.toml", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["scores"]["date"]["gold"] == 2


# -- 11: tables that are not fact tables ------------------------------------------------------------

def _csv_without_start(path):
    write_table(path, [ROW], {c: t for c, t in SCHEMA.items() if c != "start"})
    return "it has no column start, so it is not a fact table"


def _jsonl_with_a_list_line(path):
    path.write_text(json.dumps(ROW) + "\n[1, 2]\n", encoding="utf-8")
    return "line 2 is a list, not a row (a JSON object)"


def _jsonl_not_json(path):
    path.write_text(json.dumps(ROW) + "\n{oops\n", encoding="utf-8")
    return "line 2 is not JSON (Expecting property name enclosed in double quotes at column 2)"


def _jsonl_without_start(path):
    path.write_text(json.dumps({k: v for k, v in ROW.items() if k != "start"}) + "\n", encoding="utf-8")
    return "it has no column start, so it is not a fact table"


def _articles_parquet(path):
    pq.write_table(pa.Table.from_pylist([ARTICLE]), path)
    return "it has no columns article_id, kind, start, end, so it is not a fact table"


def _parquet_without_article_id(path):
    pq.write_table(pa.Table.from_pylist([{k: v for k, v in ROW.items() if k != "article_id"}]), path)
    return "it has no column article_id, so it is not a fact table"


def _csv_of_another_table(path):
    path.write_text("name,score\nx,1\n", encoding="utf-8")
    return "it has no columns article_id, kind, start, end, so it is not a fact table"


def _csv_header_only(path):
    path.write_text("name,score\n", encoding="utf-8")
    return "it has no columns article_id, kind, start, end, so it is not a fact table"


def _csv_start_not_a_number(path):
    write_table(path, [ROW], SCHEMA)
    path.write_text(path.read_text(encoding="utf-8").replace(",20,26,", ",twenty,26,"), encoding="utf-8")
    return "row 1: start is 'twenty', not of type int64"


def _jsonl_null_article_id(path):
    path.write_text(json.dumps(ROW) + "\n" + json.dumps(dict(ROW, article_id=None)) + "\n", encoding="utf-8")
    return "row 2 has no article_id, so it is not a fact table"


TABLES = {f.__name__[1:]: (f, suffix) for f, suffix in (
    (_csv_without_start, ".csv"), (_jsonl_with_a_list_line, ".jsonl"), (_jsonl_not_json, ".jsonl"),
    (_jsonl_without_start, ".jsonl"), (_articles_parquet, ".parquet"), (_parquet_without_article_id, ".parquet"),
    (_csv_of_another_table, ".csv"), (_csv_header_only, ".csv"), (_csv_start_not_a_number, ".csv"),
    (_jsonl_null_article_id, ".jsonl"))}


@pytest.mark.parametrize("name", list(TABLES))
def test_check_and_review_of_a_table_that_is_no_fact_table_is_exit_5_saying_what_is_wrong(checked, name):
    make, suffix = TABLES[name]
    table = checked / f"other{suffix}"
    says = make(table)
    result = check(checked, table)
    assert result.exit_code == ExitCode.UNREADABLE, result.output
    assert one_line(result) == (f"newsfacts check: error: cannot read the table {table}: {says}; give a fact table "
                                f"that `newsfacts extract` wrote, or write it again")
    result = invoke("review", table, "--gold", checked, "-o", checked / "r.html")
    assert result.exit_code == ExitCode.UNREADABLE, result.output
    assert one_line(result).startswith(f"newsfacts review: {table}: cannot read the fact table: {says}")
    assert not (checked / "r.html").exists()


@pytest.mark.parametrize("name", ["csv_without_start", "jsonl_with_a_list_line", "jsonl_without_start",
                                  "articles_parquet", "csv_start_not_a_number"])
def test_regenerate_over_a_table_that_is_no_fact_table_processes_every_article_as_new(nlp, tmp_path, monkeypatch, name):
    from pipeline.cli import make as cli

    monkeypatch.setattr(cli, "_load", lambda model: nlp)
    make, suffix = TABLES[name]
    table = tmp_path / f"facts{suffix}"
    make(table)  # rows of article a1, which is among the inputs again
    jsonl(tmp_path / "in.jsonl", [*GOOD, ARTICLE])
    result = invoke("regenerate", tmp_path / "in.jsonl", "-o", table)
    assert result.exit_code == 0, result.output
    assert f"warning: cannot read the previous table {table}" in result.output
    assert "every article is processed as new" in result.output
    assert sorted({r["article_id"] for r in read_table(table)}) == ["a1", "good-1", "good-2", "good-3"]


@pytest.mark.parametrize("name, says", [
    ("csv_without_start", "it has no column start"),
    ("jsonl_without_start", "row 1 has no start"),  # in JSON Lines a column left out reads as empty
    ("jsonl_null_article_id", "row 2 has no article_id"),
    ("articles_parquet", "it has no columns article_id, kind, start, end"),
])
def test_read_arrow_refuses_a_table_without_a_key_column(tmp_path, name, says):
    make, suffix = TABLES[name]
    make(tmp_path / f"t{suffix}")
    with pytest.raises(TableError, match=says):
        read_arrow(tmp_path / f"t{suffix}", SCHEMA)


def test_a_table_without_its_optional_columns_still_reads(tmp_path):
    """A table written by hand (or by an older newsfacts) may leave out any column but the keys:
    those read as empty, in every format."""
    tables = {}
    for suffix in (".csv", ".jsonl", ".parquet"):
        write_table(tmp_path / f"t{suffix}", [ROW], {c: SCHEMA[c] for c in ROW})
        tables[suffix] = read_arrow(tmp_path / f"t{suffix}", SCHEMA).to_pylist()
        assert int(read_table(tmp_path / f"t{suffix}")[0]["start"]) == 20
    assert tables[".csv"] == tables[".jsonl"] == tables[".parquet"]
    assert tables[".csv"][0]["start"] == 20 and tables[".csv"][0]["sentence_text"] is None


# -- 12: datasets with a part missing or damaged ----------------------------------------------------

ROWS = [dict(ROW, fact_id=f"d{i}", article_id=f"a{i // 3}") for i in range(10)]


def dataset(path: Path) -> Path:
    with DatasetWriter(path, SCHEMA, rows_per_part=3) as writer:
        writer.write(ROWS)
    assert sorted(p.name for p in path.iterdir()) == ["_metadata", *(f"part-{i:06d}.parquet" for i in range(4))]
    return path


def _part_deleted(path):
    (path / "part-000001.parquet").unlink()
    return "part-000001.parquet, one of the 4 parts its _metadata lists, is missing"


def _every_part_deleted(path):
    for part in path.glob("part-*"):
        part.unlink()
    return "part-000000.parquet, one of the 4 parts its _metadata lists, is missing"


def _part_truncated(path):
    part = path / "part-000002.parquet"
    part.write_bytes(part.read_bytes()[:100])
    return ("its part part-000002.parquet is damaged (Parquet magic bytes not found in footer. Either the file is "
            "corrupted or this is not a parquet file.)")


def _part_replaced(path):
    (path / "part-000003.parquet").replace(path / "part-000001.parquet")
    return "its part part-000001.parquet has 1 rows where _metadata records 3 (damaged or replaced)"


def _metadata_deleted(path):
    (path / "_metadata").unlink()
    return "a folder without _metadata, so not a dataset written by newsfacts"


DAMAGES = {f.__name__[1:]: f for f in (_part_deleted, _every_part_deleted, _part_truncated, _part_replaced,
                                       _metadata_deleted)}


def test_a_whole_dataset_reads_as_its_rows(tmp_path):
    path = dataset(tmp_path / "facts.parquet")
    assert [r["fact_id"] for r in read_table(path)] == [r["fact_id"] for r in ROWS]
    assert read_arrow(path, SCHEMA).num_rows == 10


@pytest.mark.parametrize("name", list(DAMAGES))
def test_a_dataset_with_a_part_missing_or_damaged_is_exit_5_naming_the_part(tmp_path, name):
    path = dataset(tmp_path / "facts.parquet")
    says = DAMAGES[name](path)
    with pytest.raises(TableError, match="part|_metadata"):
        read_arrow(path, SCHEMA)
    jsonl(tmp_path / "in.jsonl", [dict(ARTICLE, id=f"a{i}") for i in range(4)])
    jsonl(tmp_path / "a0.gold.jsonl", [GOLD_LINE])
    (tmp_path / "pyproject.toml").write_text(THRESHOLDS, encoding="utf-8")
    result = check(tmp_path, path)
    assert result.exit_code == ExitCode.UNREADABLE, result.output
    assert one_line(result) == (f"newsfacts check: error: cannot read the table {path}: {says}; give a fact table "
                                f"that `newsfacts extract` wrote, or write it again")
    result = invoke("review", path, "--gold", tmp_path, "-o", tmp_path / "r.html")
    if name == "metadata_deleted":  # review never took a folder without _metadata for a table
        assert result.exit_code == ExitCode.UNREADABLE and "no such fact table" in one_line(result)
        return
    assert result.exit_code == ExitCode.UNREADABLE, result.output
    assert one_line(result).startswith(f"newsfacts review: {path}: cannot read the fact table: {says}")


def test_regenerate_over_a_damaged_dataset_processes_every_article_as_new(nlp, tmp_path):
    path = dataset(tmp_path / "facts.parquet")
    _part_deleted(path)
    jsonl(tmp_path / "in.jsonl", GOOD)
    result = run_batch([tmp_path / "in.jsonl"], path, nlp, incremental=True)
    assert any("cannot read the previous table" in w and "part-000001.parquet" in w for w in result.warnings)
    assert result.processed == 3 and {c.status for c in result.changes} == {"new"}
    assert sorted({r["article_id"] for r in read_table(path)}) == ["good-1", "good-2", "good-3"]


# -- 14: a byte order mark at the start of any line --------------------------------------------------

def bom_lines(path: Path) -> Path:
    """`cat a.jsonl b.jsonl c.jsonl` of files each with a BOM, then a bad line and a good one."""
    lines = [b"\xef\xbb\xbf" + json.dumps(g).encode() + b"\n" for g in GOOD]
    path.write_bytes(b"".join(lines) + b"\xef\xbb\xbf\n" + b"\xef\xbb\xbf{oops\n"
                     + json.dumps(dict(GOOD[0], id="good-4")).encode() + b"\n")
    return path


def test_a_bom_on_a_later_line_is_read_as_absent(nlp, tmp_path, clean_rows):  # noqa: F811
    path = bom_lines(tmp_path / "in.jsonl")
    items = list(read_articles([path]))
    assert [i.id for i in items if isinstance(i, Article)] == ["good-1", "good-2", "good-3", "good-4"]
    [error] = [i for i in items if isinstance(i, ArticleError)]
    assert error.origin == f"{path}:5" and "malformed JSON" in error.problem
    result = run_batch([path], tmp_path / "out" / "facts.jsonl", nlp)
    assert result.failed == 1 and good_rows(read_table(tmp_path / "out" / "facts.jsonl"))[:len(clean_rows)] == clean_rows


@pytest.mark.parametrize("partition_bytes", [1, 50, 300, 1 << 20])
def test_a_bom_on_a_later_line_is_read_as_absent_by_the_partition_reader(tmp_path, partition_bytes):
    path = bom_lines(tmp_path / "in.jsonl")
    found, _ = read_in_partitions([path], partition_bytes)
    assert [(i, o) for i, o, _, problem in found] == [
        ("good-1", f"{path}:1"), ("good-2", f"{path}:2"), ("good-3", f"{path}:3"), ("", f"{path}:5"),
        ("good-4", f"{path}:6")]


def test_a_bom_in_a_text_sidecar_is_read_as_absent(tmp_path):
    (tmp_path / "story.txt").write_text("Rain on Monday.", encoding="utf-8")
    (tmp_path / "story.json").write_bytes(b'\xef\xbb\xbf{"published": "2024-09-24"}')
    [article] = read_articles([tmp_path])
    assert isinstance(article, Article) and article.published == "2024-09-24"


# -- 16: a folder nested deeper than Python's stack ----------------------------------------------------

def remove_tree(top: Path) -> None:
    """shutil.rmtree (and so pytest's clean-up) recurses: remove a deep tree without."""
    folders, pending = [], [top]
    while pending:
        folder = pending.pop()
        folders.append(folder)
        for entry in os.scandir(folder):
            if entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
            else:
                os.unlink(entry.path)
    for folder in reversed(folders):
        os.rmdir(folder)


@pytest.fixture
def deep_folder(tmp_path):
    top = tmp_path / "in"
    top.mkdir()
    jsonl(top / "a.jsonl", GOOD[:1])
    folder = top
    for _ in range(1_100):
        folder = folder / "d"
        folder.mkdir()
    jsonl(folder / "deepest.jsonl", GOOD[1:2])
    jsonl(folder / "good-2.gold.jsonl", [GOLD_LINE])
    jsonl(top / "z.jsonl", GOOD[2:])
    (folder / "loop").symlink_to(top)  # the walk still sees a link back to a folder it is in
    yield top
    remove_tree(top)


def test_a_folder_nested_1100_deep_is_read_with_the_articles_beside_it(nlp, deep_folder, tmp_path, clean_rows):  # noqa: F811
    items = list(read_articles([deep_folder]))
    assert [i.id for i in items if isinstance(i, Article)] == ["good-1", "good-2", "good-3"]
    [loop] = [i for i in items if isinstance(i, ArticleError)]
    assert "symbolic link loop" in loop.problem
    result = run_batch([deep_folder], tmp_path / "out" / "facts.jsonl", nlp)
    assert result.articles == 3 and result.failed == 1
    assert good_rows(read_table(tmp_path / "out" / "facts.jsonl")) == clean_rows
    [(article_id, gold)] = gold_files([deep_folder]).items()  # check and review find gold as deep
    assert article_id == "good-2" and gold.parent.name == "d" and len(gold.parts) > 1_100


def test_the_walk_order_is_the_order_of_sorted_rglob(tmp_path):
    for name in ("b/x.jsonl", "a/c/y.txt", "a/b.jsonl", "a.jsonl", "a/c.jsonl", "ab/z.tml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    from pipeline.io.articles import input_files

    assert list(input_files([tmp_path])) == sorted(p for p in tmp_path.rglob("*") if p.is_file())


# -- 17: named pipes, sockets and devices; extensions in any case ----------------------------------------

@pytest.mark.parametrize("name", ["news.jsonl", "story.txt", "doc.tml", "news.parquet", "NEWS.JSONL"])
def test_a_named_pipe_given_as_input_is_an_error_row_not_a_hang(tmp_path, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    writer = Writer(fifo)
    try:
        [error] = list(read_articles([fifo]))
        [(_, origin, _, problem)], _ = read_in_partitions([fifo], 1 << 20)  # as planned for --dask
    finally:
        writer.release()
    assert isinstance(error, ArticleError) and error.origin == origin == str(fifo)
    assert error.problem == problem == ("a named pipe (FIFO), not a regular file: not read; give the articles as a "
                                        "file or a folder")


def test_a_named_pipe_socket_or_device_in_a_folder_is_an_error_row(nlp, tmp_path, clean_rows):  # noqa: F811
    import socket

    folder = tmp_path / "in"
    folder.mkdir()
    jsonl(folder / "good.jsonl", GOOD)
    os.mkfifo(folder / "pipe.jsonl")
    os.mkfifo(folder / "pipe")  # no article name: left alone, as notes.md is
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(folder / "socket.txt"))
        (folder / "null.tml").symlink_to("/dev/null")
        writer = Writer(folder / "pipe.jsonl")
        try:
            result = run_batch([folder], tmp_path / "out" / "facts.jsonl", nlp)
        finally:
            writer.release()
    errors = read_table(errors_path(tmp_path / "out" / "facts.jsonl"))
    assert {(Path(e["origin"]).name, e["problem"].split(",")[0]) for e in errors} == {
        ("null.tml", "a device"), ("pipe.jsonl", "a named pipe (FIFO)"), ("socket.txt", "a socket")}
    assert all("not a regular file" in e["problem"] for e in errors)
    assert result.failed == 3 and good_rows(read_table(tmp_path / "out" / "facts.jsonl")) == clean_rows


def test_a_device_named_as_input_is_an_error_row():
    [error] = list(read_articles(["/dev/null"]))
    assert error.problem.startswith("a device, not a regular file")


def test_a_table_that_is_a_named_pipe_is_exit_5(checked):
    os.mkfifo(checked / "pipe.jsonl")
    writer = Writer(checked / "pipe.jsonl")
    try:
        result = check(checked, checked / "pipe.jsonl")
    finally:
        writer.release()
    assert result.exit_code == ExitCode.UNREADABLE and "not a regular file" in one_line(result)


TIMEML = """<?xml version="1.0" ?>
<TimeML><DOCID>{id}</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-09-24" functionInDocument="CREATION_TIME">September 24, 2024</TIMEX3></DCT>
<TEXT>{text}</TEXT></TimeML>
"""


def upper_case_folder(folder: Path) -> Path:
    """One article in each file type, each extension in upper or mixed case."""
    folder.mkdir()
    jsonl(folder / "one.JSONL", GOOD[:1])
    (folder / "two.TXT").write_text(GOOD[1]["text"], encoding="utf-8")
    (folder / "two.JSON").write_text(json.dumps({"id": "good-2", "published": GOOD[1]["published"]}), encoding="utf-8")
    (folder / "three.Tml").write_text(TIMEML.format(id="good-3", text=GOOD[2]["text"]), encoding="utf-8")
    (folder / "four.tml.TE3INPUT").write_text(TIMEML.format(id="four", text="Rain on Monday."), encoding="utf-8")
    jsonl(folder / "gold.GOLD.JSONL", [GOLD_LINE])  # gold, in any case: not an article file
    pq.write_table(pa.Table.from_pylist([dict(GOOD[0], id="five")]), folder / "five.Parquet")
    return folder


def test_upper_case_extensions_in_a_folder_are_read(tmp_path):
    folder = upper_case_folder(tmp_path / "in")
    items = list(read_articles([folder]))
    assert all(isinstance(i, Article) for i in items), items
    # a .parquet file inside a folder is left alone in any case (it is likely a table), as docs/failures.md says
    assert sorted(i.id for i in items) == ["four", "good-1", "good-2", "good-3"]
    assert [i.published for i in items if i.id == "good-2"] == [GOOD[1]["published"]]


def test_upper_case_extensions_named_as_inputs_are_read(tmp_path):
    folder = upper_case_folder(tmp_path / "in")
    named = [folder / "one.JSONL", folder / "two.TXT", folder / "three.Tml", folder / "five.Parquet"]
    assert [i.id for i in read_articles(named)] == ["good-1", "good-2", "good-3", "five"]
    found, _ = read_in_partitions(named, 1 << 20)
    assert [i for i, *_ in found] == ["good-1", "good-2", "good-3", "five"]


def test_upper_case_extensions_in_a_folder_give_every_article_in_a_run(nlp, tmp_path, clean_rows):  # noqa: F811
    folder = upper_case_folder(tmp_path / "in")
    (folder / "four.tml.TE3INPUT").unlink()
    result = run_batch([folder], tmp_path / "out" / "facts.jsonl", nlp)
    assert result.failed == 0 and result.articles == 3
    assert sorted(good_rows(read_table(tmp_path / "out" / "facts.jsonl")), key=lambda r: r["article_id"]) == \
        sorted(clean_rows, key=lambda r: r["article_id"])


# -- judgement call: a key repeated in an article record ---------------------------------------------

REPEATED = b'{"id": "twice", "published": "2024-09-24", "text": "Rain on Monday.", "text": "Sun on Tuesday."}'


def test_a_record_that_repeats_a_key_is_an_error_row_naming_the_key(nlp, tmp_path, clean_rows):  # noqa: F811
    lines = [json.dumps(GOOD[0]).encode(), REPEATED, json.dumps(GOOD[1]).encode(), json.dumps(GOOD[2]).encode()]
    (tmp_path / "in.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    result = run_batch([tmp_path / "in.jsonl"], tmp_path / "out" / "facts.jsonl", nlp)
    [error] = read_table(errors_path(tmp_path / "out" / "facts.jsonl"))
    assert error["origin"] == f"{tmp_path / 'in.jsonl'}:2" and error["article_id"] == "twice"
    assert error["problem"] == ("the key 'text' appears more than once in the record, so which value is meant is "
                                "ambiguous: keep one")
    assert result.failed == 1 and good_rows(read_table(tmp_path / "out" / "facts.jsonl")) == clean_rows


def test_a_repeated_id_leaves_the_error_without_an_id(tmp_path):
    (tmp_path / "in.jsonl").write_bytes(b'{"id": "a", "id": "b", "published": "2024-09-24", "text": "Rain."}\n')
    [error] = list(read_articles([tmp_path / "in.jsonl"]))
    assert error.article_id == "" and "the key 'id' appears more than once" in error.problem


def test_a_repeated_key_in_a_sidecar_and_in_a_partition_is_an_error_row_too(tmp_path):
    (tmp_path / "story.txt").write_text("Rain on Monday.", encoding="utf-8")
    (tmp_path / "story.json").write_bytes(b'{"published": "2024-09-24", "published": "2024-09-25"}')
    [error] = list(read_articles([tmp_path / "story.txt"]))
    assert error.origin == str(tmp_path / "story.json") and "the key 'published' appears more than once" in error.problem
    (tmp_path / "in.jsonl").write_bytes(json.dumps(GOOD[0]).encode() + b"\n" + REPEATED + b"\n")
    found, _ = read_in_partitions([tmp_path / "in.jsonl"], 40)
    assert [(i, o, (p or "")[:22]) for i, o, _, p in found] == [
        ("good-1", f"{tmp_path / 'in.jsonl'}:1", ""), ("twice", f"{tmp_path / 'in.jsonl'}:2", "the key 'text' appears")]


def test_a_key_repeated_inside_a_nested_value_is_not_the_records_concern(tmp_path):
    (tmp_path / "in.jsonl").write_bytes(b'{"id": "a", "published": "2024-09-24", "text": "Rain.", '
                                        b'"extra": {"x": 1, "x": 2}}\n')
    [article] = list(read_articles([tmp_path / "in.jsonl"]))
    assert isinstance(article, Article) and article.text == "Rain."
