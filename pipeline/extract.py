"""Run the pipeline over a stream of articles and yield each article's facts.

Articles are processed with ``nlp.pipe``, optionally in several forked worker processes that
share the loaded model (results identical to one process). An article longer than ``piece_chars`` is processed in pieces cut
at paragraph breaks and merged back into one ``Doc``. An article that fails anywhere becomes
an ``ArticleError`` and the others go on.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import re
import warnings
from collections import deque
from typing import Iterable, Iterator, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc

from .articles import Article, ArticleError
from .attrs import register_extensions
from .facts import doc_to_facts

Item = Union[Article, ArticleError]
logger = logging.getLogger("newsfacts")
ERROR_SCHEMA = {
    "article_id": ("string", "id of the article, where it could be read"),
    "origin": ("string", "file and line the article came from"),
    "stage": ("string", "the pipeline stage that failed (the article's other facts are written); "
                        "empty when the article could not be read or processed at all"),
    "problem": ("string", "what was wrong and what to do"),
    "sentence": ("string", "the sentence the stage failed on, when known"),
}
#: pieces of a long article stay well under spaCy's limit: the parser's memory grows with length
PIECE_CHARS = 100_000
#: beyond this an article is refused rather than split: it is not one news article
MAX_ARTICLE_CHARS = 20_000_000
#: articles processed inside one spaCy memory zone
ZONE_ARTICLES = 256


def skip_failed_doc(proc_name, proc, docs, err) -> None:
    """spaCy error handler: drop a doc a component failed on; `extract` reports the article,
    and the log says which component failed and why (also from a worker process)."""
    for doc in docs:
        logger.error("article %r: component %r failed: %s: %s", doc._.article_id, proc_name,
                     type(err).__name__, err)
    return None


def make_doc(nlp: Language, article: Article, text: str | None = None) -> Doc:
    """A tokenised Doc carrying the article's id and publication date."""
    register_extensions()
    doc = nlp.make_doc(article.text if text is None else text)
    doc._.article_id = article.id
    doc._.published = article.published
    return doc


def split_text(text: str, limit: int) -> list[str]:
    """Cut `text` into pieces of at most `limit` characters, at paragraph breaks if possible,
    else at sentence ends, else at spaces; the pieces join back into `text` exactly."""
    pieces = []
    while len(text) > limit:
        window = text[:limit]
        cut = window.rfind("\n") + 1
        if cut <= limit // 4:
            ends = [m.end() for m in re.finditer(r"[.!?][\"')\]]*\s+", window)]
            cut = ends[-1] if ends and ends[-1] > limit // 4 else window.rfind(" ") + 1
        if cut <= 0:
            cut = limit
        pieces.append(text[:cut])
        text = text[cut:]
    pieces.append(text)
    return pieces


def extract(items: Iterable[Item], nlp: Language, *, n_process: int = 1, batch_size: int = 16,
            piece_chars: int = PIECE_CHARS) -> Iterator[tuple[Item, list[dict]]]:
    """Process articles in input order; yield (article, rows) or (error, []).

    items (Iterable): what `read_articles` yields; anything that is not an Article (an
        ArticleError, a reused result) passes through in its place, with no rows.
    nlp (Language): the newsfacts pipeline.
    n_process (int): worker processes, each with the model loaded once; the results are
        the same for any number.
    batch_size (int): documents per batch sent to the pipeline.
    piece_chars (int): longer articles are processed in pieces of at most this length.
    YIELDS (tuple): each input with its fact rows; failed inputs come as ArticleError.
    """
    if n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
        yield from _extract_in_workers(items, nlp, n_process, batch_size, piece_chars)
        return
    items = iter(items)
    while True:
        chunk = list(itertools.islice(items, ZONE_ARTICLES))
        if not chunk:
            return
        # strings spaCy interns for these articles are freed when the zone closes, so a long
        # run's memory stays flat; rows are plain Python values and outlive it
        with nlp.memory_zone():
            results = list(_extract_stream(chunk, nlp, batch_size, piece_chars))
        yield from results


