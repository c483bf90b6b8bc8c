"""Issue 20, second round: a regenerate diff on a table whose rows are not grouped by article,
--dask to a peer that is not a Dask scheduler, CSV formula injection, and a malformed link
fragment in the review page."""

from __future__ import annotations

import contextlib
import csv
import http.server
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline
from pipeline.core.failures import ExitCode, UsageFailure
from pipeline.core.schema import SCHEMA
from pipeline.io.paths import manifest_path
from pipeline.io.reading import read_arrow, read_table
from pipeline.io.writing import table_sha256, write_table
from pipeline.review.page import diff_page, gather_review, review_data, review_page, write_page
from pipeline.run.batch import run_batch
from tests.review.browser import console_errors

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
        assert sorted(json.dumps(r, sort_keys=True, default=str) for r in after if r["article_id"] == article) == sorted(
            json.dumps(r, sort_keys=True, default=str) for r in before if r["article_id"] == article)


# --- 7. --dask to a peer that is not a Dask scheduler ---------------------------------------------------

class Peer:
    """A TCP server on 127.0.0.1 in a thread of the test: it answers each connection with `answer`
    (bytes written at once, then silence until the client leaves)."""

    def __init__(self, answer: bytes = b"", close: bool = False) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.answer, self.close = answer, close
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            with contextlib.suppress(OSError):
                connection.sendall(self.answer)
                if not self.close:
                    while connection.recv(65536):  # read what the client sends, answer nothing more
                        pass
            connection.close()


@pytest.fixture(scope="module")
def peers():
    """The services --dask may be pointed at by mistake, each on a port of its own."""
    web = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    closed = socket.create_server(("127.0.0.1", 0))
    nothing = closed.getsockname()[1]
    closed.close()  # nothing listens on this port now
    found = {"web server": web.server_address[1],
             "ssh banner": Peer(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n").port,
             "garbage": Peer(bytes(range(256)) * 16).port,
             "small frame count": Peer((1).to_bytes(8, "little") + (5).to_bytes(8, "little") + b"\x93\x01").port,
             "closes at once": Peer(close=True).port,
             "silent": Peer().port,
             "nothing listening": nothing}
    yield found
    web.shutdown()


def newsfacts(*args: str, cwd, timeout: float = 60, **env: str) -> subprocess.CompletedProcess:
    """The CLI in a process of its own, killed (and the test failed) should it hang."""
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=dict(os.environ, NEWSFACTS_DEBUG="", **env))


def one_line_usage_failure(run: subprocess.CompletedProcess) -> str:
    assert run.returncode == ExitCode.USAGE, (run.returncode, run.stderr)
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert "Traceback" not in run.stderr
    return run.stderr


@pytest.mark.parametrize("peer, said", [
    ("web server", "did not answer Dask's handshake in 10 s"),
    ("silent", "did not answer Dask's handshake in 2 s"),  # Dask's own connect timeout, when shorter
    ("ssh banner", "is not a Dask scheduler (its answer is not in Dask's protocol)"),
    ("garbage", "is not a Dask scheduler (its answer is not in Dask's protocol)"),
    ("small frame count", "is not a Dask scheduler (its answer is not in Dask's protocol)"),
    ("closes at once", "is not a Dask scheduler (it closed the connection at Dask's handshake)"),
    ("nothing listening", "cannot reach the scheduler: nothing answers at"),
])
def test_dask_pointed_at_something_that_is_not_a_scheduler(tmp_path, peers, peer, said):
    write_articles(tmp_path / "in.jsonl", ARTICLES)
    address = f"tcp://127.0.0.1:{peers[peer]}"
    shorter = {"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"} if peer == "silent" else {}
    run = newsfacts("extract", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "f.parquet"), "--dask", address, "-q",
                    cwd=tmp_path, **shorter)
    message = one_line_usage_failure(run)
    assert f"--dask {address}: " in message and said in message, message
    assert "dask scheduler" in message  # what to do
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]  # nothing written


@pytest.mark.parametrize("address, said", [
    ("tcp://", "no host"),
    ("tcp://:8786", "no host"),
    ("tcp://127.0.0.1", "no port"),
    ("tcp://127.0.0.1:", "no port"),
    ("tcp://127.0.0.1:99999", "port 99999 is not from 1 to 65535"),
    ("udp://x:1", "the scheme udp:// is not one newsfacts uses"),
    ("http://127.0.0.1:8787", "the scheme http:// is not one newsfacts uses"),
    ("inproc://x", "the scheme inproc:// is not one newsfacts uses"),
    ("127.0.0.1:8786", "not local:N nor an address"),
    ("tcp://a\x1b]0;owned\x07:1", "not local:N nor an address"),
    ("tcp://nosuchhost.invalid:8786", "cannot reach the scheduler: no host nosuchhost.invalid"),
])
def test_a_dask_address_that_cannot_be_a_scheduler_is_refused_before_any_work(tmp_path, address, said):
    write_articles(tmp_path / "in.jsonl", ARTICLES)
    run = newsfacts("extract", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "f.parquet"), "--dask", address, "-q",
                    cwd=tmp_path)
    message = one_line_usage_failure(run)
    assert said in message, message
    assert "\x1b" not in message and "\x07" not in message
    if "scheme" in said or "no " in said[:3] or "port " in said:
        assert "tcp://HOST:PORT or tls://HOST:PORT" in message  # what is accepted


