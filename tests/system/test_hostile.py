"""The hostile-input battery of issue 9, generated here (nothing stored): each bad record or
file sits between good articles, whose rows must come out identical to a clean run, and
the run must end with an error row for the bad one, never with an exception."""

import json

import pytest

from pipeline.io.paths import errors_path
from pipeline.io.reading import read_table
from pipeline.run.batch import run_batch

GOOD = [
    {"id": "good-1", "published": "2024-09-24", "text": "The probe landed on Monday after a 53-day trip."},
    {"id": "good-2", "published": "2024-03-14",
     "text": "The council met in Leeds on Tuesday and approved $3m for roads.\nRain fell for 49 hours."},
    {"id": "good-3", "published": "2024-05-01", "text": "About 1,200 people left Lisbon, Reuters said on May 3."},
]


def record(**fields) -> bytes:
    return json.dumps({"id": "bad", "published": "2024-09-24", "text": "Rain on Monday.", **fields}).encode()


def with_escape(field: str, escape: str) -> bytes:
    """A record whose `field` ends in a raw JSON escape (json.dumps would not write a lone surrogate)."""
    fields = {"id": "bad", "published": "2024-09-24", "text": "Rain on Monday."}
    fields[field] = fields[field] + "@@"
    return json.dumps(fields).replace("@@", escape).encode()


#: name -> (the hostile line, what the error row says; None when the record is a good article)
LINES = {
    "nested 100,000 deep": (b"[" * 100_000, "nested too deeply"),
    "an integer of 5,000 digits": (b'{"id": "bad", "n": ' + b"7" * 5000 + b"}", "malformed JSON"),
    "lone surrogate in text": (with_escape("text", "\\ud800"), "lone surrogate"),
    "lone surrogate in id": (with_escape("id", "\\udfff"), "lone surrogate"),
    "numeric id": (record(id=42), "'id' is a number (42)"),
    "NaN text": (b'{"id": "bad", "published": "2024-09-24", "text": NaN}', "'text' is a number (NaN)"),
    "numeric text": (record(text=3.5), "'text' is a number (3.5)"),
    "list text": (record(text=["a", "b"]), "'text' is a list"),
    "numeric published": (record(published=20240924), "'published' is a number"),
    "published 0001-01-01": (record(published="0001-01-01"), "outside"),
    "published 9999-12-31": (record(published="9999-12-31"), "outside"),
    "published T99:99:99Z": (record(published="2024-09-24T99:99:99Z"), "invalid publication date"),
    "published 2024-02-30": (record(published="2024-02-30"), "invalid publication date"),
    "empty text": (record(text=" \n\t "), "empty text"),
    "no id": (b'{"published": "2024-09-24", "text": "Rain."}', "missing 'id'"),
    "empty id": (record(id="  "), "empty 'id'"),
    "not UTF-8": (b'{"id": "bad", "published": "2024-09-24", "text": "caf\xe9"}', "not UTF-8"),
    "a JSON list": (b'["id", "text"]', "expected a JSON object, got a list"),
    "a JSON string": (b'"just text"', "expected a JSON object, got a str"),
    "JSON null": (b"null", "expected a JSON object, got null"),
    "truncated JSON": (b'{"id": "bad", "text": "Rain', "Unterminated string starting at column"),
    "duplicate id": (record(id="good-1"), "duplicate id"),
    "NUL and controls in text": (record(text="\x00\x01Rain\x1b on\x00Monday\x7f."), None),
    "a 40,000-character word": (record(text="x" * 40_000), None),
    "markup and emoji": (record(text="<p>🚀 The <b>probe</b> landed on <i>Monday</i>.</p>"), None),
    "right-to-left text": (record(text="مرحبا بالعالم 2024 — تم الإطلاق يوم الاثنين"), None),
    "a 10,000-character id": (record(id="b" * 10_000), None),
    "an object as title": (record(title={"nested": [1, 2]}), None),
    "digits only": (record(text="1" * 3000), None),
}


