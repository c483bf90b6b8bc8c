"""HTML review pages: a fact table shown on its articles (with gold), and a regeneration's changes.

Each page is one self-contained HTML file: style, script, data and SVG charts are inline, and a
Content-Security-Policy forbids the page any network access, so it works opened from disk or
sent by mail. The page's script (``assets/review.js``) renders the index (filter, sort,
pages of 100 rows) and each article only when it is opened, so 1,000 articles still load
quickly.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence, Union

from pipeline.core.kinds import DATE, QUANTITY
from pipeline.core.records import Article
from pipeline.evaluation.check import TABLE_REMEDY, gold_files, unreadable_reason
from pipeline.evaluation.gold import GoldError, read_gold
from pipeline.evaluation.score import KINDS, Report, score_article
from pipeline.io.articles import read_articles
from pipeline.io.reading import read_table
from pipeline.io.writing import atomic_text

from .charts import KIND_COLOURS, bar_chart, status_chart, timeline_chart

ASSETS = Path(__file__).with_name("assets")

#: one fact in the page's data, as an array in this order (the script reads the same list)
FACT_FIELDS = ("kind", "label", "start", "end", "text", "value", "about", "modifier", "detail",
               "mentions", "status", "gold", "sentence")

#: gold status of a fact: found with the right value and label, found with a wrong one, found
#: by the pipeline only, or in the gold only


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
    number and unit as written and the SI value ("1,935.3 gram = 1.9353 kg"), thousands
    separated, where that says more than the value ("3,100,000,000 USD" says it all); money in
    the reference currency ("≈ 144,085,459,109 USD at the rate of 2024-02-29"); the date the
    quantity belongs to ("when 2024-Q1"); for a date the interval it names, where its value alone
    does not say it ("2019-01-01 to 2019-01-31"), or a duration's length in seconds."""
    if row.get("kind") == DATE:
        return _period(row)
    if row.get("kind") != QUANTITY:
        return ""
    parts = [_written(row), _in_reference_currency(row)]
    if row.get("when"):
        parts.append(f"when {row['when']}")
    return "; ".join(part for part in parts if part)


def _written(row: dict[str, Any]) -> str:
    number, number_max = _number(row.get("number")), _number(row.get("number_max"))
    if number is None:
        return ""
    written = _format(number) + (f"-{_format(number_max)}" if number_max is not None else "")
    if row.get("unit"):
        written += f" {row['unit']}"
    si_value, si_max = _number(row.get("si_value")), _number(row.get("si_value_max"))
    detail = written
    if row.get("si_unit") and si_value is not None:
        si = _format(si_value) + (f"-{_format(si_max)}" if si_max is not None else "") + f" {row['si_unit']}"
        detail = written if si == written else f"{written} = {si}"
    return "" if detail == shown_value(row) else detail


def _period(row: dict[str, Any]) -> str:
    """A date's interval (`period_start` to `period_end`, the end excluded) as days, or as minutes
    when it does not fall on whole days; one day says no more than its value; a duration's seconds."""
    if row.get("label") == "DURATION" and _number(row.get("si_value")) is not None:
        return f"{_format(_number(row['si_value']))} s"
    start, end = _timestamp(row.get("period_start")), _timestamp(row.get("period_end"))
    if start is None or end is None:
        return ""
    if start.time() == end.time() == datetime.min.time():
        last = end - timedelta(days=1)
        return "" if last == start else f"{start:%Y-%m-%d} to {last:%Y-%m-%d}"
    return f"{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}"


def _timestamp(value: Any) -> Optional[datetime]:
    """A timestamp as the table holds it (datetime, pandas Timestamp or ISO text); None if empty."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)) or str(value) == "NaT":
        return None
    try:
        return datetime.fromisoformat(str(value).replace("T", " "))
    except ValueError:
        return None


def _in_reference_currency(row: dict[str, Any]) -> str:
    """Money in another currency than the reference one, converted (`language.money`)."""
    amount, amount_max = _number(row.get("amount")), _number(row.get("amount_max"))
    if amount is None or not row.get("amount_unit") or row.get("amount_unit") == row.get("unit"):
        return ""
    converted = _format(round(amount)) + (f"-{_format(round(amount_max))}" if amount_max is not None else "")
    return f"≈ {converted} {row['amount_unit']} at the rate of {row.get('rate_date')}"


#: a number in a fact's value ("3100000000 USD", "2000000-9999999 person", "1.9353 kg")
_VALUE_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")


def shown_value(row: dict[str, Any]) -> str:
    """A fact's value as the page shows it: a quantity's numbers with thousands separated
    ("3,100,000,000 USD"); another fact's value as it is."""
    value = "" if row.get("value") is None else str(row["value"])
    if row.get("kind") != QUANTITY:
        return value
    return _VALUE_NUMBER.sub(lambda m: _format(float(m.group(0))), value)


