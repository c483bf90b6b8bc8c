"""The output side of issue 20's hostile battery, through the command line where it was seen:
no output may overwrite an input or be read as one, TimeML files are unique and well-formed,
a failed write leaves every previous file as it was (and no temporary file), and what the
input says reaches the terminal escaped."""

import errno
import json
import os
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.cli.make import available_cpus
from pipeline.core.failures import ExitCode
from pipeline.io.reading import read_table
from pipeline.io.timeml import read_timeml, timeml_file_name, timeml_text
from tests.system.test_properties import SETTINGS

ARTICLES = [
    {"id": "a", "published": "2024-09-24", "text": "The probe landed on Monday after a 53-day trip."},
    {"id": "b", "published": "2024-03-14", "text": "Rain fell for 49 hours on Tuesday in Leeds."},
    {"id": "c", "published": "2024-05-01", "text": "About 1,200 people left Lisbon on May 3."},
]

TIMEML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>g</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-22" functionInDocument="CREATION_TIME">March 22, 2013</TIMEX3></DCT>
<TEXT>They met <TIMEX3 tid="t1" type="DATE" value="XXXX-HAND">Thursday</TIMEX3>.</TEXT>
</TimeML>
"""


def write_articles(path: Path, articles=ARTICLES) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def one_line(result, errors: int = 0) -> str:
    """The one line a failure prints (after `errors` progress lines of articles that failed)."""
    lines = result.output.strip().splitlines()
    assert len(lines) == errors + 1 and all(line.startswith("error: ") for line in lines[:-1]), result.output
    return lines[-1]


def files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too, but the locks, which stay) and its bytes; a
    folder maps to None."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*")) if not p.name.endswith(".lock")}


def temporaries(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.name.endswith((".tmp", ".old")))


@pytest.fixture
def no_work(monkeypatch):
    """Fail the test should the command load the pipeline: a refusal must come before any work."""
    from pipeline.cli import make as cli

    monkeypatch.setattr(cli, "_load", lambda model: pytest.fail("the pipeline was loaded"))


@pytest.fixture
def table(tmp_path):
    """Articles A.jsonl, a table T.jsonl made from them (with its manifest; no errors table, as none failed), a
    gold file and a hand-annotated TimeML file, all in tmp_path."""
    articles = write_articles(tmp_path / "A.jsonl")
    result = invoke("extract", articles, "-o", tmp_path / "T.jsonl", "-q")
    assert result.exit_code == 0, result.output
    (tmp_path / "a.gold.jsonl").write_text(json.dumps({"kind": "date", "text": "Monday", "value": "2024-09-23",
                                                       "label": "DATE"}) + "\n", encoding="utf-8")
    (tmp_path / "g.tml").write_text(TIMEML, encoding="utf-8")
    return tmp_path / "T.jsonl"


# ---------------------------------------------------------------- 1. outputs that are inputs

CONFLICTS = {
    # name: (command line in tmp_path's names, the output refused, the input it is)
    "review page is the table": (["review", "T.jsonl", "-o", "T.jsonl"], "T.jsonl", "T.jsonl"),
    "review page is the articles": (["review", "T.jsonl", "--articles", "A.jsonl", "-o", "A.jsonl"], "A.jsonl", "A.jsonl"),
    "review page is the gold": (["review", "T.jsonl", "--gold", "a.gold.jsonl", "-o", "a.gold.jsonl"],
                                "a.gold.jsonl", "a.gold.jsonl"),
    "review page is the manifest": (["review", "T.jsonl", "-o", "T.jsonl.manifest.json"],
                                    "T.jsonl.manifest.json", "T.jsonl.manifest.json"),
    "report is the articles": (["regenerate", "A.jsonl", "-o", "T.jsonl", "--report", "A.jsonl", "-q"],
                               "A.jsonl", "A.jsonl"),
    "report is the table": (["regenerate", "A.jsonl", "-o", "T.jsonl", "--report", "T.jsonl", "-q"],
                            "T.jsonl", "T.jsonl"),
    "report is the manifest": (["regenerate", "A.jsonl", "-o", "T.jsonl", "--report", "T.jsonl.manifest.json",
                                "-q"], "T.jsonl.manifest.json", "T.jsonl.manifest.json"),
    "report is the errors table": (["regenerate", "A.jsonl", "-o", "T.jsonl", "--report", "T.errors.jsonl", "-q"],
                                   "T.errors.jsonl", "T.errors.jsonl"),
    "TimeML file is its input": (["extract", "g.tml", "-o", "g.tml"], "g.tml", "g.tml"),
    "TimeML folder is the input folder": (["extract", "in", "-o", "in", "--format", "timeml"], "in", "in"),
    "TimeML folder holds the input": (["extract", "in/A.jsonl", "-o", "in", "--format", "timeml"], "in", "in/A.jsonl"),
    "table is a hard link to the input": (["extract", "A.jsonl", "-o", "link.jsonl", "-q"], "link.jsonl", "A.jsonl"),
    "table through a symbolic link": (["extract", "A.jsonl", "-o", "symlink/A.jsonl", "-q"], "symlink/A.jsonl",
                                      "A.jsonl"),
}


@pytest.mark.parametrize("name", list(CONFLICTS))
def test_an_output_that_is_an_input_is_refused_before_any_work(table, no_work, monkeypatch, name):
    """Issue 20 #1: `review T -o T`, `review --articles A -o A`, `regenerate --report A` and
    `extract g.tml -o g.tml` wrote over their input and exited 0."""
    folder = table.parent
    write_articles(folder / "in" / "A.jsonl")
    os.link(folder / "A.jsonl", folder / "link.jsonl")
    (folder / "symlink").symlink_to(folder)
    args, output, source = CONFLICTS[name]
    monkeypatch.chdir(folder)
    before = files(folder)
    result = invoke(*args)
    assert result.exit_code == ExitCode.USAGE, result.output
    line = one_line(result)
    assert f" {output} " in line and source in line and "give another" in line, line
    assert files(folder) == before


def test_outputs_of_one_run_that_are_one_file_are_refused(table, no_work, monkeypatch):
    monkeypatch.chdir(table.parent)
    result = invoke("regenerate", "A.jsonl", "-o", "T.jsonl", "--report", "./T.jsonl.manifest.json", "-q")
    assert result.exit_code == ExitCode.USAGE
    assert one_line(result) == ("newsfacts regenerate: error: report T.jsonl.manifest.json is also the manifest "
                                "(T.jsonl.manifest.json): give another report path")


# ---------------------------------------------------------------- 15. outputs read as input next time

INSIDE = {
    # name: (inputs, output, extra options)
    "a .jsonl table in the input folder": (["in"], "in/T.jsonl", []),
    "a .jsonl table in a folder under the input folder": (["in"], "in/sub/T.jsonl", []),
    "a .csv table in the input folder (not read: accepted)": (["in"], "in/T.csv", []),
    "TimeML files in the input folder": (["in"], "in/tml", ["--format", "timeml"]),
    "a .parquet table in a Parquet dataset of articles": (["articles.parquet"], "articles.parquet/T.parquet", []),
}


@pytest.mark.parametrize("name", list(INSIDE))
def test_an_output_the_input_folder_would_read_is_refused_before_any_work(tmp_path, monkeypatch, name):
    """Issue 20 #15: a .jsonl output inside the input folder was accepted once, then read as
    articles (or refused) on the next run. A .csv or .parquet table there is not read: accepted,
    twice."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    write_articles(tmp_path / "in" / "A.jsonl")
    (tmp_path / "articles.parquet").mkdir()
    pq.write_table(pa.Table.from_pylist(ARTICLES), tmp_path / "articles.parquet" / "part-0.parquet")
    inputs, output, options = INSIDE[name]
    monkeypatch.chdir(tmp_path)
    if output.endswith(".csv"):  # not read by the folder reader: a control
        for _ in range(2):
            result = invoke("extract", *inputs, "-o", output, "-q")
            assert result.exit_code == 0, result.output
        assert len(read_table(tmp_path / output)) > 0
        return
    before = files(tmp_path)
    result = invoke("extract", *inputs, "-o", output, *(options or ["-q"]))
    assert result.exit_code == ExitCode.USAGE, result.output
    line = one_line(result)
    assert f"{output} is also an input: it lies in the input folder {inputs[0]}, where it would be read as " \
           f"articles; give a path outside {inputs[0]}" in line, line
    assert files(tmp_path) == before


