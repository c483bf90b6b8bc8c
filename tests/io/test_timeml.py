"""TimeML input: text, DCT and TIMEX3 offsets, on a small document made here."""

import json

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.records import Article
from pipeline.io.articles import read_articles
from pipeline.io.timeml import read_timeml

DOC = """<?xml version="1.0" ?>
<TimeML>
<DOCID>test_doc</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-22" functionInDocument="CREATION_TIME">March 22, 2013</TIMEX3></DCT>
<TEXT>
AT&amp;T <EVENT eid="e1">said</EVENT> <TIMEX3 tid="t1" type="DATE" value="2013-03-21">Thursday</TIMEX3> it would cut jobs over <TIMEX3 tid="t2" type="DURATION" value="P2Y" mod="APPROX">about two years</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_read_timeml(tmp_path):
    path = tmp_path / "test_doc.tml"
    path.write_text(DOC, encoding="utf-8")
    doc = read_timeml(path)
    assert (doc.doc_id, doc.dct) == ("test_doc", "2013-03-22")
    assert doc.text == "\nAT&T said Thursday it would cut jobs over about two years.\n"
    assert [(t["text"], t["label"], t["value"], t["modifier"]) for t in doc.timexes] == [
        ("Thursday", "DATE", "2013-03-21", None), ("about two years", "DURATION", "P2Y", "APPROX")]
    assert all(doc.text[t["start"]:t["end"]] == t["text"] for t in doc.timexes)
    [article] = list(read_articles([tmp_path]))
    assert isinstance(article, Article) and article.published == "2013-03-22"


def test_timeml_without_dct_is_an_error(tmp_path):
    path = tmp_path / "bad.tml"
    path.write_text("<TimeML><TEXT>On Monday.</TEXT></TimeML>", encoding="utf-8")
    [error] = list(read_articles([path]))
    assert "no <DCT>" in error.problem


def test_eval_scores_dates(tmp_path):
    (tmp_path / "test_doc.tml").write_text(DOC, encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"relaxed_f1": 1.0' in result.output and '"gold": 2' in result.output


def test_timeml_out_reads_back_as_the_same_text_and_dates(nlp, tmp_path):
    """`extract --format timeml` writes each article as TimeML that our reader reads back to the
    same text, DCT and dates (type, value, mod), even with characters XML escapes."""
    from typer.testing import CliRunner

    from pipeline.cli import app
    from pipeline.io.reading import read_table
    from pipeline.io.timeml import read_timeml

    text = "Q&A: the <b>board</b> met on Monday and will meet again in about two weeks.\nProfits rose 5% in 2023."
    articles = tmp_path / "in.jsonl"
    articles.write_text(json.dumps({"id": "a/1", "published": "2024-09-24", "text": text}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(articles), "-o", str(tmp_path / "tml"), "--format", "timeml"])
    assert result.exit_code == 0, result.output
    CliRunner().invoke(app, ["extract", str(articles), "-o", str(tmp_path / "facts.jsonl"), "-q"])
    rows = [r for r in read_table(tmp_path / "facts.jsonl") if r["kind"] == "date"]
    [name] = [p.name for p in (tmp_path / "tml").iterdir()]
    assert name.startswith("a_1~") and name.endswith(".tml")  # the id is no file name: a readable stem and a hash
    doc = read_timeml(tmp_path / "tml" / name)
    assert (doc.doc_id, doc.text, doc.dct) == ("a/1", text, "2024-09-24")
    assert [(t["start"], t["end"], t["label"], t["value"], t["modifier"]) for t in doc.timexes] == \
        [(r["start"], r["end"], r["label"], r["value"], r["modifier"]) for r in rows] != []
