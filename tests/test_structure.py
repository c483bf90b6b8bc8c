"""Seams of the code base that a review found: no import cycles, one place for the fact
kinds and one for the version."""

import ast
import re
import tomllib
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "pipeline"


def imports_of(path: Path) -> set[str]:
    """The pipeline modules `path` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pipeline."):
            found.add(node.module.split(".")[1])
    return found


def test_no_import_cycle_between_pipeline_modules():
    graph = {path.stem: imports_of(path) for path in PACKAGE.glob("*.py")}

    def cycle_from(start, node, trail):
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                return trail + [nxt]
            if nxt not in trail and nxt in graph:
                found = cycle_from(start, nxt, trail + [nxt])
                if found:
                    return found
        return None

    cycles = [c for c in (cycle_from(m, m, [m]) for m in sorted(graph)) if c]
    assert cycles == []


def test_fact_kinds_are_named_only_in_kinds_py():
    from pipeline.core.kinds import KINDS

    offenders = []
    for path in sorted(PACKAGE.glob("*.py")):
        if path.name in {"kinds.py", "attrs.py"}:  # attrs.py: "quantity" names a span extension
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in KINDS:
                offenders.append(f"{path.name}:{node.lineno}: {node.value!r}")
    assert offenders == []


def test_the_version_is_written_once():
    import pipeline
    from pipeline.run.build import build_pipeline  # noqa: F401

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "pipeline.__version__"}
    written = [path.name for path in sorted(PACKAGE.glob("*.py"))
               if re.search(r"""["']%s["']""" % re.escape(pipeline.__version__), path.read_text(encoding="utf-8"))]
    assert written == ["__init__.py"]


def test_the_built_pipeline_carries_the_package_version(nlp):
    import pipeline

    assert nlp.meta["version"] == pipeline.__version__