# ---------------------------------------------------------------- 2. TimeML: names, XML, options

HOSTILE_IDS = ["a/b", "a_b", "a b", "a?b", "A_B", "x" * 300, "é" * 200, "..", "-rf", "c\x00\x1b]0;t\x07",
               "a\\b", "a&b <c>", "con", "a_b~c14cddc033f6"]


def test_timeml_names_are_unique_bounded_and_read_back(tmp_path):
    """Issue 20 #2: ids a/b, a_b, a b, a?b were one file a_b.tml ("4 articles" reported), and a
    300-character id stopped the run with "File name too long"."""
    articles = [{"id": i, "published": "2024-09-24", "text": f"Rain {n} fell on Monday."} for n, i in enumerate(HOSTILE_IDS)]
    write_articles(tmp_path / "in.jsonl", articles)
    result = invoke("extract", tmp_path / "in.jsonl", "-o", tmp_path / "tml", "--format", "timeml")
    assert result.exit_code == 0, result.output
    written = sorted((tmp_path / "tml").iterdir())
    assert len(written) == len(HOSTILE_IDS)
    assert len({p.name.casefold() for p in written}) == len(HOSTILE_IDS)  # also where case is not told apart
    assert all(len(p.name.encode()) <= 255 - 16 and not p.name.startswith((".", "-")) for p in written)
    texts = {read_timeml(p).text: read_timeml(p).doc_id for p in written}
    assert {a["text"]: _xml_safe(a["id"]).strip() for a in articles} == texts
    assert (tmp_path / "tml" / "a_b.tml").is_file()  # an id that is a file name is the file's name