def test_a_dask_worker_is_not_taken_for_its_scheduler(peers):
    """A real scheduler passes the probe; its worker's address is named as a worker's."""
    from distributed import LocalCluster

    from pipeline.run.scheduler import probe_scheduler

    with LocalCluster(n_workers=1, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=":0") as cluster:
        probe_scheduler(cluster.scheduler_address)
        [worker] = cluster.scheduler_info["workers"]
        with pytest.raises(UsageFailure, match="is a Dask Worker, not a scheduler; give the scheduler's address"):
            probe_scheduler(worker)
    with pytest.raises(ValueError, match="cannot reach the scheduler"):  # the Python API says it too
        pipeline.extract_frame([{"id": "a", "text": "x"}], dask=f"tcp://127.0.0.1:{peers['nothing listening']}")


# --- CSV formula injection: neutralised in CSV only, and undone when read -------------------------------

CSV_SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                        suppress_health_check=[HealthCheck.function_scoped_fixture])
FORMULA_START = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "''", "'=", "''+", "\r\n", "\n", " ", '"', ","])
#: texts of any characters (no lone surrogate: UTF-8 cannot hold one, and an article with one is refused),
#: many of them starting as a formula would, or with quotes before one
CELL_TEXTS = st.one_of(
    st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=40),
    st.tuples(st.lists(FORMULA_START, min_size=1, max_size=3).map("".join),
              st.text(st.characters(blacklist_categories=["Cs"]), max_size=20)).map("".join),
    st.sampled_from(["=1+1", "=HYPERLINK(\"http://x.example\",\"y\")", "@SUM(A1)", "+1", "-5", "-3.2e4", "'=1+1",
                     "''=1", "'90s", "'", "-", "=", "-5 degrees", "- 5", "-inf", "nan", "+-1", "1e5", ".5"]))
TEXT_SCHEMA = {"article_id": ("string", ""), "text": ("string", ""), "number": ("double", ""), "start": ("int64", "")}