def _number(value: Any) -> Optional[float]:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _format(number: float) -> str:
    """A number with thousands separated, as short as it is exact to six decimals ("1,935.3")."""
    if number == int(number) and abs(number) < 1e15:
        return f"{int(number):,}"
    if 1e-3 <= abs(number) < 1e15:
        return f"{number:,.6f}".rstrip("0").rstrip(".")
    return f"{number:g}"


def _fact(row: dict[str, Any], status: Optional[str] = None, gold: str = "", sentence: bool = False) -> list[Any]:
    """A fact-table row (or gold fact) as the page's compact array of FACT_FIELDS; its sentence
    only with `sentence` (a page that shows the article's text does not need it)."""
    mentions = row.get("mentions")
    return [row.get("kind") or "", row.get("label") or "", int(row["start"]), int(row["end"]),
            row.get("text") or "", shown_value(row),
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
                  gold: Sequence[Union[str, Path]] = (), **reading: Any) -> Review:
    """Read a fact table, its articles and their gold into what the review page shows.

    table (str | Path): a fact table written by `newsfacts extract`.
    articles (Sequence[str | Path]): article files or folders (e.g. corpus/) for the texts.
    gold (Sequence[str | Path]): gold files or folders (<id>.gold.jsonl); their articles'
        texts must be among `articles`.
    reading: `published=`, `columns=`, as `read_articles` takes them.
    RETURNS (Review): every article of the table (and of its manifest: those with no facts),
        in table order, with gold status and scores where gold exists; a problem with one
        article is noted on that article and never stops the others.
    RAISES ReviewError: when the table cannot be read.
    """
    from pipeline.core.schema import SCHEMA
    from pipeline.io.paths import errors_path, manifest_path
    from pipeline.io.tables import is_dataset

    table = Path(table)
    if not (table.is_file() or is_dataset(table)):
        raise ReviewError(f"{table}: no such fact table; write one with `newsfacts extract ARTICLES -o {table}`")
    try:
        rows = read_table(table, SCHEMA)
    except Exception as error:  # pyarrow, csv and json each raise their own; TableError: not a fact table
        raise ReviewError(f"{table}: cannot read the fact table: {unreadable_reason(error)}; {TABLE_REMEDY}") from None
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
        texts = {a.id: a for a in read_articles([*articles, *gold], **reading) if isinstance(a, Article)}
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
              name: str = "", **reading: Any) -> dict[str, Any]:
    """The diff page's data: per article, the facts added, removed and changed.

    changes (Iterable[ArticleChange]): `BatchResult.changes` of an incremental run.
    articles (Sequence[str | Path]): the inputs of the run, for titles and dates.
    name (str): the table regenerated.
    reading: `published=`, `columns=`, as `read_articles` takes them.
    """
    known = {a.id: a for a in read_articles(articles, **reading) if isinstance(a, Article)} if articles else {}
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


def diff_page(changes: Iterable[Any], articles: Sequence[Union[str, Path]] = (), name: str = "",
              **reading: Any) -> str:
    """The page of a regeneration: per article, facts added, removed and changed, old beside new."""
    return render_page(diff_data(changes, articles, name, **reading), f"newsfacts changes: {name}")


def write_page(path: Union[str, Path], page: str) -> Path:
    """Write `page` to `path` atomically: a temporary file beside it, moved into place.

    RAISES OutputError: the page cannot be written (disk full, read-only folder); nothing was.
    """
    from pipeline.core.failures import OutputError
    from pipeline.io.paths import written_name

    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_text(path, page)
    except OSError as err:
        raise OutputError(f"cannot write {written_name(err.filename or path)}: {err.strerror or err}; nothing was "
                          f"written (a previous {path.name} is unchanged); free some space or choose a folder "
                          f"you may write to") from None
    return path