@given(st.lists(st.text(min_size=1, max_size=300), min_size=2, max_size=6, unique=True))
@SETTINGS
def test_timeml_file_names_never_meet(ids):
    names = [timeml_file_name(i) for i in ids]
    assert len(set(names)) == len(ids)
    for name in names:
        assert 4 < len(name.encode()) <= 140 and "/" not in name and "\x00" not in name
        assert name.endswith(".tml") and not name.startswith((".", "-"))


XML_TEXTS = st.text(st.characters(codec="utf-8"), min_size=1, max_size=80)


@given(XML_TEXTS, XML_TEXTS, st.integers(0, 80), st.integers(1, 20))
@SETTINGS
def test_timeml_is_well_formed_whatever_the_text(text, article_id, start, length):
    """Issue 20 #2: NUL or ESC in an id or text gave XML that does not parse. Characters XML
    forbids become spaces (offsets kept), and the text reads back."""
    from pipeline.core.records import Article

    start = min(start, len(text) - 1)
    end = min(len(text), start + length)
    rows = [{"kind": "date", "start": start, "end": end, "label": "DATE", "value": "2024-09-\x1b23",
             "modifier": "<&\">"}]
    document = timeml_text(Article(id=article_id, text=text, published="2024-09-24"), rows)
    root = ET.fromstring(document.encode("utf-8"))
    assert root.find("TEXT").find("TIMEX3").text == _xml_safe(text[start:end])
    assert "".join(root.find("TEXT").itertext()) == _xml_safe(text)


def _xml_safe(text: str) -> str:
    return "".join(c if c in "\t\n\r" or (" " <= c and unicodedata.category(c) != "Cs" and c not in "\ufffe\uffff")
                   else " " for c in text)


def test_timeml_with_control_characters_parses_and_reads_back(tmp_path):
    text = "Rain\x1b[2J fell\x00 on Monday.\r\nIt stopped on Tuesday\x0c."
    write_articles(tmp_path / "in.jsonl", [{"id": "c\x00\x1b]0;t\x07", "published": "2024-09-24", "text": text}])
    result = invoke("extract", tmp_path / "in.jsonl", "-o", tmp_path / "tml", "--format", "timeml")
    assert result.exit_code == 0, result.output
    [path] = (tmp_path / "tml").iterdir()
    root = ET.parse(path).getroot()
    assert [t.text for t in root.iter("TIMEX3")][1:] == ["Monday", "Tuesday"]
    document = read_timeml(path)
    assert document.text == _xml_safe(text)  # one character for one: every offset holds
    assert [document.text[t["start"]:t["end"]] for t in document.timexes] == ["Monday", "Tuesday"]


