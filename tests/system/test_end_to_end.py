"""The seed article end to end: its table against the hand-made gold, CLI and saved pipeline."""

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.evaluation.gold import read_gold
from pipeline.io.reading import read_table
from pipeline.stages.facts import doc_to_facts
from tests.conftest import CORPUS, ROOT, SEED_ID

COMPARED = ("kind", "label", "text", "start", "end", "value", "about", "unit", "si_unit", "si_value", "number")


@pytest.fixture(scope="module")
def seed_rows(seed_doc):
    return doc_to_facts(seed_doc, SEED_ID)


@pytest.fixture(scope="module")
def seed_gold(seed_article):
    return read_gold(CORPUS / "gold" / f"{SEED_ID}.gold.jsonl", seed_article.text)


def test_every_gold_fact_is_found_with_its_value(seed_rows, seed_gold):
    table = {(r["kind"], r["start"], r["end"]): r for r in seed_rows}
    for fact in seed_gold:
        row = table.get((fact["kind"], fact["start"], fact["end"]))
        assert row is not None, f"missing {fact}"
        for column in COMPARED:
            if column in fact:
                assert row[column] == fact[column], (column, fact, row)


def test_no_fact_beyond_the_gold(seed_rows, seed_gold):
    gold = {(f["kind"], f["start"], f["end"]) for f in seed_gold}
    extra = [r for r in seed_rows if (r["kind"], r["start"], r["end"]) not in gold]
    assert extra == []


def test_every_entity_appears_once(seed_rows):
    names = [(r["value"], r["label"]) for r in seed_rows if r["kind"] == "entity"]
    assert len(names) == len(set(names))
    assert ("Xi Jinping", "PERSON") in names and not any(n == "Xi" for n, _ in names)


def test_names_with_numbers_give_no_other_fact(seed_rows, seed_article):
    text = seed_article.text
    for name in ("Long March 5", "Chang'e 6", "Chang'e 4"):
        start = -1
        while (start := text.find(name, start + 1)) >= 0:
            inside = [r for r in seed_rows if r["start"] < start + len(name) and start < r["end"]]
            assert all(r["kind"] == "entity" for r in inside), inside


def test_rows_trace_to_their_sentence(seed_rows, seed_article):
    for row in seed_rows:
        assert seed_article.text[row["start"]:row["end"]] == row["text"]
        assert row["text"] in row["sentence_text"]


def test_cli_extract_writes_the_table_and_reports_bad_articles(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "broken", "text": "No date here."}\n{"id": "x", "published": "2024-09-24", "text": "\\n"}\n')
    out = tmp_path / "facts.jsonl"
    result = CliRunner().invoke(app, ["extract", str(CORPUS / "articles" / "000_seed.jsonl"), str(bad), "-o", str(out), "-q"])
    assert result.exit_code == 1, result.output
    rows = read_table(out)
    assert {r["article_id"] for r in rows} == {SEED_ID}
    errors = read_table(tmp_path / "facts.errors.jsonl")
    assert [e["article_id"] for e in errors] == ["broken", "x"]
    assert "no publication date" in errors[0]["problem"]


def test_rerun_is_byte_identical(tmp_path):
    outputs = []
    for name in ("one.parquet", "two.parquet"):
        out = tmp_path / name
        result = CliRunner().invoke(app, ["extract", str(CORPUS / "articles" / "000_seed.jsonl"), "-o", str(out), "-q"])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


_GUARD = """
import builtins, os, pathlib
MOVED = os.path.realpath({models!r})
def _moved(path):
    return os.path.realpath(os.fspath(path)).startswith(MOVED)
def _guard(name, missing):
    real = getattr(pathlib.Path, name)
    def guarded(self, *args, **kwargs):
        if _moved(self):
            if missing is None:
                raise FileNotFoundError(f"the source tree's rules were moved away: {{self}}")
            return missing
        return real(self, *args, **kwargs)
    setattr(pathlib.Path, name, guarded)
for name, missing in (("is_dir", False), ("is_file", False), ("exists", False), ("read_text", None),
                      ("read_bytes", None), ("open", None)):
    _guard(name, missing)
_open = builtins.open
def _guarded_open(file, *args, **kwargs):
    if isinstance(file, (str, os.PathLike)) and _moved(file):
        raise FileNotFoundError(f"the source tree's rules were moved away: {{file}}")
    return _open(file, *args, **kwargs)
builtins.open = _guarded_open
"""


#: a text with a quantity of each kind the quantity stage reads from its own data (phrases, bare
#: degrees, cents, custom units, ages, compound units)
QUANTITY_TEXT = ("WASHINGTON - Highs reached 104 degrees on Sunday, 3 degrees warmer than Saturday. A stamp costs "
                 "73 cents. The group was sold for A$6.2bn, and about one in five staff, aged 18 to 24, left. "
                 "The 6ft 2in boxer, 22-year-old Sam Lee, weighs 14 stone. Rates rose by a quarter point.")


