"""Issue 23: the README answers "which amounts of money, in one currency, about what, when?" with
pandas on the corpus. This runs the README's own code block on the table of the corpus articles
it shows, so the example cannot drift from what the table holds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import pipeline
from pipeline.core.records import Article

ROOT = Path(__file__).resolve().parents[2]
SHOWN = ("markets-21", "politics-21", "technology-03")


def readme_block(after: str) -> str:
    """The first ```python block of the README after the line that contains `after`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"^```python\n(.*?)^```", readme[readme.index(after):], re.S | re.M)
    assert found, f"no python block after {after!r} in the README"
    return found.group(1)


@pytest.fixture(scope="module")
def table(nlp):
    """The fact table of the corpus articles the README's example shows, as `read_facts` reads it."""
    articles = [Article(**{k: r[k] for k in ("id", "text", "published")})
                for f in sorted((ROOT / "corpus" / "articles").glob("*.jsonl"))
                for r in map(json.loads, f.read_text(encoding="utf-8").splitlines()) if r.get("id") in SHOWN]
    assert len(articles) == len(SHOWN)
    return pipeline.extract_frame(articles, model=nlp)


def test_the_readme_money_example_runs_on_the_corpus_and_shows_what_it_says(table):
    namespace = {"table": table}
    lines = readme_block("Which amounts of money").splitlines()
    code = [line.split("  #")[0] for line in lines if line.strip() and not line.lstrip().startswith("#")]
    exec("\n".join(code[:-2]), namespace)  # noqa: S102 - the README's own example
    largest = eval(code[-2], namespace)  # noqa: S307 - its expression, printed in the README
    shown = [line.split() for line in lines if re.match(r"#\s+\S+-\d+\s", line)]  # "#  markets-21  ..."
    assert [row["article_id"] for _, row in largest.iterrows()] == [line[1] for line in shown]
    for (_, row), line in zip(largest.iterrows(), shown):
        amount = next(i for i, word in enumerate(line) if re.fullmatch(r"\d\.\d+e\+\d+", word))
        assert (f"{row['amount']:.6e}", str(row["rate_date"])) == (line[amount], line[amount + 1])
        assert (row["when"] if isinstance(row["when"], str) else "NaN") == line[-1]
    assert eval(code[-1], namespace).index[0] == "listed companies"  # noqa: S307 - sum by what it is about