def test_one_tml_file_for_several_articles_is_refused_before_anything_is_written(tmp_path, no_work):
    """Issue 20 #2: `-o one.tml` with 3 articles wrote one, then exited 2."""
    write_articles(tmp_path / "in.jsonl")
    result = invoke("extract", tmp_path / "in.jsonl", "-o", tmp_path / "one.tml")
    assert result.exit_code == ExitCode.USAGE
    assert "one .tml file holds one article, and the input has several" in one_line(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


@pytest.mark.parametrize("options, message", [
    (["-p", "100000"], "CPUs"),
    (["--published", "2024-99-99"], "--published: invalid publication date"),
    (["--published", "9999-12-31"], "outside"),
])
def test_timeml_output_has_the_option_checks_of_a_table(tmp_path, no_work, options, message):
    """Issue 20 #2: --format timeml skipped the checks a table run makes."""
    write_articles(tmp_path / "in.jsonl")
    result = invoke("extract", tmp_path / "in.jsonl", "-o", tmp_path / "tml", "--format", "timeml", *options)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert message in one_line(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_timeml_output_that_is_a_file_is_refused(tmp_path, no_work):
    write_articles(tmp_path / "in.jsonl")
    (tmp_path / "out").write_text("keep me")
    result = invoke("extract", tmp_path / "in.jsonl", "-o", tmp_path / "out", "--format", "timeml")
    assert result.exit_code == ExitCode.USAGE and "is a file: give a folder" in one_line(result)
    assert (tmp_path / "out").read_text() == "keep me"


# ---------------------------------------------------------------- 3, 4, 10, 13: failed writes

def fail_temporaries(monkeypatch, name: str, error: int = errno.ENOSPC, after: int = 0):
    """Make the temporary file of `name` (a file name, as mkstemp's prefix `.<name>.` has it;
    "*.tml" for any TimeML file) fail to be created, after `after` successes: a full disk, or a
    read-only folder (errno.EACCES), for that file only."""
    real = tempfile.mkstemp
    made = []

    def mkstemp(*args, prefix="", **kwargs):
        wanted = prefix.endswith(".tml.") if name == "*.tml" else prefix == f".{name}."
        if wanted:
            made.append(prefix)
            if len(made) > after:
                raise OSError(error, os.strerror(error), os.path.join(kwargs.get("dir", ""), f"{prefix}x1y2z3w4.tmp"))
        return real(*args, prefix=prefix, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def edit_article_b(folder: Path, bad: bool = False) -> None:
    """Change article b's text (and with `bad`, add a record that fails, so that the errors table
    changes too)."""
    write_articles(folder / "A.jsonl", [ARTICLES[0], dict(ARTICLES[1], text="Snow fell for 12 hours on Friday."),
                                        ARTICLES[2], *([{"id": "bad", "text": 5}] if bad else [])])


def test_a_manifest_path_that_is_a_folder_is_refused_before_any_work(table, no_work):
    """Issue 20 #3: with the manifest's path a folder, the table was replaced, then exit 6 said
    "the previous table is unchanged"."""
    folder = table.parent
    (folder / "T.jsonl.manifest.json").unlink()
    (folder / "T.jsonl.manifest.json").mkdir()
    edit_article_b(folder)
    before = files(folder)
    result = invoke("extract", folder / "A.jsonl", "-o", table, "-q")
    assert result.exit_code == ExitCode.USAGE
    assert "manifest" in one_line(result) and "is a folder" in one_line(result)
    assert files(folder) == before


@pytest.mark.parametrize("full", ["T.jsonl.manifest.json", "T.errors.jsonl", "T.jsonl"])
def test_a_disk_with_room_for_some_files_only_changes_none(table, monkeypatch, full):
    """Issue 20 #3: the table moved into place before the manifest was written; a disk with
    room for the table only left a new table and the old manifest, and exit 6 said otherwise."""
    folder = table.parent
    edit_article_b(folder, bad=True)
    before = files(folder)
    fail_temporaries(monkeypatch, full)
    result = invoke("extract", folder / "A.jsonl", "-o", table, "-q")
    assert result.exit_code == ExitCode.OUTPUT_FAILED, result.output
    processed = full.endswith(".manifest.json")  # the bad record's error line comes first; else nothing is read
    assert one_line(result, errors=int(processed)) == (
        f"newsfacts extract: error: cannot write {folder / full}: No space left on device; nothing was written and "
        f"the previous table is unchanged")
    assert files(folder) == before


@pytest.mark.parametrize("failing", ["T.jsonl.manifest.json", "T.jsonl", "T.errors.jsonl"])
def test_a_move_that_fails_puts_every_previous_file_back(table, monkeypatch, failing):
    """Issue 20 #3: a failure during the moves leaves the previous table, errors table and
    manifest as they were, and no temporary file."""
    folder = table.parent
    edit_article_b(folder, bad=True)
    before = files(folder)
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst).name == failing and Path(src).name.endswith(".tmp"):
            raise OSError(errno.EIO, "Input/output error", str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    result = invoke("extract", folder / "A.jsonl", "-o", table, "-q")
    assert result.exit_code == ExitCode.OUTPUT_FAILED, result.output
    assert one_line(result, errors=1) == (f"newsfacts extract: error: cannot write {folder / failing}: Input/output "
                                          f"error; nothing was written and the previous table is unchanged")
    assert files(folder) == before


def test_a_move_that_cannot_be_undone_says_where_the_previous_table_is(table, monkeypatch):
    """Should putting a previous file back fail too, the message says so, and where it is kept:
    exit 6 never claims an unchanged table that is not."""
    folder = table.parent
    edit_article_b(folder, bad=True)
    before = files(folder)
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst).name == "T.jsonl.manifest.json" or (Path(dst).name == "T.jsonl" and str(src).endswith(".old")):
            raise OSError(errno.EIO, "Input/output error", str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    result = invoke("extract", folder / "A.jsonl", "-o", table, "-q")
    assert result.exit_code == ExitCode.OUTPUT_FAILED, result.output
    line = one_line(result, errors=1)
    [kept] = [p for p in folder.iterdir() if p.name.endswith(".old")]
    assert line == (f"newsfacts extract: error: cannot write {folder / 'T.jsonl.manifest.json'}: Input/output error; "
                    f"the previous {table} could not be put back: it is kept as {kept}; move it back by hand "
                    f"before the next run")
    assert kept.read_bytes() == before["T.jsonl"] != table.read_bytes()
    after = files(folder)
    assert {name: after.get(name) for name in ("T.errors.jsonl", "T.jsonl.manifest.json")} == \
        {name: before.get(name) for name in ("T.errors.jsonl", "T.jsonl.manifest.json")}  # the others were put back
    assert "T.errors.jsonl" not in after  # the run before had no failure, so no errors table


def test_a_failed_report_keeps_the_previous_table_and_its_changes(table, monkeypatch):
    """Issue 20 #4: a --report that could not be written exited 8 after the table was updated,
    and the next run reported 0 changes: the change list was lost for good."""
    folder = table.parent
    edit_article_b(folder)
    before = files(folder)
    with monkeypatch.context() as patch:
        fail_temporaries(patch, "diff.html")
        result = invoke("regenerate", folder / "A.jsonl", "-o", table, "--report", folder / "diff.html", "-q")
    assert result.exit_code == ExitCode.OUTPUT_FAILED, result.output
    assert one_line(result) == (f"newsfacts regenerate: error: cannot write {folder / 'diff.html'}: No space left "
                                f"on device; nothing was written and the previous table is unchanged")
    assert files(folder) == before
    result = invoke("regenerate", folder / "A.jsonl", "-o", table, "--report", folder / "diff.html", "-q")
    assert result.exit_code == 0, result.output
    assert "b: changed:" in result.output and "1 articles with changes" in result.output
    assert "Snow" in (folder / "diff.html").read_text(encoding="utf-8")


WRITES = {
    # what: (command line, given the folder; the file whose temporary file cannot be made)
    "review page": (lambda folder: ["review", folder / "T.jsonl", "-o", folder / "page" / "r.html"], "r.html"),
    "report": (lambda folder: ["regenerate", folder / "A.jsonl", "-o", folder / "T.jsonl", "--report",
                               folder / "page" / "r.html", "-q"], "r.html"),
    "TimeML folder": (lambda folder: ["extract", folder / "A.jsonl", "-o", folder / "page", "--format", "timeml"],
                      "*.tml"),
    "TimeML file": (lambda folder: ["extract", folder / "g.tml", "-o", folder / "page" / "r.tml"], "r.tml"),
}


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EACCES], ids=["full disk", "read-only"])
@pytest.mark.parametrize("what", list(WRITES))
def test_review_report_and_timeml_that_cannot_be_written_exit_6(table, monkeypatch, what, error):
    """Issue 20 #10: review, report and TimeML writes to a read-only folder or a full disk
    exited 8 (an internal error), not 6; nothing may be half-written (TimeML: the second
    article's file fails, and the first is not left behind)."""
    folder = table.parent
    page = folder / "page"
    page.mkdir()
    for name in ("r.html", "r.tml", "a.tml"):
        (page / name).write_text("the previous one")
    edit_article_b(folder)
    before = files(folder)
    command, failing = WRITES[what]
    fail_temporaries(monkeypatch, failing, error, after=1 if failing == "*.tml" else 0)
    result = invoke(*command(folder))
    assert result.exit_code == ExitCode.OUTPUT_FAILED, result.output
    line = one_line(result)
    assert line.startswith(f"newsfacts {command(folder)[0]}: error: cannot write {page}") and \
        f": {os.strerror(error)}; nothing was written" in line, line
    assert files(folder) == before


def test_timeml_runs_replace_their_files_whole(table):
    folder = table.parent
    for _ in range(2):
        result = invoke("extract", folder / "A.jsonl", "-o", folder / "tml", "--format", "timeml")
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (folder / "tml").iterdir()) == ["a.tml", "b.tml", "c.tml"]
    assert temporaries(folder) == []


