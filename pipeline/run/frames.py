"""The fact table as a pandas DataFrame, for notebooks: the work behind `pipeline.extract_frame`
and `pipeline.read_facts` (imported only when they are called, so `import pipeline` stays cheap).
A frame is made by the run every command makes (`pipeline.run.batch.run_batch`), kept in memory.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Iterable, Optional, Union

from spacy.language import Language

from pipeline.core.failures import UsageFailure
from pipeline.core.records import Article, parse_published
from pipeline.core.schema import ERROR_SCHEMA, SCHEMA
from pipeline.io.article_formats import parse_columns
from pipeline.io.articles import ARTICLE_SUFFIXES
from pipeline.io.partitions import Records, is_url
from pipeline.io.reading import read_arrow
from pipeline.io.tables import arrow_schema, is_dataset
from pipeline.language.money import DEFAULT_CURRENCY

from .batch import check_currency, run_batch
from .build import load_model

logger = logging.getLogger("newsfacts")
PathLike = Union[str, os.PathLike]


def extract_frame(articles: Any = None, *, paths: Any = None, published: Any = None,
                  model: Union[None, PathLike, Language] = None, processes: int = 1, dask: Any = None,
                  currency: str = DEFAULT_CURRENCY, columns: Union[None, str, dict] = None):
    """See `pipeline.extract_frame`."""
    if dask is not None and processes > 1:
        raise ValueError("give processes or dask, not both: on a cluster the workers are the processes")
    published = _published(published)
    columns = _columns(columns)
    inputs = _inputs(articles, paths, columns or {})
    try:
        if isinstance(dask, str):
            from .scheduler import check_cluster_spec

            check_cluster_spec(dask, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                               else os.cpu_count() or 1, option="dask=")
        currency = check_currency(currency, option="currency=")
        nlp = load_model(model, option="model=")
    except UsageFailure as failure:
        raise ValueError(str(failure)) from None
    if dask is None:
        result = run_batch(inputs, None, nlp, published=published, n_process=processes, currency=currency,
                           columns=columns)
    else:
        from .scheduler import connect

        try:
            with connect(dask) as client:
                result = run_batch(inputs, None, nlp, published=published, cluster=client, currency=currency,
                                   columns=columns)
        except UsageFailure as failure:
            raise ValueError(str(failure)) from None
    frame = _frame(result.rows, SCHEMA)
    # a list of records, not a DataFrame: pandas compares attrs with == when it concatenates
    # (nlargest, concat, groupby ...), and a DataFrame there makes every such call fail
    frame.attrs["errors"] = [{name: error.get(name) for name in ERROR_SCHEMA} for error in result.errors]
    if result.errors:
        first = result.errors[0]
        logger.warning("%d articles or stages failed; frame.attrs['errors'] says which and why; first: %s: %s",
                       len(result.errors), first["origin"], first["problem"])
    return frame


def read_facts(path: PathLike):
    """See `pipeline.read_facts`."""
    path = Path(path)
    if not (path.is_file() or is_dataset(path)):
        raise FileNotFoundError(f"{path}: no such fact table; write one with `newsfacts extract ARTICLES -o {path}`")
    return read_arrow(path, SCHEMA).to_pandas()


#: what a string that names a file or folder ends with; a text seldom ends so and never without a space
PATH_SUFFIXES = tuple(sorted({*ARTICLE_SUFFIXES, ".json", ".parquet", ".csv", "/", os.sep}))


def _inputs(articles: Any, paths: Any, columns: Optional[dict[str, str]] = None) -> Union[list, Records]:
    """What `extract_frame` was given as inputs of a run: paths of files and folders, or `Records`
    (each record with its origin: "row N" of a DataFrame, "item N" of an iterable).

    A plain `str` is always an article's text, never a file name; paths are `os.PathLike` objects or
    given with `paths=`. RAISES ValueError (FileNotFoundError for a missing path): what to give instead.
    """
    if articles is not None and paths is not None:
        raise ValueError("give articles or paths=, not both: call extract_frame once for each and "
                         "pandas.concat the frames")
    if paths is not None:
        return _paths(paths)
    if articles is None:
        raise ValueError("give the articles (texts, (text, published) pairs, dicts or a DataFrame) or paths= of "
                         "article files and folders")
    if isinstance(articles, os.PathLike):
        return _paths(articles)
    if hasattr(articles, "to_dict") and hasattr(articles, "columns"):  # a pandas DataFrame
        return _frame_records(articles, columns or {})
    if hasattr(articles, "to_frame") and hasattr(articles, "index"):  # a pandas Series of texts: its index, the ids
        return _frame_records(articles.rename((columns or {}).get("text", "text")).to_frame(), columns or {})
    if isinstance(articles, (str, dict, Article)):
        articles = [articles]  # one article
    try:
        items = list(articles)
    except TypeError:
        raise ValueError(f"articles is {type(articles).__name__}: give texts, (text, published) pairs, dicts, a "
                         f"DataFrame, or paths=") from None
    is_path = [isinstance(item, os.PathLike) for item in items]
    if items and all(is_path):
        return _paths(items)
    if any(is_path):
        raise ValueError(f"item {is_path.index(True) + 1} is a path among articles: give the files and folders "
                         f"in a call of their own, extract_frame(paths=[...])")
    records = Records()
    for number, item in enumerate(items, 1):
        records.append((_record(item, number - 1, f"item {number}"), f"item {number}"))
    return records


def _record(item: Any, index: int, where: str) -> Any:
    """One item of a list of articles as a record: a text (its id: its index), a (text, published)
    pair, a dict or an Article; anything else as it is, for the run to report."""
    if isinstance(item, str):
        return {"id": str(index), "text": _text(item, where)}
    if isinstance(item, tuple) or (isinstance(item, list) and item and isinstance(item[0], str)):
        if len(item) != 2 or not isinstance(item[0], str):
            raise ValueError(f"{where} is a tuple of {len(item)} values: give (text, published) pairs, or dicts "
                             f"with id, text and published")
        return _plain({"id": str(index), "text": _text(item[0], where), "published": item[1]})
    if isinstance(item, Article):
        item = {"id": item.id, "text": item.text, "published": item.published, "title": item.title,
                "source": item.source, "language": item.language}
    return _plain(item) if isinstance(item, dict) else item


def _text(text: str, where: str) -> str:
    """`text`, unless it can only be meant as a path (one word that names a file or folder, an
    URL, or ends as a path does): then a ValueError that says how to give paths."""
    word = text.strip()
    if word and len(word) < 4096 and not any(c.isspace() for c in word) and (
            "://" in word or word.lower().endswith(PATH_SUFFIXES) or os.path.exists(word)):
        raise ValueError(f"{where} {_shown(word)} looks like a path, not an article's text: give files and "
                         f"folders as paths=[{_shown(word)}] or as pathlib.Path objects; a plain string is a text")
    return text


def _paths(paths: Any) -> list:
    """Files, folders and URLs given as paths (str or os.PathLike, or a list of them), each there.

    RAISES FileNotFoundError: a local path that does not exist.
    """
    items = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    for item in items:
        if not isinstance(item, (str, os.PathLike)):
            raise ValueError(f"paths=: {type(item).__name__} {_shown(item)} is no path: give str or pathlib.Path")
        if not is_url(item) and not os.path.exists(item):
            note = "; give texts as articles, not as paths=" if isinstance(item, str) and " " in item else ""
            raise FileNotFoundError(f"paths=: no such file or folder: {_shown(item)}{note}")
    return items


def _frame_records(frame: Any, columns: dict[str, str]) -> Records:
    """The rows of a DataFrame as records; a row's id is its index label when there is no id column.
    `columns` names the fields' columns where they have other names (mapped by the run)."""
    text, ident = columns.get("text", "text"), columns.get("id", "id")
    if text not in frame.columns:
        raise ValueError(f"the DataFrame has no {text!r} column (its columns: {', '.join(map(str, frame.columns))}): "
                         f"rename the column of the articles' texts to 'text', or name it with columns={{'text': ...}}")
    has_id = ident in frame.columns
    return Records((_plain(record if has_id else {ident: str(index), **record}), f"row {index}") for index, record
                   in zip(frame.index, frame.to_dict("records"), strict=True))


