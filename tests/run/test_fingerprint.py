"""The pipeline's fingerprint covers, by folder, every module the stages are made of: a change to
any of them (the stage guard, say) makes `regenerate` process the articles again, and a change to
code that only reads, writes or reports does not."""

import shutil
import weakref

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.run import build
from tests.test_structure import MODULES, imports_of

#: where the facts are decided: the stages, and the extraction function that assembles their rows
DECIDING = [name for name in MODULES if name.startswith("pipeline.stages.")] + ["pipeline.run.extract"]


def fingerprinted(name: str) -> bool:
    path = MODULES[name].relative_to(build.PACKAGE_ROOT).as_posix()
    return any(path == part or path.startswith(f"{part}/") for part in build.FINGERPRINTED)


def test_every_module_a_stage_imports_is_fingerprinted():
    reached, todo = set(), list(DECIDING)
    while todo:
        name = todo.pop()
        if name not in reached:
            reached.add(name)
            todo.extend(imports_of(name))
    assert sorted(name for name in reached if not fingerprinted(name)) == []
    assert {"pipeline.rules.guard", "pipeline.core.attrs", "pipeline.language.lemmas"} <= reached


def test_the_fingerprint_leaves_out_what_only_moves_facts():
    assert not any(fingerprinted(name) for name in MODULES
                   if name.split(".")[1:2] in (["io"], ["evaluation"], ["review"], ["cli"]) or name == "pipeline.run.batch")


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    """The fingerprint read from a copy of the package, which a test may edit."""
    copy = tmp_path / "pipeline"
    shutil.copytree(build.PACKAGE_ROOT, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build, "PACKAGE_ROOT", copy)
    return copy


def regenerate(nlp, monkeypatch, corpus, table) -> str:
    from pipeline.cli import make

    monkeypatch.setattr(build, "_FINGERPRINTS", weakref.WeakKeyDictionary())  # the fingerprint read again
    monkeypatch.setattr(make, "_load", lambda model: nlp)
    result = CliRunner().invoke(app, ["regenerate", str(corpus), "-o", str(table), "-q"])
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()[-1]


@pytest.mark.parametrize("edited, again", [("rules/guard.py", True), ("core/attrs.py", True),
                                           ("io/writing.py", False), ("cli/make.py", False)])
def test_regenerate_reprocesses_after_a_change_to_a_module_a_stage_imports(nlp, monkeypatch, tmp_path, package_copy,
                                                                          edited, again):
    corpus = tmp_path / "in.jsonl"
    corpus.write_text('{"id": "a", "published": "2024-09-24", "text": "Rain fell on Monday."}\n'
                      '{"id": "b", "published": "2024-09-24", "text": "Snow fell on Tuesday."}\n', encoding="utf-8")
    table = tmp_path / "facts.jsonl"
    assert regenerate(nlp, monkeypatch, corpus, table).startswith("2 processed, 0 unchanged")
    assert regenerate(nlp, monkeypatch, corpus, table).startswith("0 processed, 2 unchanged")
    module = package_copy / edited
    module.write_text(module.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    expected = "2 processed, 0 unchanged" if again else "0 processed, 2 unchanged"
    assert regenerate(nlp, monkeypatch, corpus, table).startswith(expected)
