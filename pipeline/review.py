"""HTML review pages: a fact table shown on its articles (with gold), and a regeneration's changes.

Each page is one self-contained HTML file: style, script, data and SVG charts are inline, and a
Content-Security-Policy forbids the page any network access, so it works opened from disk or
sent by mail. The page's script (``review_page/review.js``) renders the index (filter, sort,
pages of 100 rows) and each article only when it is opened, so 1,000 articles still load
quickly.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence, Union

from .kinds import DATE, ENTITY, QUANTITY
from .articles import Article, read_articles
from .checking import gold_files
from .gold import GoldError, read_gold
from .output import read_table
from .score import KINDS, Report, score_article

ASSETS = Path(__file__).with_name("review_page")

#: one fact in the page's data, as an array in this order (the script reads the same list)
FACT_FIELDS = ("kind", "label", "start", "end", "text", "value", "about", "modifier", "detail",
               "mentions", "status", "gold", "sentence")

#: gold status of a fact: found with the right value and label, found with a wrong one, found
#: by the pipeline only, or in the gold only
STATUSES = ("correct", "wrong", "spurious", "missed")


class ReviewError(ValueError):
    """Input the review cannot be built from, such as a missing or unreadable table."""


@dataclass
class ReviewArticle:
    """One article of a review: its metadata, text and facts, with gold status and scores."""

    id: str
    title: str = ""
    published: str = ""
    source: str = ""
    text: Optional[str] = None  # None when the article text was not given or does not fit the table
    facts: list[dict[str, Any]] = field(default_factory=list)
    scores: Optional[dict[str, dict[str, float]]] = None  # per kind and "all", when gold exists
    problems: list[str] = field(default_factory=list)


@dataclass
class Review:
    """Everything a review page shows."""

    name: str
    articles: list[ReviewArticle]
    report: Optional[Report] = None  # scores of all articles with gold
    failed: list[dict[str, Any]] = field(default_factory=list)  # the table's errors table

    @property
    def problems(self) -> list[str]:
        return [f"{a.id}: {p}" for a in self.articles for p in a.problems]


def fact_detail(row: dict[str, Any]) -> str:
    """What a fact's normalised value means, spelled out for the tooltip: for a quantity the
    number and unit as written and the SI value ("1935.3 gram = 1.9353 kg")."""
    if row.get("kind") != QUANTITY:
        return ""
    number, number_max = _number(row.get("number")), _number(row.get("number_max"))
    if number is None:
        return ""
    written = _format(number) + (f"-{_format(number_max)}" if number_max is not None else "")
    if row.get("unit"):
        written += f" {row['unit']}"
    si_value, si_max = _number(row.get("si_value")), _number(row.get("si_value_max"))
    if row.get("si_unit") and si_value is not None:
        si = _format(si_value) + (f"-{_format(si_max)}" if si_max is not None else "")
        return f"{written} = {si} {row['si_unit']}"
    return written


def _number(value: Any) -> Optional[float]:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _format(number: float) -> str:
    return str(int(number)) if number == int(number) and abs(number) < 1e15 else f"{number:g}"


def _fact(row: dict[str, Any], status: Optional[str] = None, gold: str = "", sentence: bool = False) -> list[Any]:
    """A fact-table row (or gold fact) as the page's compact array of FACT_FIELDS; its sentence
    only with `sentence` (a page that shows the article's text does not need it)."""
    mentions = row.get("mentions")
    return [row.get("kind") or "", row.get("label") or "", int(row["start"]), int(row["end"]),
            row.get("text") or "", "" if row.get("value") is None else str(row["value"]),
            row.get("about") or "", row.get("modifier") or "", fact_detail(row),
            int(mentions) if mentions not in (None, "") else 1, status or "", gold,
            (row.get("sentence_text") or "") if sentence else ""]


def _mismatch(text: str, rows: Iterable[dict[str, Any]]) -> Optional[str]:
    """Why the table's rows do not fit `text`, or None when every row's span reads its text."""
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        if text[start:end] != row.get("text"):
            return (f"the table's fact {row.get('text')!r} at {start}-{end} reads {text[start:end]!r} in the "
                    f"article text: the article changed since the table was made; run `newsfacts extract` "
                    f"again (the text is left out of this review)")
    return None


def _with_gold(article: ReviewArticle, rows: list[dict[str, Any]], gold: list[dict[str, Any]],
               total: Report) -> None:
    """Mark each fact correct, wrong or spurious, add the gold facts missed, and score the article."""
    report = Report()
    score_article(rows, gold, report)
    score_article(rows, gold, total)
    wrong = {id(s): g for s, g in report.wrong}
    spurious = {id(s) for s in report.spurious}
    facts = []
    for row in rows:
        if id(row) in wrong:
            g = wrong[id(row)]
            facts.append(_fact(row, "wrong", f"{g.get('label') or ''} {g.get('value') or ''}".strip()))
        else:
            facts.append(_fact(row, "spurious" if id(row) in spurious else "correct"))
    for g in report.missed:
        facts.append(_fact(g, "missed"))
    article.facts = sorted(facts, key=lambda f: (f[2], KINDS.index(f[0]) if f[0] in KINDS else 9, f[3]))
    article.scores = report.scores()


def gather_review(table: Union[str, Path], articles: Sequence[Union[str, Path]] = (),
                  gold: Sequence[Union[str, Path]] = ()) -> Review:
    """Read a fact table, its articles and their gold into what the review page shows.

    table (str | Path): a fact table written by `newsfacts extract`.
    articles (Sequence[str | Path]): article files or folders (e.g. corpus/) for the texts.
    gold (Sequence[str | Path]): gold files or folders (<id>.gold.jsonl); their articles'
        texts must be among `articles`.
    RETURNS (Review): every article of the table (and of its manifest: those with no facts),
        in table order, with gold status and scores where gold exists; a problem with one
        article is noted on that article and never stops the others.
    RAISES ReviewError: when the table cannot be read.
    """
    from .batch import errors_path, manifest_path
    from .output import is_dataset

    table = Path(table)
    if not (table.is_file() or is_dataset(table)):
        raise ReviewError(f"{table}: no such fact table; write one with `newsfacts extract ARTICLES -o {table}`")
    try:
        rows = read_table(table)
    except Exception as error:  # pyarrow, csv and json each raise their own
        raise ReviewError(f"{table}: cannot read the fact table ({type(error).__name__}: {error})") from None
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_article[str(row["article_id"])].append(row)
    ids = list(by_article)
    manifest = manifest_path(table)
    if manifest.is_file():
        try:
            listed = json.loads(manifest.read_text(encoding="utf-8")).get("articles", {})
            ids += sorted(set(listed) - set(by_article))  # processed, but without a single fact
        except (OSError, ValueError, AttributeError):
            pass
    texts: dict[str, Article] = {}
    if articles or gold:
        texts = {a.id: a for a in read_articles([*articles, *gold]) if isinstance(a, Article)}
    golds = gold_files(gold) if gold else {}
    review = Review(name=table.name, articles=[], report=Report() if golds else None)
    for article_id in ids:
        source = texts.get(article_id)
        article_rows = by_article.get(article_id, [])
        article = ReviewArticle(article_id)
        if source is not None:
            article.title, article.published, article.source = source.title, source.published, source.source
            problem = _mismatch(source.text, article_rows)
            if problem:
                article.problems.append(problem)
            else:
                article.text = source.text
        elif articles or gold:
            article.problems.append("its text is not among the articles given (--articles): only the "
                                    "facts are shown")
        article.facts = [_fact(row, sentence=article.text is None) for row in article_rows]
        if article_id in golds:
            if article.text is None:
                article.problems.append(f"gold {golds[article_id]} not scored: it needs the article's text")
            else:
                try:
                    gold_facts = read_gold(golds[article_id], article.text)
                except (GoldError, OSError) as error:
                    article.problems.append(f"gold not scored: {error}")
                else:
                    _with_gold(article, article_rows, gold_facts, review.report)
        review.articles.append(article)
    errors = errors_path(table)
    if errors.is_file():
        try:
            review.failed = read_table(errors)
        except Exception:  # an unreadable errors table only loses the list of failures
            pass
    return review


def _counts(facts: Iterable[list[Any]]) -> dict[str, int]:
    counts = Counter(f[0] for f in facts if f[10] != "missed")
    return {kind: counts[kind] for kind in KINDS}


def review_data(review: Review) -> dict[str, Any]:
    """The page's data: articles with their facts as arrays of FACT_FIELDS, and the scores."""
    return {
        "mode": "review",
        "name": review.name,
        "fields": list(FACT_FIELDS),
        "scores": review.report.scores() if review.report else None,
        "failed": [{k: e.get(k) for k in ("article_id", "origin", "problem")} for e in review.failed],
        "articles": [{"id": a.id, "title": a.title, "published": a.published, "source": a.source,
                      "text": a.text, "facts": a.facts, "counts": _counts(a.facts),
                      "status": dict(Counter(f[10] for f in a.facts if f[10])),
                      "scores": ({k: {m: round(v, 4) for m, v in s.items()} for k, s in a.scores.items()}
                                 if a.scores else None),
                      "problems": a.problems} for a in review.articles],
    }


def diff_data(changes: Iterable[Any], articles: Sequence[Union[str, Path]] = (),
              name: str = "") -> dict[str, Any]:
    """The diff page's data: per article, the facts added, removed and changed.

    changes (Iterable[ArticleChange]): `BatchResult.changes` of an incremental run.
    articles (Sequence[str | Path]): the inputs of the run, for titles and dates.
    name (str): the table regenerated.
    """
    known = {a.id: a for a in read_articles(articles) if isinstance(a, Article)} if articles else {}
    result = []
    for change in changes:
        article = known.get(change.article_id)
        result.append({
            "id": change.article_id, "status": change.status,
            "title": article.title if article else "", "published": article.published if article else "",
            "source": article.source if article else "",
            "added": [_fact(r, sentence=True) for r in change.added],
            "removed": [_fact(r, sentence=True) for r in change.removed],
            "changed": [[_fact(old, sentence=True), _fact(new, sentence=True)] for old, new in change.changed],
        })
    return {"mode": "diff", "name": name, "fields": list(FACT_FIELDS), "articles": result}


# ---------------------------------------------------------------- charts (inline SVG)

KIND_COLOURS = {ENTITY: "#0072B2", DATE: "#E69F00", QUANTITY: "#CC79A7"}  # Okabe-Ito
_TIMEX_YEAR = re.compile(r"^(\d{4})(?:-(\d{2}))?")


def _svg(title: str, description: str, width: int, height: int, body: list[str]) -> str:
    slug = re.sub(r"\W+", "-", title.lower()).strip("-")
    return (f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="{slug}-t {slug}-d" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{slug}-t">{html.escape(title)}</title><desc id="{slug}-d">{html.escape(description)}</desc>'
            + "".join(body) + "</svg>")


def bar_chart(title: str, bars: Sequence[tuple[str, int]], colours: Optional[dict[str, str]] = None) -> str:
    """Horizontal bars, one per (name, count), each labelled with its count (no colour needed to read)."""
    width, row, left = 420, 22, 130
    top = max((count for _, count in bars), default=0) or 1
    body = []
    for i, (name, count) in enumerate(bars):
        name = name if len(name) <= 20 else name[:19] + "\u2026"
        y, length = i * row + 4, (width - left - 60) * count / top
        colour = (colours or {}).get(name, "#56B4E9")
        body.append(f'<g><title>{html.escape(name)}: {count}</title>'
                    f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">{html.escape(name)}</text>'
                    f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{row - 6}" fill="{colour}"/>'
                    f'<text x="{left + length + 4:.1f}" y="{y + 13}">{count:,}</text></g>')
    description = ", ".join(f"{name} {count}" for name, count in bars) or "nothing to show"
    return _svg(title, description, width, max(len(bars), 1) * row + 8, body)


def status_chart(report: Report, missed_by_kind: dict[str, int]) -> str:
    """Per kind, one bar stacked from correct, wrong, spurious and missed facts; each part has
    its own pattern as well as colour, and the counts are written beside the bar."""
    fills = {"correct": "url(#p-correct)", "wrong": "url(#p-wrong)", "spurious": "url(#p-spurious)",
             "missed": "url(#p-missed)"}
    defs = ('<defs>'
            '<pattern id="p-correct" width="6" height="6" patternUnits="userSpaceOnUse">'
            '<rect width="6" height="6" fill="#009E73"/></pattern>'
            '<pattern id="p-wrong" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            '<rect width="6" height="6" fill="#E69F00"/><rect width="2" height="6" fill="#7a4f00"/></pattern>'
            '<pattern id="p-spurious" width="6" height="6" patternUnits="userSpaceOnUse">'
            '<rect width="6" height="6" fill="#D55E00"/><circle cx="3" cy="3" r="1.2" fill="#fff"/></pattern>'
            '<pattern id="p-missed" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">'
            '<rect width="6" height="6" fill="#fff"/><rect width="2" height="6" fill="#555"/></pattern></defs>')
    width, row, left = 520, 26, 80
    parts_by_kind = {}
    for kind in KINDS:
        tally = report.tallies[kind]
        wrong = sum(1 for s, g in report.wrong if g.get("kind") == kind)
        spurious = tally.system - tally.relaxed
        parts_by_kind[kind] = [("correct", tally.relaxed - wrong), ("wrong", wrong),
                               ("spurious", spurious), ("missed", missed_by_kind.get(kind, 0))]
    top = max((sum(n for _, n in parts) for parts in parts_by_kind.values()), default=0) or 1
    body, legend_y = [defs], len(KINDS) * row + 6
    for i, (kind, parts) in enumerate(parts_by_kind.items()):
        y, x = i * row + 4, float(left)
        body.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{kind}</text>')
        for status, n in parts:
            length = (width - left - 150) * n / top
            body.append(f'<rect x="{x:.1f}" y="{y}" width="{length:.1f}" height="{row - 8}" fill="{fills[status]}" '
                        f'stroke="#222" stroke-width="0.5"><title>{kind} {status}: {n}</title></rect>')
            x += length
        summary = " ".join(f"{s[0]}{n}" for s, n in parts)
        body.append(f'<text x="{x + 4:.1f}" y="{y + 14}">{summary}</text>')
    for j, status in enumerate(STATUSES):
        x = left + j * 100
        body.append(f'<rect x="{x}" y="{legend_y}" width="14" height="14" fill="{fills[status]}" stroke="#222" '
                    f'stroke-width="0.5"/><text x="{x + 18}" y="{legend_y + 12}">{status} ({status[0]})</text>')
    description = "; ".join(f"{kind}: " + ", ".join(f"{n} {s}" for s, n in parts)
                            for kind, parts in parts_by_kind.items())
    return _svg("Facts against the gold, per kind", description, width, legend_y + 22, body)


def timeline_chart(values: Iterable[str]) -> str:
    """The dated facts of the batch as a histogram over time, by month when the middle 95% of
    them span at most four years, by year up to 80 years, by decade beyond; the few far
    earlier or later dates are counted in a bar at either end rather than stretching the axis."""
    points = []
    for value in values:
        match = _TIMEX_YEAR.match(value or "")
        if match:
            points.append((int(match.group(1)), int(match.group(2)) if match.group(2) else None))
    if not points:
        return _svg("Dated facts over time", "no dated facts", 420, 30,
                    ['<text x="10" y="20">no dated facts</text>'])
    years = sorted(y for y, _ in points)
    first, last = years[int(len(years) * 0.025)], years[min(len(years) - 1, int(len(years) * 0.975))]
    if last - first < 4:
        unit, keys = "month", [(y, m) for y in range(first, last + 1) for m in range(1, 13)]
        bin_of = lambda y, m: (y, m or 1)
        name = lambda key: f"{key[0]}-{key[1]:02d}"
    elif last - first <= 80:
        unit, keys, bin_of, name = "year", list(range(first, last + 1)), (lambda y, m: y), str
    else:
        unit, keys = "decade", list(range(first // 10 * 10, last + 1, 10))
        bin_of, name = (lambda y, m: y // 10 * 10), (lambda key: f"{key}s")
    bins = Counter(bin_of(y, m) for y, m in points if first <= y <= last)
    before, after = sum(1 for y in years if y < first), sum(1 for y in years if y > last)
    columns = [("before", f"before {first}", before)] if before else []
    columns += [(name(key), name(key), bins.get(key, 0)) for key in keys]
    columns += [("after", f"after {last}", after)] if after else []
    width, height, left, bottom = 640, 200, 36, 34
    top = max(count for _, _, count in columns) or 1
    step = (width - left - 10) / len(columns)
    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#444"/>',
            f'<text x="{left - 4}" y="14" text-anchor="end">{top}</text>',
            f'<text x="{left - 4}" y="{height - bottom}" text-anchor="end">0</text>']
    label_every = max(1, math.ceil(len(columns) / 8))
    for i, (short, title, count) in enumerate(columns):
        bar = (height - bottom - 10) * count / top
        x = left + i * step
        outside = short in ("before", "after")
        if count:
            fill = "url(#p-outside)" if outside else KIND_COLOURS[DATE]
            body.append(f'<rect x="{x + step * 0.1:.1f}" y="{height - bottom - bar:.1f}" width="{max(step * 0.8, 1):.1f}" '
                        f'height="{bar:.1f}" fill="{fill}" stroke="#7a4f00" stroke-width="0.5">'
                        f'<title>{html.escape(title)}: {count}</title></rect>')
        if outside or i % label_every == 0:
            body.append(f'<text x="{x + step / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
                        f'{html.escape("earlier" if short == "before" else "later" if short == "after" else short)}</text>')
    body.insert(0, '<defs><pattern id="p-outside" width="6" height="6" patternUnits="userSpaceOnUse" '
                   'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fde9bd"/>'
                   '<rect width="2" height="6" fill="#E69F00"/></pattern></defs>')
    body.append(f'<text x="{width - 10}" y="14" text-anchor="end">by {unit}</text>')
    busiest = sorted(bins.items(), key=lambda kv: -kv[1])[:3]
    description = (f"{len(points)} dated facts, most between {first} and {last}, by {unit}"
                   + (f"; {before} earlier" if before else "") + (f"; {after} later" if after else "")
                   + "; most in " + ", ".join(f"{name(k)} ({n})" for k, n in busiest))
    return _svg("Dated facts over time", description, width, height, body)


def review_charts(review: Review) -> str:
    """The batch's charts: facts per kind (against gold if any), the dated facts on a timeline,
    and the quantity dimensions."""
    facts = [f for a in review.articles for f in a.facts if f[10] != "missed"]
    kinds = Counter(f[0] for f in facts)
    if review.report is not None:
        missed = Counter(f[0] for a in review.articles for f in a.facts if f[10] == "missed")
        first = status_chart(review.report, missed)
    else:
        first = bar_chart("Facts per kind", [(k, kinds[k]) for k in KINDS], KIND_COLOURS)
    dates = [f[5] for f in facts if f[0] == DATE and f[1] in ("DATE", "TIME")]
    dimensions = Counter(f[1] for f in facts if f[0] == QUANTITY).most_common()
    figures = [("Facts per kind", first), ("Dated facts over time", timeline_chart(dates)),
               ("Quantity dimensions", bar_chart("Quantity dimensions", dimensions, {}))]
    return "".join(f'<figure><figcaption>{title}</figcaption>{svg}</figure>' for title, svg in figures)


# ---------------------------------------------------------------- the page

def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _json_for_script(data: Any) -> str:
    """JSON that cannot end its <script> element early: every '<' is escaped."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def render_page(data: dict[str, Any], title: str, charts: str = "") -> str:
    """The self-contained HTML page for review or diff data (see `review_data`, `diff_data`)."""
    parts = {"title": html.escape(title), "style": _asset("review.css"), "charts": charts,
             "data": _json_for_script(data), "script": _asset("review.js")}
    # one pass, so nothing inserted (an article's text, say) is read as a placeholder
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], _asset("page.html"))


def review_page(review: Review) -> str:
    """The review page of a fact table: index, charts, scores and one view per article."""
    return render_page(review_data(review), f"newsfacts review: {review.name}", review_charts(review))


def diff_page(changes: Iterable[Any], articles: Sequence[Union[str, Path]] = (), name: str = "") -> str:
    """The page of a regeneration: per article, facts added, removed and changed, old beside new."""
    return render_page(diff_data(changes, articles, name), f"newsfacts changes: {name}")


def write_page(path: Union[str, Path], page: str) -> Path:
    """Write `page` to `path` atomically: a temporary file beside it, moved into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(page)
        os.chmod(name, 0o644)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return path