def csv_cells(path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[1:]


@CSV_SETTINGS
@given(texts=st.lists(CELL_TEXTS, min_size=1, max_size=8))
def test_any_text_written_to_csv_reads_back_the_same(tmp_path, texts):
    path = tmp_path / "t.csv"
    rows = [{"article_id": text, "text": text, "number": -5.0, "start": -3} for text in texts]
    write_table(path, rows, TEXT_SCHEMA)
    for cell in (c for row in csv_cells(path) for c in row[:2]):  # as a spreadsheet finds them
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r") or NUMBER.fullmatch(cell), cell
    assert [(r["article_id"], r["text"]) for r in read_table(path)] == [(t, t) for t in texts]
    table = read_arrow(path, TEXT_SCHEMA)
    assert table.column("article_id").to_pylist() == texts and table.column("text").to_pylist() == texts
    assert table.column("number").to_pylist() == [-5.0] * len(texts)


NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


@pytest.mark.parametrize("text, cell", [
    ("=1+1", "'=1+1"),
    ("=HYPERLINK(\"http://evil.example/\",\"x\")", "'=HYPERLINK(\"http://evil.example/\",\"x\")"),
    ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("-5 degrees", "'-5 degrees"),
    ("'=1+1", "''=1+1"),  # a text's own quote stays its own
    ("-5", "-5"),  # real numbers stay numbers
    ("-3.2e4", "-3.2e4"),
    ("+7", "+7"),
    ("-\u0665", "'-\u0665"),  # an Arabic-Indic digit: no spreadsheet reads it as a number
    ("'90s", "'90s"),  # a quote before nothing a spreadsheet runs: left as it is
    ("The probe", "The probe"),
    ("rain\rfell", "rain\rfell"),  # a lone carriage return: quoted, so that no reader ends the row there
])
def test_a_csv_cell_a_spreadsheet_would_run_is_written_as_text(tmp_path, text, cell):
    path = tmp_path / "t.csv"
    write_table(path, [{"article_id": "a", "text": text, "number": -5.0, "start": -3}], TEXT_SCHEMA)
    assert csv_cells(path) == [["a", cell, "-5.0", "-3"]]
    assert read_table(path)[0]["text"] == read_arrow(path, TEXT_SCHEMA).column("text")[0].as_py() == text
    for suffix in (".parquet", ".jsonl"):  # the other formats hold the text as it is
        write_table(tmp_path / f"t{suffix}", [{"article_id": "a", "text": text}], TEXT_SCHEMA)
        assert read_table(tmp_path / f"t{suffix}")[0]["text"] == text
    assert text in (tmp_path / "t.jsonl").read_text(encoding="utf-8") or "\\" in json.dumps(text)


HOSTILE_ARTICLES = [
    {"id": "=HYPERLINK(\"http://evil.example/\",\"x\")", "published": "2024-09-24",
     "text": "=2+5 The probe landed on Monday after a 53-day trip."},
    {"id": "@SUM(1+1)", "published": "2024-03-14", "text": "-3+cmd|' /C calc'!A0 said rain fell on Friday in Leeds."},
    {"id": "'=quoted", "published": "2024-05-01", "text": "Temperatures fell to -5 degrees on Sunday."},
]


def test_check_regenerate_and_review_see_the_same_cells_in_csv_as_in_parquet(nlp, tmp_path):
    corpus = tmp_path / "in.jsonl"
    write_articles(corpus, HOSTILE_ARTICLES)
    for suffix in (".csv", ".parquet"):
        run_batch([corpus], tmp_path / f"facts{suffix}", nlp)
    csv_rows, parquet_rows = read_table(tmp_path / "facts.csv"), read_table(tmp_path / "facts.parquet")
    assert {r["article_id"] for r in csv_rows} == {a["id"] for a in HOSTILE_ARTICLES}
    text_columns = [c for c, (kind, _) in SCHEMA.items() if kind == "string"]
    assert [[r[c] for c in text_columns] for r in csv_rows] == [[r[c] for c in text_columns] for r in parquet_rows]
    assert read_arrow(tmp_path / "facts.csv", SCHEMA).select(text_columns) == read_arrow(
        tmp_path / "facts.parquet", SCHEMA).select(text_columns)
    raw = (tmp_path / "facts.csv").read_text(encoding="utf-8")
    assert "\n=" not in raw and ",=" not in raw and ",-3+" not in raw and "\n@" not in raw
    result = run_batch([corpus], tmp_path / "facts.csv", nlp, incremental=True)  # regenerate: nothing changed
    assert (result.reused, result.changes, result.warnings) == (3, [], [])
    pages = [review_data(gather_review(tmp_path / f"facts{suffix}", [corpus])) for suffix in (".csv", ".parquet")]
    assert [dict(page, name="") for page in pages[:1]] == [dict(page, name="") for page in pages[1:]]
    assert pages[0]["articles"][0]["id"] == HOSTILE_ARTICLES[0]["id"]


# --- a malformed link fragment in the review and changes pages -----------------------------------------

@pytest.fixture(scope="module")
def pages(nlp, tmp_path_factory):
    """A review page and a changes page of a few articles, one with an id that needs escaping."""
    folder = tmp_path_factory.mktemp("pages")
    corpus, table = folder / "in.jsonl", folder / "facts.parquet"
    articles = ARTICLES[:3] + [dict(ARTICLES[3], id="d%20é/?#x")]
    write_articles(corpus, articles)
    run_batch([corpus], table, nlp, incremental=True)
    review = write_page(folder / "report.html", review_page(gather_review(table, [corpus])))
    write_articles(corpus, [articles[0], dict(articles[1], text=articles[1]["text"].replace("Tuesday", "Wednesday")),
                            *articles[2:]])
    changes = run_batch([corpus], table, nlp, incremental=True).changes
    return {"review": review, "diff": write_page(folder / "diff.html", diff_page(changes, [corpus], table.name))}


MALFORMED = ["#/a/%E0%A4%A", "#/a/%", "#/a/%ZZ", "#/a/%C0%80", "#/a/%ED%A0%80", "#%E0%A4%A", "#%"]


@pytest.mark.parametrize("page", ["review", "diff"])
@pytest.mark.parametrize("fragment", MALFORMED)
def test_a_malformed_link_fragment_is_ignored_and_the_page_works(chromium, pages, page, fragment):
    console_errors(chromium)
    chromium.get("about:blank")
    chromium.get(pages[page].as_uri() + fragment)  # opened with the fragment
    assert chromium.execute_script("return document.body.getAttribute('data-ready')") == "1"
    assert chromium.execute_script("return document.getElementById('index-view').hidden") is False
    assert console_errors(chromium) == []

    chromium.execute_script("location.hash = '#/a/b'")  # links still work
    wait_for_hash_route(chromium, lambda: chromium.execute_script(
        "return document.getElementById('index-view').hidden") is True)
    chromium.execute_script("location.hash = arguments[0]", fragment)  # and a malformed one, later, too
    wait_for_hash_route(chromium, lambda: chromium.execute_script(
        "return document.getElementById('index-view').hidden") is False)
    if page == "review":  # an id that needs escaping still opens its article
        chromium.execute_script("location.hash = '#/a/' + encodeURIComponent('d%20é/?#x')")
        wait_for_hash_route(chromium, lambda: "d%20é/?#x" in chromium.execute_script("return document.title"))
    assert console_errors(chromium) == []


def wait_for_hash_route(window, done) -> None:
    """Wait (a few seconds at most) for the page's hashchange handler to show what `done` checks."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(window, 5, poll_frequency=0.05).until(lambda _: done())
