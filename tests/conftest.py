"""Shared fixtures: the pipeline is built once per test session."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.core.records import Article
from pipeline.run.build import build_pipeline
from pipeline.run.extract import make_doc

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED_ID = "000_ff3018747bb0433b"
ARTEFACTS: list[Path] = []  # files tests leave for people to look at, such as screenshots


def pytest_terminal_summary(terminalreporter):
    if ARTEFACTS:
        terminalreporter.section("newsfacts: test artefacts")
        for path in ARTEFACTS:
            terminalreporter.write_line(str(path))


@pytest.fixture(scope="session")
def nlp():
    return build_pipeline()


@pytest.fixture(scope="session")
def process(nlp):
    """Run the pipeline on a text published on a given date (default: the seed's date)."""

    def run(text: str, published: str = "2024-09-24"):
        return nlp(make_doc(nlp, Article(id="test", text=text, published=published)))

    return run


@pytest.fixture(scope="session")
def seed_article() -> Article:
    record = json.loads((CORPUS / "articles" / "000_seed.jsonl").read_text(encoding="utf-8"))
    return Article(id=record["id"], text=record["text"], published=record["published"])


@pytest.fixture(scope="session")
def seed_doc(nlp, seed_article):
    return nlp(make_doc(nlp, seed_article))


@pytest.fixture(scope="module")
def chromium():
    """Debian's chromium, headless, for the tests of what a page shows: missing, it fails the test
    (skipped only with NEWSFACTS_SKIP_BROWSER=1, `tests.review.browser`)."""
    from tests.review.browser import SKIP_VARIABLE, BrowserMissing, open_chromium

    try:
        window = open_chromium()
    except BrowserMissing as missing:
        if os.environ.get(SKIP_VARIABLE) == "1":
            pytest.skip(f"{SKIP_VARIABLE}=1: {missing}")
        pytest.fail(str(missing), pytrace=False)
    yield window
    window.quit()
