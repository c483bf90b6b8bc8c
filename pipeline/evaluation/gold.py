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

from pipeline.core.kinds import KINDS
from pipeline.core.records import describe

#: a UTF-8 byte order mark, read as absent at the start of any line (as the article reader does)
BOM = "\ufeff"


class GoldError(ValueError):
    """A gold file that cannot be read or does not fit its article."""


def locate(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """Character offsets of the `occurrence`-th appearance of `needle` in `text` (from 1)."""
    if occurrence < 1:
        raise GoldError(f"'occurrence' {occurrence} is not a count: 1 is the first appearance")
    start = -1
    for _ in range(occurrence):
        start = text.find(needle, start + 1)
        if start < 0:
            raise GoldError(f"{needle!r} does not occur {occurrence} time(s) in the article")
    return start, start + len(needle)


def _whole_number(value: object) -> bool:
    """A JSON integer (2, or 2.0), not a boolean, a string or a fraction."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def gold_fact(line: str, article_text: str) -> dict[str, Any]:
    """One line of a gold file as a fact placed in `article_text`.

    RAISES GoldError: what is wrong with the line (without where: `read_gold` adds it).
    """
    try:
        fact = json.loads(line.lstrip(BOM))
    except json.JSONDecodeError as err:
        raise GoldError(f"malformed JSON ({err.msg} at column {err.colno}): fix the line") from None
    except RecursionError:
        raise GoldError("malformed JSON (nested too deeply to be a gold fact): fix the line") from None
    except ValueError as err:  # e.g. an integer of thousands of digits
        raise GoldError(f"malformed JSON ({err}): fix the line") from None
    if not isinstance(fact, dict):
        raise GoldError(f"a gold fact is a JSON object with 'kind' and 'text', not {describe(fact)}")
    if not isinstance(fact.get("kind"), str) or fact["kind"] not in KINDS or not fact.get("text"):
        raise GoldError(f"needs 'kind' ({', '.join(KINDS)}) and 'text'")
    if not isinstance(fact["text"], str):
        raise GoldError(f"'text' is {describe(fact['text'])}, not a string: give the fact's words as written")
    occurrence = fact.get("occurrence", 1)
    if not _whole_number(occurrence) or occurrence < 1:
        shown = f"the text {occurrence!r}" if isinstance(occurrence, str) else describe(occurrence)
        raise GoldError(f"'occurrence' is {shown}: give which appearance of the text is meant as a whole "
                        f"number, 1 for the first")
    start, end = locate(article_text, fact["text"], int(occurrence))
    if "start" in fact and fact["start"] != start:
        raise GoldError(f"'start' {fact['start']!r} disagrees with the text at {start}")
    fact.update(start=start, end=end)
    return fact


def read_gold(path: Union[str, Path], article_text: str) -> list[dict[str, Any]]:
    """Read a gold file and place its facts in `article_text`.

    path (str | Path): the gold JSON Lines file.
    article_text (str): the text of the article it annotates.
    RETURNS (list[dict]): gold facts with `start` and `end` filled in, in text order.
    RAISES GoldError: the file cannot be read, or a line is not a gold fact of this article;
        the message names the file and the line.
    """
    path = Path(path)
    if path.exists() and not path.is_file():
        raise GoldError(f"{path}: not a regular file: give the gold file itself")
    try:
        with open(path, "rb") as handle:
            lines = handle.read().split(b"\n")
    except OSError as err:
        raise GoldError(f"cannot read the gold file {path}: {err.strerror or err}") from None
    facts = []
    for number, raw in enumerate(lines, start=1):
        where = f"{path}:{number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            raise GoldError(f"{where}: not UTF-8 (byte {err.start}): save the file as UTF-8") from None
        if not line.lstrip(BOM).strip():
            continue
        try:
            facts.append(gold_fact(line, article_text))
        except GoldError as err:
            raise GoldError(f"{where}: {err}") from None
    return sorted(facts, key=lambda f: (f["start"], f["end"]))
