"""Run the pipeline over a stream of articles and yield each article's facts.

Articles are processed with ``nlp.pipe`` (optionally in several processes); an article
that fails anywhere becomes an ``ArticleError`` and the others go on.
"""

from __future__ import annotations

from collections import deque
from typing import Iterable, Iterator, Union

from spacy.language import Language
from spacy.tokens import Doc

from .articles import Article, ArticleError
from .attrs import register_extensions
from .facts import doc_to_facts

Item = Union[Article, ArticleError]
ERROR_SCHEMA = {
    "article_id": ("string", "id of the article, where it could be read"),
    "origin": ("string", "file and line the article came from"),
    "problem": ("string", "what was wrong and what to do"),
}


def skip_failed_doc(proc_name, proc, docs, err) -> None:
    """spaCy error handler: drop a doc a component failed on; `extract` reports it."""
    return None


def make_doc(nlp: Language, article: Article) -> Doc:
    """A tokenised Doc carrying the article's id and publication date."""
    register_extensions()
    doc = nlp.make_doc(article.text)
    doc._.article_id = article.id
    doc._.published = article.published
    return doc


def extract(items: Iterable[Item], nlp: Language, *, n_process: int = 1,
            batch_size: int = 16) -> Iterator[tuple[Item, list[dict]]]:
    """Process articles in input order; yield (article, rows) or (error, []).

    items (Iterable[Article | ArticleError]): what `read_articles` yields.
    nlp (Language): the newsfacts pipeline.
    n_process (int): worker processes for `nlp.pipe`; results are the same for any number.
    batch_size (int): articles per batch sent to the pipeline.
    YIELDS (tuple): each input with its fact rows; failed inputs come as ArticleError.
    """
    pending: deque[Item] = deque()

    def feed() -> Iterator[tuple[Doc, str]]:
        for item in items:
            if isinstance(item, Article) and len(item.text) > nlp.max_length:
                item = ArticleError(item.id, item.origin,
                                    f"text of {len(item.text):,} characters is over the limit of "
                                    f"{nlp.max_length:,}: split the article")
            pending.append(item)
            if isinstance(item, Article):
                try:
                    doc = make_doc(nlp, item)
                except Exception as err:  # tokenizer failure: report, go on
                    pending[-1] = ArticleError(item.id, item.origin, f"could not tokenise: {err}")
                    continue
                yield doc, item.id

    # newsfacts' own components (the only ones that can fail on odd text) use the default
    # handler: the failed doc leaves the stream and is reported below
    nlp.default_error_handler = skip_failed_doc
    outputs = nlp.pipe(feed(), as_tuples=True, n_process=n_process, batch_size=batch_size)
    for doc, article_id in outputs:
        while pending:
            item = pending.popleft()
            if isinstance(item, ArticleError):
                yield item, []
            elif item.id == article_id:
                try:
                    yield item, doc_to_facts(doc, item.id)
                except Exception as err:
                    yield ArticleError(item.id, item.origin, f"could not assemble facts: {err}"), []
                break
            else:
                yield ArticleError(item.id, item.origin, "the pipeline failed on this article"), []
    while pending:
        item = pending.popleft()
        if isinstance(item, Article):
            item = ArticleError(item.id, item.origin, "the pipeline failed on this article")
        yield item, []
