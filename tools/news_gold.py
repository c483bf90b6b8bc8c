"""The real-news quantity gold (corpus/news-quantities/): texts read from ../shared/eval, gold kept as
offsets, so no text of the articles is copied into the repository. Reading and scoring the gold is
`pipeline.evaluation.news_quantities` (`newsfacts eval corpus/news-quantities --kind quantity`);
this tool helps annotate it.

    python tools/news_gold.py list                       # every document: source, id, split, path
    python tools/news_gold.py text meantime 100911       # the text the readers build, with line offsets
    python tools/news_gold.py anchor WORK.jsonl -o corpus/news-quantities/gold/meantime/100911.gold.jsonl
    python tools/news_gold.py show corpus/news-quantities/gold/meantime/100911.gold.jsonl

A work file is written by hand, one quantity per line, with the words as they stand in the text:
{"text": "US$ 40 billion", "occurrence": 1, "number": 40e9, "unit": "USD", "change": "=",
 "about": "contract", "about_occurrence": 1}. `anchor` turns each into offsets and a check
digest of the words (`start`, `end`, `check`, `about_spans`): the committed gold holds no words.
`occurrence` counts appearances of `text` in the whole text (substrings included), 1 the first;
`about_occurrence` counts appearances of `about` likewise (default: the one nearest the quantity).
`about` may be several pieces joined by " | " ("Apple | revenue" for "Apple's revenue").
"""

from __future__ import annotations

import argparse
import json
import sys
from functools import lru_cache
from pathlib import Path

from pipeline.evaluation.news_quantities import GOLD_SUFFIX, check_digest, default_texts, read_article, read_split

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpus" / "news-quantities"


@lru_cache(maxsize=None)
def document_text(source: str, doc_id: str) -> str:
    """The text the pipeline's readers build for a document (offsets are taken in it)."""
    [doc] = [d for d in read_split(GOLD) if d.source == source and d.id == doc_id]
    return read_article(doc, default_texts(GOLD)).text


def gold_document(gold: Path) -> tuple[str, str]:
    """The source and document id a gold file belongs to: gold/<source>/<id>.gold.jsonl."""
    return gold.parent.name, gold.name.removesuffix(GOLD_SUFFIX)


def _find(text: str, needle: str, occurrence: int) -> int:
    at = -1
    for _ in range(occurrence):
        at = text.find(needle, at + 1)
        if at < 0:
            raise ValueError(f"{needle!r} does not occur {occurrence} time(s)")
    return at


def _nearest(text: str, needle: str, near: int) -> int:
    found, at = [], text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    if not found:
        raise ValueError(f"about {needle!r} does not occur in the text")
    return min(found, key=lambda a: abs(a - near))


def anchor(work: Path, source: str, doc_id: str) -> list[dict]:
    """The gold lines of a work file: words replaced by offsets and digests."""
    text = document_text(source, doc_id)
    out = []
    for n, line in enumerate(work.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        try:
            start = _find(text, item["text"], int(item.get("occurrence", 1)))
            end = start + len(item["text"])
            spans: list[list[int]] = []
            pieces = [p for p in (item.get("about") or "").split(" | ") if p]
            for k, piece in enumerate(pieces):
                if k == 0 and "about_occurrence" in item:
                    at = _find(text, piece, int(item["about_occurrence"]))
                else:
                    at = _nearest(text, piece, spans[-1][0] if spans else start)
                spans.append([at, at + len(piece)])
        except (ValueError, KeyError) as err:
            raise SystemExit(f"{work}:{n}: {err}") from None
        gold = {"start": start, "end": end, "check": check_digest(item["text"])}
        for key in ("number", "number_max", "unit", "change", "dimension"):
            if item.get(key) is not None:
                gold[key] = item[key]
        gold["about_spans"] = spans
        out.append(gold)
    return sorted(out, key=lambda g: (g["start"], g["end"]))


def show(gold: Path) -> None:
    text = document_text(*gold_document(gold))
    for line in gold.read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        words = text[g["start"]:g["end"]]
        ok = "" if check_digest(words) == g["check"] else "  !! CHECK FAILS"
        about = " | ".join(text[s:e] for s, e in g.get("about_spans", []))
        print(f"{g['start']:>6} {words!r:40} {g.get('number')!s:>14} {g.get('number_max') or '':>8} "
              f"{g.get('unit') or '':22} {g.get('change', ''):2} about={about!r}{ok}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list")
    t = sub.add_parser("text")
    t.add_argument("source")
    t.add_argument("id")
    a = sub.add_parser("anchor")
    a.add_argument("work", type=Path)
    a.add_argument("-o", "--output", type=Path, required=True, help="corpus/news-quantities/gold/<source>/<id>.gold.jsonl")
    s = sub.add_parser("show")
    s.add_argument("gold", type=Path)
    args = parser.parse_args()
    if args.command == "list":
        for d in read_split(GOLD):
            print(d.source, d.id, d.split, d.path, sep="\t")
    elif args.command == "text":
        offset = 0
        for line in document_text(args.source, args.id).split("\n"):
            print(f"{offset:>6}| {line}")
            offset += len(line) + 1
    elif args.command == "anchor":
        lines = anchor(args.work, *gold_document(args.output))
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text("".join(json.dumps(g, sort_keys=True) + "\n" for g in lines), encoding="utf-8")
        print(f"{len(lines)} quantities -> {args.output}", file=sys.stderr)
    else:
        show(args.gold)


if __name__ == "__main__":
    main()