@pytest.mark.parametrize("where", ["metadata", "part", "errors table", "manifest"])
def test_a_dataset_output_on_a_full_disk_leaves_no_temporary_file(table, monkeypatch, where):
    """Issue 20 #13: a dataset output (a .parquet folder) on a full disk left
    `.X.errors.parquet.*.tmp` behind."""
    from pipeline.io import datasets
    from pipeline.io import tables as output

    folder = table.parent
    result = invoke("extract", folder / "A.jsonl", "-o", folder / "D.parquet", "-q")
    assert result.exit_code == 0, result.output
    from pipeline.core.schema import SCHEMA
    from pipeline.io.datasets import DatasetWriter

    with DatasetWriter(folder / "D.parquet", SCHEMA) as dataset:  # the previous table: a dataset
        dataset.write(read_table(folder / "D.parquet"))
    edit_article_b(folder)
    before = files(folder)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    if where == "metadata":
        monkeypatch.setattr(datasets.pq, "write_metadata", full)
    elif where == "part":
        real = output.ParquetTable.close
        monkeypatch.setattr(output.ParquetTable, "close", lambda self, complete: (
            full() if "part-" in self.path.name else real(self, complete)))
    else:
        fail_temporaries(monkeypatch, {"errors table": "D.errors.parquet", "manifest": "D.parquet.manifest.json"}[where])
    result = invoke("extract", folder / "A.jsonl", "-o", folder / "D.parquet", "-q")
    assert result.exit_code == ExitCode.OUTPUT_FAILED, result.output
    assert "No space left on device; nothing was written and the previous table is unchanged" in one_line(result)
    assert files(folder) == before and temporaries(folder) == []


