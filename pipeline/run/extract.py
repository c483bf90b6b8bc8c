"""Run the pipeline over a stream of articles and yield each article's facts.

Articles are processed with ``nlp.pipe``, optionally in several forked worker processes that
share the loaded model (results identical to one process). An article longer than
``piece_chars`` is processed in pieces cut at paragraph breaks, streamed through the pipeline
and turned into rows one by one, so that its memory is that of one piece. A stage that fails
costs that stage's facts (see ``pipeline.rules.guard``); an article that fails elsewhere becomes an
``ArticleError``, and the others go on.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import re
import signal
from collections import deque
from typing import Iterable, Iterator, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.core.attrs import PARAGRAPHS, register_extensions
from pipeline.core.kinds import ENTITY
from pipeline.core.records import Article, ArticleError
from pipeline.stages.facts import doc_to_facts, merge_entity

Item = Union[Article, ArticleError]
logger = logging.getLogger("newsfacts")
#: pieces of a long article stay well under spaCy's limit: the parser's memory grows with length
PIECE_CHARS = 100_000
#: beyond this an article is refused rather than split: it is not one news article
MAX_ARTICLE_CHARS = 20_000_000
#: articles processed inside one spaCy memory zone
ZONE_ARTICLES = 256
#: a batch sent to the pipeline ends once it holds this many characters: a batch of pieces of
#: a huge article is parsed at once, and the parser's memory grows with the batch
BATCH_CHARS = PIECE_CHARS


#: control characters (NUL, BEL, ESC, DEL, C1 ...) become spaces, one for one, so offsets stay
#: true to the original text; tab, line feed and carriage return are kept
_BLANK_CONTROLS = {c: " " for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)] if chr(c) not in "\t\n\r"}


def blank_controls(text: str) -> str:
    """`text` with each control character replaced by a space: the same length, so every
    offset still points into the original; a NUL no longer glues a word to a date."""
    return text.translate(_BLANK_CONTROLS)


def make_doc(nlp: Language, article: Article, text: str | None = None) -> Doc:
    """A tokenised Doc of the article's text (control characters blanked, see
    `blank_controls`) carrying the article's id and publication date."""
    register_extensions()
    doc = nlp.make_doc(blank_controls(article.text if text is None else text))
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
    """`extract` on one process, without memory zones.

    Pieces are tokenised only as their batch is sent to the pipeline, and each processed piece
    is turned into rows at once and dropped, so a huge article costs the memory of one batch.
    """
    pending: deque[tuple[Item, Optional[_Assembly]]] = deque()  # in input order
    limit = min(piece_chars, nlp.max_length)

    def pieces() -> Iterator[tuple[Doc, _Assembly]]:
        for item in items:
            if isinstance(item, Article) and len(item.text) > MAX_ARTICLE_CHARS:
                item = ArticleError(item.id, item.origin,
                                    f"text of {len(item.text):,} characters is over the limit of "
                                    f"{MAX_ARTICLE_CHARS:,}: split it into separate articles")
            if not isinstance(item, Article):
                pending.append((item, None))
                continue
            texts = split_text(item.text, limit)
            assembly = _Assembly(item, len(texts))
            pending.append((item, assembly))
            for text in texts:
                try:
                    doc = make_doc(nlp, item, text)
                except Exception as err:  # a tokenizer failure: report it, go on
                    assembly.error = ArticleError(item.id, item.origin, f"could not tokenise: {err}")
                    break
                yield doc, assembly

    # newsfacts' own stages are guarded (pipeline.rules.guard); a failure anywhere else drops the
    # doc from the stream, and its article becomes an error row that says why
    dropped: dict[str, str] = {}

    def drop_failed_doc(proc_name, proc, docs, err) -> None:
        for doc in docs:
            logger.error("article %r: component %r failed: %s: %s", doc._.article_id, proc_name,
                         type(err).__name__, err)
            dropped[doc._.article_id] = (proc_name, f"{type(err).__name__}: {err}")

    nlp.default_error_handler = drop_failed_doc
    stream = pieces()
    carried: list[tuple[Doc, _Assembly]] = []
    while True:
        batch, carried = _batch(stream, carried, batch_size, BATCH_CHARS)
        returned = set()
        for doc, assembly in nlp.pipe(batch, as_tuples=True, batch_size=max(len(batch), 1)):
            returned.add(id(doc))
            assembly.add(doc)
        for doc, assembly in batch:
            if id(doc) not in returned and assembly.error is None:
                stage, why = dropped.get(assembly.article.id, ("?", "unknown error"))
                assembly.error = ArticleError(
                    assembly.article.id, assembly.article.origin,
                    f"the pipeline failed on this article: stage {stage!r} raised {why}; please report it "
                    f"with the article", stage=stage)
        while pending and (pending[0][1] is None or pending[0][1].done):
            item, assembly = pending.popleft()
            yield from (assembly.results() if assembly is not None else [(item, [])])
        if not batch:
            return


