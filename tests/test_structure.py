"""The layout of the code base: packages by layer, each importing only from the layers below it,
no import cycle, short modules, one place for the fact kinds and one for the version.

Every import of a pipeline module is read with `ast`, at a module's top and inside functions
(and under `if TYPE_CHECKING:`), relative or absolute.
"""

import ast
import re
import tomllib
from functools import lru_cache
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "pipeline"
#: the layers, lowest first: a module imports from its own layer and those below it. The io
#: layer sits below run: a run reads its articles and writes its tables through io, and io knows
#: nothing of the stages or of how a run goes
LAYERS = ("core", "rules", "language", "stages", "io", "run", "evaluation", "review", "cli")
#: modules at the top of pipeline/ besides the packages: the public API (`extract_frame`, `read_facts`)
TOP_LEVEL_LIMIT = 8
LINE_LIMIT = 400


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


@lru_cache(maxsize=None)
def imports_of(name: str) -> frozenset[str]:
    """The pipeline modules module `name` imports, anywhere in it (top, functions, TYPE_CHECKING)."""
    package = name if is_package(name) else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "pipeline")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif (node.module or "").split(".")[0] == "pipeline":
                target = node.module
            else:
                continue
            for alias in node.names:  # `from pipeline.stages import timex` imports the module timex
                found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target)
    return frozenset(m for m in found if m in MODULES and m != name)


def layer_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_module_lies_in_a_layer_but_the_few_at_the_top():
    top = [name for name in MODULES if layer_of(name) is None and name != "pipeline"]
    assert len(top) <= TOP_LEVEL_LIMIT, top
    assert {layer_of(name) for name in MODULES} - {None} == set(LAYERS)


def test_every_package_says_what_it_holds():
    packages = [name for name in MODULES if is_package(name)]
    undocumented = [name for name in packages if not ast.get_docstring(ast.parse(MODULES[name].read_text()))]
    assert undocumented == []


def test_no_import_from_a_higher_layer():
    order = {layer: i for i, layer in enumerate(LAYERS)}
    upward = []
    for name in MODULES:
        layer = layer_of(name)
        if layer is None:
            continue  # pipeline/__init__.py, the public API, sits above every layer
        for imported in sorted(imports_of(name)):
            other = layer_of(imported)
            if other is None or order[other] > order[layer]:
                upward.append(f"{name} ({layer}) imports {imported} ({other or 'the top'})")
    assert upward == []


def test_no_import_cycle():
    cycles = set()

    def visit(node: str, trail: list[str]) -> None:
        for nxt in sorted(imports_of(node)):
            if nxt in trail:
                cycle = trail[trail.index(nxt):]
                start = cycle.index(min(cycle))
                cycles.add(" -> ".join(cycle[start:] + cycle[:start] + [min(cycle)]))
            elif nxt not in done:
                visit(nxt, trail + [nxt])
        done.add(node)

    done: set[str] = set()
    for name in MODULES:
        if name not in done:
            visit(name, [name])
    assert sorted(cycles) == []


def test_no_module_is_too_long():
    long = {name: n for name, path in MODULES.items() if (n := len(path.read_text().splitlines())) > LINE_LIMIT}
    assert long == {}


def test_the_package_list_holds_every_package():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"]) - {"pipeline.models"}
    assert listed == {name for name in MODULES if is_package(name)}


@pytest.mark.parametrize("factory, module", [
    ("news_segmenter", "pipeline.stages.segment"), ("token_attributes", "pipeline.stages.attributes"),
    ("entity_canonicalizer", "pipeline.stages.entities"), ("timex_tagger", "pipeline.stages.timex"),
    ("quantity_tagger", "pipeline.stages.quantities"), ("fact_linker", "pipeline.stages.link"),
])
def test_the_spacy_factories_point_at_the_stages(factory, module):
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["entry-points"]["spacy_factories"][factory].split(":")[0] == module


#: the same words in another vocabulary: a span extension, quantulum3's own field, a date rule's
#: context and a template function
NOT_KINDS = {("pipeline.core.attrs", "quantity"), ("pipeline.stages.quantities.quantulum", "entity"),
             ("pipeline.stages.timex.grammar", "date"), ("pipeline.stages.timex.context", "date"),
             ("pipeline.stages.timex.functions", "date")}


def test_fact_kinds_are_named_only_in_kinds_py():
    from pipeline.core.kinds import KINDS

    offenders = []
    for name, path in MODULES.items():
        if name == "pipeline.core.kinds":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in KINDS and (name, node.value) not in NOT_KINDS:
                offenders.append(f"{name}:{node.lineno}: {node.value!r}")
    assert offenders == []


def test_the_version_is_written_once():
    import pipeline
    from pipeline.run.build import build_pipeline  # noqa: F401

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"] and "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "pipeline.core.version.__version__"}
    written = [name for name, path in MODULES.items()
               if re.search(r"""["']%s["']""" % re.escape(pipeline.__version__), path.read_text(encoding="utf-8"))]
    assert written == ["pipeline.core.version"]


def test_the_built_pipeline_carries_the_package_version(nlp):
    import pipeline

    assert nlp.meta["version"] == pipeline.__version__