# ---------------------------------------------------------------- 8. escapes reach the terminal

HOSTILE = "x\x1b]0;pwned\x07\x1b[2J\rfake line\u202e"


def assert_inert(output: str) -> None:
    """No control character but line feeds, and no bidirectional override, in what was printed."""
    assert not [c for c in output if c != "\n" and not c.isprintable()], repr(output)
    assert "x\\x1b]0;pwned\\x07\\x1b[2J\\rfake line\\u202e" in output


def test_regenerate_prints_ids_escaped(tmp_path):
    """Issue 20 #8: ids with escape sequences set the window title, cleared the screen and
    faked lines (\\r) in regenerate's change list."""
    write_articles(tmp_path / "A.jsonl", [dict(ARTICLES[0], id=HOSTILE)])
    result = invoke("regenerate", tmp_path / "A.jsonl", "-o", tmp_path / "T.jsonl", "-q")
    assert result.exit_code == 0, result.output
    assert_inert(result.output)


def test_review_prints_ids_escaped(table):
    folder = table.parent
    write_articles(folder / "X.jsonl", [dict(ARTICLES[0], id=HOSTILE)])
    assert invoke("extract", folder / "X.jsonl", "-o", folder / "X.table.jsonl", "-q").exit_code == 0
    result = invoke("review", folder / "X.table.jsonl", "--articles", folder / "A.jsonl", "-o", folder / "r.html")
    assert result.exit_code == ExitCode.ARTICLES_FAILED, result.output
    assert_inert(result.output)


