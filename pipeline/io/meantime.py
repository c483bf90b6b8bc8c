"""MEANTIME (NewsReader) CAT XML documents: text, publication date, and gold TIMEX3 and entity
mentions, for measuring only.

The files give tokens, not text: the text is rebuilt from them (spaces where English puts
them), with each token's offsets kept. Sentence 0 is the headline and sentence 1 the dateline,
which is the document's creation time (read from its words: the CREATION_TIME tag is missing or
wrong in a few files) and, like TempEval-3's DCT, not a time expression of the text: it is left
out of the text. Only the first sentences are annotated; ``annotated_end`` is where the gold ends.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Union

from pipeline.core.kinds import DATE, ENTITY
from pipeline.core.records import Article

_TOKEN = re.compile(r'<token\b[^>]*\bsentence="(\d+)"[^>]*\bt_id="(\d+)"[^>]*>(.*?)</token>', re.S)
_MARKABLE = re.compile(r"<(TIMEX3|ENTITY_MENTION|EVENT_MENTION|VALUE|SIGNAL|C-SIGNAL)\b([^>]*?)(?:/>|>(.*?)</\1>)", re.S)
_ENTITY = re.compile(r"<ENTITY\b([^>]*)/>")
_REFERS = re.compile(r"<REFERS_TO\b[^>]*>(.*?)</REFERS_TO>", re.S)
_ATTR = re.compile(r'([A-Za-z_:]+)="([^"]*)"')
_ANCHOR = re.compile(r'<token_anchor t_id="(\d+)"/>')
#: no space before these tokens, and none after the opening ones
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", "%", ")", "]", "}", "'s", "'", "n't", "'re", "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "£", "€"}


def is_meantime(path: Union[str, Path]) -> bool:
    """Whether a file is a MEANTIME CAT XML document."""
    path = Path(path)
    if path.suffix != ".xml" or not path.is_file():
        return False
    with open(path, encoding="utf-8", errors="replace") as handle:
        head = handle.read(2000)
    return "<Document" in head and "<token" in head


@dataclass
class MeantimeDocument:
    """One MEANTIME article: rebuilt text, creation date, and its gold annotations."""

    doc_id: str
    text: str
    dct: str
    annotated_end: int  # character offset where the annotated sentences end
    timexes: list[dict] = field(default_factory=list)  # kind, label, text, start, end, value, modifier
    entities: list[dict] = field(default_factory=list)  # named mentions: kind, label, text, start, end, instance
    premodifiers: list[tuple[int, int]] = field(default_factory=list)  # names used as modifiers ("Apple stores")
    path: str = ""

    def article(self) -> Article:
        return Article(id=self.doc_id, text=self.text, published=self.dct, origin=self.path)


def read_meantime(path: Union[str, Path]) -> MeantimeDocument:
    """Parse a MEANTIME file; ValueError naming the file when it has no tokens or dateline."""
    raw = Path(path).read_text(encoding="utf-8")
    doc_id = (re.search(r'<Document\b[^>]*\bdoc_id="([^"]*)"', raw) or [None, Path(path).stem])[1]
    tokens = [(int(s), t, html.unescape(w)) for s, t, w in _TOKEN.findall(raw)]
    if not tokens:
        raise ValueError(f"{path}: no <token> elements; is it a MEANTIME CAT XML file?")
    dateline = " ".join(w for s, _, w in tokens if s == 1)
    try:
        dct = datetime.strptime(re.sub(r"\s+,", ",", dateline), "%B %d, %Y").date().isoformat()
    except ValueError:
        raise ValueError(f"{path}: sentence 1 should be the dateline ('March 01 , 2008'), found {dateline!r}") from None
    offsets: dict[str, tuple[int, int]] = {}
    sentence_of: dict[str, int] = {}
    sentence_end: dict[int, int] = {}
    parts: list[str] = []
    length, previous, sentence = 0, None, None
    for number, t_id, word in tokens:
        sentence_of[t_id] = number
        if number == 1:
            continue  # the dateline: the creation time, not text
        if sentence is not None and number != sentence:
            separator = "\n" if sentence == 0 else " "
        elif previous is None or word in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER:
            separator = ""
        else:
            separator = " "
        parts.append(separator + word)
        length += len(separator)
        offsets[t_id] = (length, length + len(word))
        length += len(word)
        sentence_end[number] = length
        previous, sentence = word, number
    text = "".join(parts)
    instances = [dict(_ATTR.findall(m.group(1))) for m in _ENTITY.finditer(raw)]
    entity_types = {attrs["m_id"]: attrs.get("ent_type", "") for attrs in instances}
    # a few named mentions lack their REFERS_TO link: the instance described by the same name
    described = {html.unescape(attrs.get("TAG_DESCRIPTOR", "")).lower(): attrs["m_id"] for attrs in instances}
    refers: dict[str, str] = {}
    for relation in _REFERS.finditer(raw):
        target = re.search(r'<target m_id="(\d+)"', relation.group(1))
        for source in re.findall(r'<source m_id="(\d+)"', relation.group(1)):
            if target:
                refers[source] = target.group(1)
    document = MeantimeDocument(doc_id=str(doc_id), text=text, dct=dct, annotated_end=0, path=str(path))
    last_sentence = 0
    for m in _MARKABLE.finditer(raw):
        kind, attrs = m.group(1), dict(_ATTR.findall(m.group(2)))
        anchors = _ANCHOR.findall(m.group(3) or "")
        last_sentence = max([last_sentence] + [sentence_of.get(a, 0) for a in anchors])
        if not anchors or any(a not in offsets for a in anchors):
            continue  # no text span, or in the dateline
        start, end = offsets[anchors[0]][0], offsets[anchors[-1]][1]
        if kind == "TIMEX3" and attrs.get("functionInDocument") != "CREATION_TIME":
            document.timexes.append({"kind": DATE, "label": attrs.get("type"), "start": start, "end": end,
                                     "text": text[start:end], "value": attrs.get("value"), "modifier": attrs.get("mod")})
        elif kind == "ENTITY_MENTION" and attrs.get("syntactic_type") == "NAM":
            m_id = attrs.get("m_id", "")
            entity = refers.get(m_id) or described.get(re.sub(r"^the ", "", text[start:end].lower())) or f"mention {m_id}"
            document.entities.append({"kind": ENTITY, "label": entity_types.get(entity, ""), "start": start,
                                      "end": end, "text": text[start:end], "instance": entity})
        elif kind == "ENTITY_MENTION" and attrs.get("syntactic_type") == "PRE.NAM":
            document.premodifiers.append((start, end))
    document.annotated_end = max((sentence_end.get(s, 0) for s in range(last_sentence + 1)), default=0)
    document.timexes.sort(key=lambda t: (t["start"], t["end"]))
    document.entities.sort(key=lambda t: (t["start"], t["end"]))
    return document
