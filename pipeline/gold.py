"""Hand-made gold files: reading them and placing each gold fact in its article's text.

A gold file ``corpus/gold/<article id>.gold.jsonl`` holds one fact per line with the fact
table's columns. Annotators write the fact's ``text`` and, when the same words occur more
than once, which ``occurrence`` they mean (1 = first, counting substrings); the reader
computes ``start`` and ``end`` so nobody counts characters by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Union

from .kinds import KINDS


class GoldError(ValueError):
    """A gold file that cannot be read or does not fit its article."""


def locate(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """Character offsets of the `occurrence`-th appearance of `needle` in `text`."""
    start = -1
    for _ in range(occurrence):
        start = text.find(needle, start + 1)
        if start < 0:
            raise GoldError(f"{needle!r} does not occur {occurrence} time(s) in the article")
    return start, start + len(needle)


def read_gold(path: Union[str, Path], article_text: str) -> list[dict[str, Any]]:
    """Read a gold file and place its facts in `article_text`.

    path (str | Path): the gold JSON Lines file.
    article_text (str): the text of the article it annotates.
    RETURNS (list[dict]): gold facts with `start` and `end` filled in, in text order.
    """
    facts = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                fact = json.loads(line)
            except json.JSONDecodeError as err:
                raise GoldError(f"{where}: malformed JSON ({err.msg})") from None
            if fact.get("kind") not in KINDS or not fact.get("text"):
                raise GoldError(f"{where}: needs 'kind' (entity, date or quantity) and 'text'")
            try:
                start, end = locate(article_text, fact["text"], int(fact.get("occurrence", 1)))
            except GoldError as err:
                raise GoldError(f"{where}: {err}") from None
            if "start" in fact and fact["start"] != start:
                raise GoldError(f"{where}: 'start' {fact['start']} disagrees with the text at {start}")
            fact.update(start=start, end=end)
            facts.append(fact)
    return sorted(facts, key=lambda f: (f["start"], f["end"]))