def test_error_lines_warnings_and_file_names_are_escaped(tmp_path):
    """The progress "error:" lines (a file name, an id), the warnings and the summary (the
    output's name) escape what they echo."""
    bad = tmp_path / "in" / f"{HOSTILE}.jsonl"
    bad.parent.mkdir()
    bad.write_text('{"id": "q", "text": 5}\n' + json.dumps(dict(ARTICLES[0], id=HOSTILE)) + "\n"
                   + json.dumps(dict(ARTICLES[1], id=HOSTILE)) + "\n", encoding="utf-8")
    result = invoke("regenerate", tmp_path / "in", "-o", tmp_path / f"{HOSTILE}.jsonl")
    assert result.exit_code == ExitCode.ARTICLES_FAILED, result.output
    assert "error: " in result.output and "duplicate id" in result.output
    assert_inert(result.output)
    (tmp_path / f"{HOSTILE}.jsonl.manifest.json").unlink()
    result = invoke("regenerate", tmp_path / "in", "-o", tmp_path / f"{HOSTILE}.jsonl", "-q")
    assert "warning: no manifest" in result.output
    assert_inert(result.output)


def test_a_failure_message_escapes_the_path_it_names(tmp_path):
    write_articles(tmp_path / f"{HOSTILE}.jsonl")
    result = invoke("extract", tmp_path / f"{HOSTILE}.jsonl", "-o", tmp_path / f"{HOSTILE}.jsonl", "-q")
    assert result.exit_code == ExitCode.USAGE
    assert_inert(one_line(result))


def test_as_many_cpus_as_there_are_is_fine_for_timeml(tmp_path):
    write_articles(tmp_path / "in.jsonl")
    result = invoke("extract", tmp_path / "in.jsonl", "-o", tmp_path / "tml", "--format", "timeml",
                    "-p", available_cpus())
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("everything", [False, True], ids=["changed only", "--all"])
def test_regenerate_reports_the_changes_whether_or_not_it_reprocesses_everything(table, everything):
    """Found beside issue 20's battery: `regenerate --all` processed every article again but
    reported "0 articles with changes" after an edit, since the previous rows were only read
    when unchanged articles were to be reused."""
    folder = table.parent
    edit_article_b(folder)
    result = invoke("regenerate", folder / "A.jsonl", "-o", table, "-q", *(["--all"] if everything else []))
    assert result.exit_code == 0, result.output
    assert "b: changed:" in result.output and "1 articles with changes" in result.output
    assert f"{3 if everything else 1} processed, {0 if everything else 2} unchanged and reused" in result.output


def test_check_details_print_the_article_texts_escaped(tmp_path):
    """Found beside issue 20's battery: `check --details` quoted each miss's and spurious fact's
    sentence from the article as it is, escape sequences included."""
    text = f"It rained. Then {HOSTILE} the probe landed on Monday."
    write_articles(tmp_path / "in" / "A.jsonl", [dict(ARTICLES[0], text=text)])
    (tmp_path / "in" / "a.gold.jsonl").write_text(
        json.dumps({"kind": "date", "label": "DATE", "text": "Monday", "value": "2024-09-23"}) + "\n", encoding="utf-8")
    start = text.index("rained")
    table = tmp_path / "T.jsonl"
    table.write_text(json.dumps({"article_id": "a", "kind": "date", "label": "DATE", "text": "rained",
                                 "start": start, "end": start + 6, "value": "2024-09-23"}) + "\n", encoding="utf-8")
    (tmp_path / "t.toml").write_text("[tool.newsfacts.thresholds.date]\nrelaxed_f1 = 0.1\n", encoding="utf-8")
    result = invoke("check", table, tmp_path / "in", "--config", tmp_path / "t.toml", "--details")
    assert result.exit_code == ExitCode.BELOW_THRESHOLD, result.output
    assert "spurious: [a] date DATE 'rained'" in result.output
    assert_inert(result.output)
