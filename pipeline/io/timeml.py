"""TimeML documents (TempEval-3): text, publication date (DCT) and gold TIMEX3 tags.

The text is what remains of ``<TEXT>`` once the tags are stripped and XML entities decoded,
which is exactly the text given to TempEval-3 systems; TIMEX3 offsets are taken in it.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from pipeline.core.kinds import DATE
from pipeline.core.records import Article, ArticleError, parse_published

from .writing import publish_together, stage_text

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
    doc_id = html.unescape(doc_id_match.group(1)).strip() if doc_id_match else Path(path).name.split(".")[0]
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


#: characters XML 1.0 does not allow in a document (C0 controls but tab and line breaks, surrogates,
#: U+FFFE and U+FFFF): each is written as a space, which keeps every offset and is how the pipeline
#: reads a control character anyway
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str, quote: bool = False) -> str:
    """`text` as XML character data (or, with `quote`, an attribute value): markup characters
    escaped, characters XML forbids written as spaces, and carriage returns as `&#13;`, which XML
    parsers (and `read_timeml`) read back as they were, where a raw one would become a line feed."""
    return html.escape(_NOT_XML.sub(" ", text), quote=quote).replace("\r", "&#13;")


def timeml_text(article: Article, rows: list[dict]) -> str:
    """An article and its date rows as a TimeML document: the DCT, and the text with each date
    as an inline TIMEX3 (type, value, mod), for TempEval tools and other temporal pipelines.
    The document is well-formed XML whatever the text holds (see `xml_text`)."""
    dates = sorted((r for r in rows if r["kind"] == DATE), key=lambda r: (int(r["start"]), -int(r["end"])))
    parts, last, tid = [], 0, 0
    for row in dates:
        start, end = int(row["start"]), int(row["end"])
        if start < last:
            continue  # overlapping expressions cannot both be inline
        tid += 1
        mod = f' mod="{xml_text(row["modifier"], quote=True)}"' if row.get("modifier") else ""
        parts.append(xml_text(article.text[last:start]))
        parts.append(f'<TIMEX3 tid="t{tid}" type="{xml_text(row["label"], quote=True)}" '
                     f'value="{xml_text(row["value"], quote=True)}"{mod}>{xml_text(article.text[start:end])}</TIMEX3>')
        last = end
    parts.append(xml_text(article.text[last:]))
    dct = xml_text(article.published, quote=True)
    return ('<?xml version="1.0" ?>\n<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:noNamespaceSchemaLocation="http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd">\n\n'
            f"<DOCID>{xml_text(article.id)}</DOCID>\n\n"
            f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}" temporalFunction="false" '
            f'functionInDocument="CREATION_TIME">{dct}</TIMEX3></DCT>\n\n'
            f"<TEXT>{''.join(parts)}</TEXT>\n\n</TimeML>\n")


#: the longest readable part of a TimeML file name, in UTF-8 bytes: with the hash and the
#: temporary file's affixes, well under the 255 bytes a file name may have
MAX_STEM_BYTES = 120


def timeml_file_name(article_id: str, digits: int = 12, plain: bool = True) -> str:
    """A file name for an article's TimeML: the id itself (`<id>.tml`) when it is a short name of
    letters, digits, `_`, `.` and `-` that starts with neither `.` nor `-`; otherwise a readable stem
    (what a file name cannot hold replaced by `_`, cut to `MAX_STEM_BYTES`), `~` and the first
    `digits` hex digits of the id's SHA-256 (always so unless `plain`). No plain name has a `~`, so
    the two kinds never meet, and ids that read alike (`a/b`, `a_b`, `a b`) get different files."""
    stem = re.sub(r"[^\w.\-]+", "_", article_id).lstrip("._-")
    if plain and stem == article_id and len(stem.encode("utf-8")) <= MAX_STEM_BYTES:
        return f"{stem}.tml"
    stem = stem.encode("utf-8")[:MAX_STEM_BYTES].decode("utf-8", "ignore").rstrip("._-") or "article"
    digest = hashlib.sha256(article_id.encode("utf-8", "surrogatepass")).hexdigest()[:digits]
    return f"{stem}~{digest}.tml"


class TimeMLNames:
    """The file names of one run's TimeML files (`timeml_file_name`), unique even where file names
    are compared without case (macOS, Windows): a name taken by another id is given with the whole
    hash instead."""

    def __init__(self) -> None:
        self.taken: dict[str, str] = {}  # name, case folded -> the id it was given to

    def __call__(self, article_id: str) -> str:
        name = timeml_file_name(article_id)
        if self.taken.setdefault(name.casefold(), article_id) != article_id:
            name = timeml_file_name(article_id, digits=64, plain=False)
            self.taken[name.casefold()] = article_id
        return name


class TimeMLWriter:
    """Write articles as TimeML: into the folder `path`, one `<name>.tml` per article
    (`TimeMLNames`), or into the one file `path` when it ends in `.tml`.

    The interface of `writing.TableWriter`, as an output of a run (`pipeline.run.batch`): each
    document is written whole to a temporary file as it comes, and on a clean exit all are moved
    into place as one (`writing.publish_together`), or, with `publish=False`, left for the run to
    move with its other files (`moves`); on an exception, or a failed move, the temporary files are
    removed and every previous file is left as it was. Temporary files of a killed run are removed
    on entry (hold the output's lock).
    """

    def __init__(self, path: Union[str, Path], *, publish: bool = True) -> None:
        self.path = Path(path)
        self.single = self.path.suffix == ".tml"
        self.names = TimeMLNames()
        self.auto_publish = publish
        self._moves: list[tuple[Path, Path]] = []  # (temporary, target)

    def __enter__(self) -> "TimeMLWriter":
        folder = self.path.parent if self.single else self.path
        folder.mkdir(parents=True, exist_ok=True)
        name = re.escape(self.path.name) if self.single else r".+\.tml"
        stale = re.compile(rf"\.{name}\.(?:[a-z0-9_]{{8}}\.tmp|[0-9a-f]{{8}}\.old)")
        for path in folder.iterdir():
            if stale.fullmatch(path.name) and path.is_file():
                target = path.with_name(path.name[1:].rsplit(".", 2)[0])
                if path.suffix == ".old" and not target.exists():
                    os.replace(path, target)  # kept aside by a run killed in its publication
                else:
                    path.unlink(missing_ok=True)
        return self

    def write_article(self, article: Article, rows: list[dict]) -> None:
        """Write one article's TimeML to a temporary file.

        RAISES ValueError: a second article for a single `.tml` file. OSError: it cannot be written.
        """
        if self.single and self._moves:
            raise ValueError(f"{self.path}: one .tml file holds one article; give a folder for several")
        target = self.path if self.single else self.path / self.names(article.id)
        self._moves.append((stage_text(target, timeml_text(article, rows)), target))

    write = write_article

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.discard()
        elif self.auto_publish:
            try:
                publish_together(self._moves)
            finally:
                self.discard()

    def moves(self) -> list[tuple[Path, Path]]:
        """The moves that publish the written files, for `publish_together`."""
        return list(self._moves)

    def forget(self) -> None:
        """The files were moved into place (by `publish_together`): nothing to discard."""
        self._moves = []

    def discard(self) -> None:
        """Remove the temporary files not moved into place."""
        for tmp, _ in self._moves:
            tmp.unlink(missing_ok=True)
        self._moves = []