def _batch(stream: Iterator[tuple[Doc, "_Assembly"]], carried: list, size: int,
           chars: int) -> tuple[list[tuple[Doc, "_Assembly"]], list]:
    """The next batch from `stream` after the doc `carried` over from the last one: at most
    `size` docs, and no more characters than `chars` unless one doc alone has more.

    RETURNS (tuple): the batch, and the doc that did not fit (carried over to the next).
    """
    batch, total = list(carried), sum(len(doc.text) for doc, _ in carried)
    for nxt in stream:
        if batch and (len(batch) >= size or total + len(nxt[0].text) > chars):
            return batch, [nxt]
        batch.append(nxt)
        total += len(nxt[0].text)
    return batch, []


class _Assembly:
    """The rows of one article, gathered piece by piece as if from one merged Doc."""

    def __init__(self, article: Article, pieces: int) -> None:
        self.article = article
        self.pieces = pieces
        self.received = 0
        self.rows: list[dict] = []
        self.entities: dict[tuple, dict] = {}  # (name, label) -> the entity's first row
        self.chars = self.sentences = self.paragraphs = 0
        self.failures: list[dict] = []
        self.error: Optional[ArticleError] = None

    @property
    def done(self) -> bool:
        return self.error is not None or self.received == self.pieces

    def add(self, doc: Doc) -> None:
        """Turn the next processed piece into rows, offset to the whole article."""
        if self.error is not None:
            return
        try:
            rows = doc_to_facts(doc, self.article.id, char_offset=self.chars, sentence_offset=self.sentences,
                                paragraph_offset=self.paragraphs)
            self.chars += len(doc.text)
            self.sentences += sum(1 for _ in doc.sents)
            self.paragraphs += len(doc.spans.get(PARAGRAPHS, []))
        except Exception as err:
            self.error = ArticleError(self.article.id, self.article.origin, f"could not assemble facts: {err}")
            return
        for row in rows:
            # one row per entity per article, counting every piece's mentions
            if row["kind"] != ENTITY or merge_entity(self.entities, row):
                self.rows.append(row)
        self.failures.extend(doc._.stage_failures or [])
        self.received += 1

    def results(self) -> list[tuple[Item, list[dict]]]:
        """The article with its rows, then an error for each stage that failed on it."""
        if self.error is not None:
            return [(self.error, [])]
        return [(self.article, self.rows)] + [(stage_error(self.article, f), []) for f in self.failures]


def stage_error(article: Article, failure: dict) -> ArticleError:
    """The error row of one failed stage (see `pipeline.rules.guard`): the article's other facts stand."""
    where = f" on the sentence {failure['sentence']!r}" if failure["sentence"] else ""
    return ArticleError(article.id, article.origin,
                        f"stage {failure['stage']!r} failed{where}: {failure['error']}; the facts of that "
                        f"stage are missing for this article, its other facts are written; please report "
                        f"it with the article", stage=failure["stage"], sentence=failure["sentence"] or "")


_WORKER_NLP: Optional[Language] = None


def _extract_chunk(args: tuple[list, int, int]) -> list[tuple[Item, list[dict]]]:
    chunk, batch_size, piece_chars = args
    return list(extract(chunk, _WORKER_NLP, batch_size=batch_size, piece_chars=piece_chars))


def _worker_signals() -> None:
    """Workers leave SIGTERM and Ctrl-C to the main process, which cleans up and stops them."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


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
    with context.Pool(n_process, initializer=_worker_signals) as pool:
        in_flight: deque = deque()  # a bounded window, so memory stays flat on any input size
        for chunk in chunks:
            in_flight.append(pool.apply_async(_extract_chunk, ((chunk, batch_size, piece_chars),)))
            if len(in_flight) >= 2 * n_process:
                yield from in_flight.popleft().get()
        while in_flight:
            yield from in_flight.popleft().get()