@pytest.fixture(scope="module")
def clean_rows(nlp, tmp_path_factory):
    folder = tmp_path_factory.mktemp("clean")
    (folder / "good.jsonl").write_bytes(b"".join(json.dumps(g).encode() + b"\n" for g in GOOD))
    result = run_batch([folder / "good.jsonl"], folder / "facts.jsonl", nlp)
    assert result.failed == 0
    return read_table(folder / "facts.jsonl")


def run_mixed(nlp, folder, *, before: bytes = b""):
    table = folder.with_name(f"{folder.name}.out") / "facts.jsonl"  # outside the input folder, which reads .jsonl
    result = run_batch([folder], table, nlp)
    rows = read_table(table)
    errors = read_table(errors_path(table)) if result.failed else []
    assert errors_path(table).exists() == bool(result.failed)  # an errors table only when one failed
    return result, rows, errors


def good_rows(rows):
    return [r for r in rows if r["article_id"].startswith("good-")]


@pytest.mark.parametrize("name", list(LINES))
def test_a_hostile_line_between_good_articles(nlp, tmp_path, clean_rows, name):
    line, problem = LINES[name]
    lines = [json.dumps(GOOD[0]).encode(), line, json.dumps(GOOD[1]).encode(), b"", json.dumps(GOOD[2]).encode()]
    (tmp_path / "in.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    result, rows, errors = run_mixed(nlp, tmp_path)
    assert good_rows(rows) == clean_rows
    if problem is None:
        assert errors == [] and result.articles == 4
    else:
        [error] = errors
        assert problem in error["problem"], error
        assert error["origin"] == f"{tmp_path / 'in.jsonl'}:2"
        assert result.articles == 3 and result.failed == 1


def _bom(folder):
    (folder / "in.jsonl").write_bytes(b"\xef\xbb\xbf" + b"".join(json.dumps(g).encode() + b"\n" for g in GOOD))
    return None


def _symlink_loop(folder):
    (folder / "sub").mkdir()
    (folder / "sub" / "loop").symlink_to(folder)
    return "symbolic link loop"


def _broken_link(folder):
    (folder / "zz.jsonl").symlink_to(folder / "nowhere.jsonl")
    return "broken symbolic link"


def _nested_sidecar(folder):
    (folder / "story.txt").write_text("Rain on Monday.", encoding="utf-8")
    (folder / "story.json").write_text("{" * 50_000, encoding="utf-8")
    return "unreadable metadata sidecar"


def _sidecar_not_object(folder):
    (folder / "story.txt").write_text("Rain on Monday.", encoding="utf-8")
    (folder / "story.json").write_text("[1, 2]", encoding="utf-8")
    return "must be a JSON object"


def _text_not_utf8(folder):
    (folder / "story.txt").write_bytes("Caf\xe9 on Monday.".encode("latin-1"))
    (folder / "story.json").write_text('{"published": "2024-09-24"}', encoding="utf-8")
    return "not UTF-8"


def _timeml_without_dct(folder):
    (folder / "doc.tml").write_text("<TimeML><TEXT>Rain on Monday.</TEXT></TimeML>", encoding="utf-8")
    return "no <DCT>"


def _unknown_type(folder):
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    return None  # not an article file: left alone


FILES = {f.__name__[1:]: f for f in (_bom, _symlink_loop, _broken_link, _nested_sidecar, _sidecar_not_object,
                                     _text_not_utf8, _timeml_without_dct, _unknown_type)}


@pytest.mark.parametrize("name", list(FILES))
def test_a_hostile_file_beside_good_articles(nlp, tmp_path, clean_rows, name):
    if name != "bom":
        (tmp_path / "in.jsonl").write_bytes(b"".join(json.dumps(g).encode() + b"\n" for g in GOOD))
    problem = FILES[name](tmp_path)
    result, rows, errors = run_mixed(nlp, tmp_path)
    assert good_rows(rows) == clean_rows
    if problem is None:
        assert errors == []
    else:
        [error] = errors
        assert problem in error["problem"], error
