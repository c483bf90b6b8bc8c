"""A failure inside one of newsfacts' stages costs that stage's facts for that article only.

``@guarded(...)`` wraps a component's ``__call__(doc) -> Doc``. When the stage raises, the
failure (stage, exception, sentence) is recorded in ``doc._.stage_failures``, the span groups
the stage writes are emptied, and the doc goes on to the next stage; the batch turns each
recorded failure into an error row and writes the article's other facts. Nothing is done
and nothing is spent while no stage fails: the failing sentence is found afterwards, from the
tokens and spans the failing code held in its frames.
"""

from __future__ import annotations

import functools
import logging
from typing import Callable, Iterable, Optional

from spacy.tokens import Doc, Span, Token

logger = logging.getLogger("newsfacts")
#: a sentence quoted in an error row is cut to this many characters
SENTENCE_CHARS = 300

Call = Callable[[object, Doc], Doc]


def guarded(*span_groups: str, span_attrs: Iterable[str] = ()) -> Callable[[Call], Call]:
    """Decorate a component's `__call__` so that its failure costs only its own results.

    span_groups (str): the `doc.spans` groups the stage writes; emptied when it fails.
    span_attrs (Iterable[str]): span extensions the stage sets on others' spans (e.g. "about");
        reset to None on every span when it fails.
    RETURNS (Callable): the decorator.
    """
    span_attrs = tuple(span_attrs)

    def decorate(call: Call) -> Call:
        @functools.wraps(call)
        def guarded_call(self, doc: Doc) -> Doc:
            try:
                return call(self, doc)
            except Exception as err:  # noqa: BLE001 -- any failure of this stage, on this doc
                record_failure(doc, getattr(self, "name", type(self).__name__), err)
                for group in span_groups:
                    doc.spans[group] = []
                for group in list(doc.spans.values()) if span_attrs else ():
                    for span in group:
                        for attr in span_attrs:
                            setattr(span._, attr, None)
                return doc

        return guarded_call

    return decorate


def record_failure(doc: Doc, stage: str, err: BaseException) -> dict:
    """Add one failure to `doc._.stage_failures` and log it.

    doc (Doc): the document the stage failed on.
    stage (str): the component's name in the pipeline.
    err (BaseException): what it raised.
    RETURNS (dict): stage, error ("Type: message"), sentence (or None), start (char offset or None).
    """
    start = _failing_position(doc, err)
    failure = {"stage": stage, "error": f"{type(err).__name__}: {err}",
               "sentence": sentence_at(doc, start) if start is not None else None,
               "start": doc[start].idx if start is not None else None}
    doc._.stage_failures = [*(doc._.stage_failures or []), failure]
    logger.error("article %r: stage %r failed: %s (sentence: %r)", doc._.article_id, stage,
                 failure["error"], failure["sentence"])
    return failure


def _failing_position(doc: Doc, err: BaseException) -> Optional[int]:
    """The token the failing code was working on: the innermost frame holding a token or span
    of `doc` among its local variables."""
    frames = []
    tb = err.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    for frame in reversed(frames):
        for value in frame.f_locals.values():
            if isinstance(value, Token) and value.doc is doc:
                return value.i
            if isinstance(value, Span) and value.doc is doc and len(value):
                return value.start
    return None


def sentence_at(doc: Doc, i: int) -> str:
    """The sentence holding token `i`; before the parser has run, its line."""
    try:
        text = doc[i].sent.text
    except ValueError:  # no sentence boundaries yet
        start = doc.text.rfind("\n", 0, doc[i].idx) + 1
        end = doc.text.find("\n", doc[i].idx)
        text = doc.text[start:end if end >= 0 else len(doc.text)]
    text = text.strip()
    return text if len(text) <= SENTENCE_CHARS else text[:SENTENCE_CHARS - 1] + "\u2026"
