"""TimeML documents (TempEval-3): text, publication date (DCT) and gold TIMEX3 tags.

The text is what remains of ``<TEXT>`` once the tags are stripped and XML entities decoded,
which is exactly the text given to TempEval-3 systems; TIMEX3 offsets are taken in it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from .kinds import DATE
from .records import Article, ArticleError, parse_published

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'([A-Za-z_:]+)="([^"]*)"')
TIMEML_SUFFIXES = (".tml", ".TE3input", ".timeml")


@dataclass
class TimeMLDocument:
    """One TimeML file: its id, text, creation date and TIMEX3 annotations (if any)."""

    doc_id: str
    text: str
    dct: str
    timexes: list[dict] = field(default_factory=list)  # kind, label, text, start, end, value, modifier
    path: str = ""

    def article(self) -> Article:
        return Article(id=self.doc_id, text=self.text, published=self.dct, origin=self.path)


def is_timeml(path: Union[str, Path]) -> bool:
    """Whether a file name looks like TimeML (.tml, .tml.TE3input, .timeml)."""
    return str(path).endswith(TIMEML_SUFFIXES)


def read_timeml(path: Union[str, Path]) -> TimeMLDocument:
    """Parse a TimeML file; ValueError naming the file when it has no DCT or TEXT."""
    raw = Path(path).read_bytes().decode("utf-8-sig")
    doc_id_match = re.search(r"<DOCID>(.*?)</DOCID>", raw, re.S)
    doc_id = doc_id_match.group(1).strip() if doc_id_match else Path(path).name.split(".")[0]
    dct_match = re.search(r"<DCT>\s*<TIMEX3([^>]*)>", raw, re.S)
    if not dct_match:
        raise ValueError(f"{path}: no <DCT><TIMEX3 value=...> publication date")
    dct_value = dict(_ATTR.findall(dct_match.group(1))).get("value", "")
    try:
        dct = parse_published(dct_value)
    except ValueError as err:
        raise ValueError(f"{path}: {err}") from None
    text_match = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    if not text_match:
        raise ValueError(f"{path}: no <TEXT> element")
    body = text_match.group(1)
    parts: list[str] = []
    length = 0
    open_timex: list[tuple[dict, int]] = []
    timexes = []
    last = 0
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[last:tag.start()])
        parts.append(chunk)
        length += len(chunk)
        last = tag.end()
        closing, name, attrs = tag.group(1), tag.group(2), tag.group(3)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex.append((dict(_ATTR.findall(attrs)), length))
        elif open_timex:
            attributes, start = open_timex.pop()
            timexes.append({"kind": DATE, "label": attributes.get("type"), "start": start,
                            "end": length, "value": attributes.get("value"),
                            "modifier": attributes.get("mod")})
    parts.append(html.unescape(body[last:]))
    text = "".join(parts)
    for timex in timexes:
        timex["text"] = text[timex["start"]:timex["end"]]
    timexes.sort(key=lambda t: (t["start"], t["end"]))
    return TimeMLDocument(doc_id=doc_id, text=text, dct=dct, timexes=timexes, path=str(path))


def timeml_article(path: Union[str, Path]) -> Union[Article, ArticleError]:
    """A TimeML file as an article to extract from, or the error that stops it."""
    try:
        return read_timeml(path).article()
    except (ValueError, UnicodeDecodeError) as err:
        return ArticleError(Path(path).name, str(path), str(err))
    except OSError as err:
        return ArticleError(Path(path).name, str(path), f"cannot read the file: {err.strerror or err}")


def timeml_text(article: Article, rows: list[dict]) -> str:
    """An article and its date rows as a TimeML document: the DCT, and the text with each date
    as an inline TIMEX3 (type, value, mod), for TempEval tools and other temporal pipelines."""
    dates = sorted((r for r in rows if r["kind"] == DATE), key=lambda r: (int(r["start"]), -int(r["end"])))
    parts, last, tid = [], 0, 0
    for row in dates:
        start, end = int(row["start"]), int(row["end"])
        if start < last:
            continue  # overlapping expressions cannot both be inline
        tid += 1
        mod = f' mod="{html.escape(row["modifier"])}"' if row.get("modifier") else ""
        parts.append(html.escape(article.text[last:start], quote=False))
        parts.append(f'<TIMEX3 tid="t{tid}" type="{html.escape(row["label"])}" value="{html.escape(row["value"])}"{mod}>'
                     f"{html.escape(article.text[start:end], quote=False)}</TIMEX3>")
        last = end
    parts.append(html.escape(article.text[last:], quote=False))
    dct = html.escape(article.published)
    return ('<?xml version="1.0" ?>\n<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:noNamespaceSchemaLocation="http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd">\n\n'
            f"<DOCID>{html.escape(article.id, quote=False)}</DOCID>\n\n"
            f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}" temporalFunction="false" '
            f'functionInDocument="CREATION_TIME">{dct}</TIMEX3></DCT>\n\n'
            f"<TEXT>{''.join(parts)}</TEXT>\n\n</TimeML>\n")


def timeml_file_name(article_id: str) -> str:
    """A file name for an article's TimeML: its id, with what a file name cannot hold replaced."""
    name = re.sub(r"[^\w.\-]+", "_", article_id).strip("._") or "article"
    return f"{name}.tml"