def _extract_stream(items: Iterable, nlp: Language, batch_size: int,
                    piece_chars: int) -> Iterator[tuple[Item, list[dict]]]:
    """`extract` on one process, without memory zones."""
    pending: deque[Item] = deque()
    limit = min(piece_chars, nlp.max_length)

    def feed() -> Iterator[tuple[Doc, tuple[str, int, int]]]:
        for item in items:
            if isinstance(item, Article) and len(item.text) > MAX_ARTICLE_CHARS:
                item = ArticleError(item.id, item.origin,
                                    f"text of {len(item.text):,} characters is over the limit of "
                                    f"{MAX_ARTICLE_CHARS:,}: split it into separate articles")
            pending.append(item)
            if not isinstance(item, Article):
                continue
            pieces = split_text(item.text, limit)
            try:
                docs = [make_doc(nlp, item, piece) for piece in pieces]
            except Exception as err:  # a tokenizer failure: report it, go on
                pending[-1] = ArticleError(item.id, item.origin, f"could not tokenise: {err}")
                continue
            for index, doc in enumerate(docs):
                yield doc, (item.id, index, len(docs))

    # newsfacts' own components (the only ones that can fail on odd text) use the default
    # handler: the failed doc leaves the stream and is reported below
    nlp.default_error_handler = skip_failed_doc
    failed = "the pipeline failed on this article (the log above says where); please report it with the article"
    gathered: list[Doc] = []
    for doc, (article_id, index, count) in nlp.pipe(feed(), as_tuples=True, batch_size=batch_size):
        # everything queued before this article has been dealt with, or failed
        while pending and not (isinstance(pending[0], Article) and pending[0].id == article_id):
            item = pending.popleft()
            yield (ArticleError(item.id, item.origin, failed) if isinstance(item, Article) else item), []
            gathered = []
        if index != len(gathered):  # a piece went missing: the article failed
            continue
        gathered.append(doc)
        if index < count - 1:
            continue
        article = pending.popleft()
        yield from _facts(article, gathered)
        gathered = []
    while pending:
        item = pending.popleft()
        yield (ArticleError(item.id, item.origin, failed) if isinstance(item, Article) else item), []


def _facts(article: Article, docs: list[Doc]) -> list[tuple[Item, list[dict]]]:
    """The article with its rows, then an error for each stage that failed on it."""
    try:
        if len(docs) == 1:
            doc = docs[0]
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # W101: doc extensions are set again below
                doc = Doc.from_docs(docs, ensure_whitespace=False)
            doc._.article_id, doc._.published = article.id, article.published
        done = [(article, doc_to_facts(doc, article.id))]
    except Exception as err:
        return [(ArticleError(article.id, article.origin, f"could not assemble facts: {err}"), [])]
    for piece in docs:
        done.extend((stage_error(article, failure), []) for failure in piece._.stage_failures or [])
    return done


def stage_error(article: Article, failure: dict) -> ArticleError:
    """The error row of one failed stage (see `pipeline.guard`): the article's other facts stand."""
    where = f" on the sentence {failure['sentence']!r}" if failure["sentence"] else ""
    return ArticleError(article.id, article.origin,
                        f"stage {failure['stage']!r} failed{where}: {failure['error']}; the facts of that "
                        f"stage are missing for this article, its other facts are written; please report "
                        f"it with the article", stage=failure["stage"], sentence=failure["sentence"] or "")


_WORKER_NLP: Optional[Language] = None


def _extract_chunk(args: tuple[list, int, int]) -> list[tuple[Item, list[dict]]]:
    chunk, batch_size, piece_chars = args
    return list(extract(chunk, _WORKER_NLP, batch_size=batch_size, piece_chars=piece_chars))


def _extract_in_workers(items: Iterable, nlp: Language, n_process: int, batch_size: int,
                        piece_chars: int) -> Iterator[tuple[Item, list[dict]]]:
    """Run `extract` on chunks of articles in forked workers that share the loaded model.

    Each worker tokenises, parses and assembles the facts of its chunk and sends back rows,
    which are small, rather than Docs; chunks come back in input order.
    """
    global _WORKER_NLP
    _WORKER_NLP = nlp  # inherited by the forked workers: the model is loaded once
    items = iter(items)
    chunks = iter(lambda: list(itertools.islice(items, batch_size)), [])
    context = multiprocessing.get_context("fork")
    with context.Pool(n_process) as pool:
        in_flight: deque = deque()  # a bounded window, so memory stays flat on any input size
        for chunk in chunks:
            in_flight.append(pool.apply_async(_extract_chunk, ((chunk, batch_size, piece_chars),)))
            if len(in_flight) >= 2 * n_process:
                yield from in_flight.popleft().get()
        while in_flight:
            yield from in_flight.popleft().get()