def _published(value: Any) -> Optional[str]:
    """`published=` checked: a date for articles without their own, as YYYY-MM-DD (None: none)."""
    if value is None:
        return None
    try:
        return parse_published(value.isoformat() if hasattr(value, "isoformat") else value)
    except ValueError as err:
        raise ValueError(f"published={value!r}: {err}") from None


def _shown(value: Any) -> str:
    """A value for a one-line message: quoted, and cut short."""
    text = repr(str(value))
    return text if len(text) <= 40 else f"{text[:38]}…'"


def _plain(record: dict) -> dict:
    """A record without pandas' missing values (NaN, NA, NaT), its dates as ISO text."""
    plain = {}
    for key, value in record.items():
        if value is None or (isinstance(value, float) and value != value) or type(value).__name__ in {"NAType",
                                                                                                     "NaTType"}:
            continue
        plain[key] = value.isoformat() if hasattr(value, "isoformat") else value
    return plain


def _frame(rows: Iterable[dict], schema: dict):
    import pyarrow as pa

    return pa.Table.from_pylist(list(rows), schema=arrow_schema(schema)).to_pandas()


def _columns(columns: Union[None, str, dict]) -> Optional[dict[str, str]]:
    """`columns=` as the readers take it, checked as --columns is (`io.article_formats.parse_columns`)."""
    if columns is None:
        return None
    if not isinstance(columns, (str, dict)):
        raise ValueError(f"columns is {type(columns).__name__}: give a dict such as {{'text': 'body'}} or 'text=body'")
    try:
        return parse_columns(columns)
    except ValueError as err:
        raise ValueError(f"columns={columns!r}: {err}") from None