def test_saved_pipeline_loads_without_the_source_tree_rules_and_gives_the_same_table(nlp, seed_rows, process,
                                                                                    tmp_path):
    """spacy.load of a saved pipeline in a fresh interpreter reads its rules from the saved folder
    alone: with the source tree's models/ out of reach, the seed's table and a table of every kind
    of quantity are the same, with quantulum3's unit regex and the date patterns built from the code
    saved with it."""
    nlp.to_disk(tmp_path / "model")
    quantity_rows = doc_to_facts(process(QUANTITY_TEXT), "quantities")
    assert len([r for r in quantity_rows if r["kind"] == "quantity"]) >= 8
    models = ROOT / "models"
    script = _GUARD.format(models=str(models)) + f"""
import json, spacy
from pipeline.io.articles import Article
from pipeline.run.extract import make_doc
from pipeline.stages.facts import doc_to_facts
try:
    open({str(models / "config.cfg")!r})
except FileNotFoundError:
    pass
else:
    raise SystemExit("the guard does not work")
nlp = spacy.load({str(tmp_path / "model")!r})
record = json.loads(open({str(CORPUS / "articles" / "000_seed.jsonl")!r}, encoding="utf-8").read())
article = Article(id=record["id"], text=record["text"], published=record["published"])
quantities = Article(id="quantities", text={QUANTITY_TEXT!r}, published="2024-09-24")
print(json.dumps([doc_to_facts(nlp(make_doc(nlp, a)), a.id) for a in (article, quantities)], default=str))
from pipeline.stages.quantities.quantulum import REGEXES
print(REGEXES.reused + 1000 * nlp.get_pipe("timex_tagger").regexes.reused)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    rows, reused = done.stdout.splitlines()
    assert json.loads(rows) == json.loads(json.dumps([seed_rows, quantity_rows], default=str))
    assert int(reused) % 1000 >= 1  # quantulum3's unit regex, not compiled again
    assert int(reused) // 1000 >= 100  # nor the date stage's patterns


def test_the_saved_pipeline_holds_every_rule_file(nlp, tmp_path):
    nlp.to_disk(tmp_path / "model")
    for name, folders in (("timex_tagger", ("dates", "lexicon", "units")), ("entity_canonicalizer", ("entities",)),
                          ("news_segmenter", ("lexicon",)), ("quantity_tagger", ("quantities", "units", "lexicon"))):
        for folder in folders:
            source = sorted(p.name for p in (ROOT / "models" / "en" / folder).glob("*.tsv"))
            saved = sorted(p.name for p in (tmp_path / "model" / name / folder).glob("*.tsv"))
            assert source and saved == source, (name, folder)


def test_the_fingerprint_covers_the_rules_and_the_stage_code_only(nlp, tmp_path):
    import shutil

    from pipeline.run.build import FINGERPRINTED, build_pipeline, pipeline_fingerprint

    assert not {"cli", "evaluation", "run", "run/batch.py", "io", "review"} & set(FINGERPRINTED)
    copy = tmp_path / "models"
    shutil.copytree(ROOT / "models", copy, ignore=shutil.ignore_patterns("newsfacts_en"))
    rules = copy / "en" / "dates" / "rules.tsv"
    rules.write_text(rules.read_text(encoding="utf-8").replace("P1D", "P24H", 1), encoding="utf-8")
    assert pipeline_fingerprint(build_pipeline(copy)) != pipeline_fingerprint(nlp)



def test_the_default_pipeline_is_saved_once_and_rebuilt_when_a_rule_changes(tmp_path, monkeypatch):
    import shutil

    from pipeline.run import build

    copy = tmp_path / "models"
    shutil.copytree(ROOT / "models", copy, ignore=shutil.ignore_patterns(build.SAVED_NAME))
    first = build.default_pipeline(copy)
    assert build.saved_pipeline_is_current(copy / build.SAVED_NAME, copy)
    builds = []
    monkeypatch.setattr(build, "build_pipeline", lambda config_dir=None: builds.append(config_dir) or first)
    second = build.default_pipeline(copy)  # loaded from the saved folder, not built
    assert builds == [] and second is not first and second.pipe_names == first.pipe_names
    assert build.pipeline_fingerprint(second) == build.pipeline_fingerprint(first)
    rules = copy / "en" / "dates" / "rules.tsv"
    rules.write_text(rules.read_text(encoding="utf-8").replace("P1D", "P24H", 1), encoding="utf-8")
    assert not build.saved_pipeline_is_current(copy / build.SAVED_NAME, copy)
    build.default_pipeline(copy)
    assert builds == [copy]
