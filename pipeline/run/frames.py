"""The fact table as a pandas DataFrame, for notebooks: the work behind `pipeline.extract_frame`
and `pipeline.read_facts` (imported only when they are called, so `import pipeline` stays cheap).
A frame is made by the run every command makes (`pipeline.run.batch.run_batch`), kept in memory.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Iterable, Union

from spacy.language import Language

from pipeline.core.failures import UsageFailure
from pipeline.core.records import Article
from pipeline.core.schema import ERROR_SCHEMA, SCHEMA
from pipeline.io.partitions import Records
from pipeline.io.reading import read_arrow
from pipeline.io.tables import arrow_schema, is_dataset
from pipeline.language.money import DEFAULT_CURRENCY

from .batch import check_currency, run_batch
from .build import load_model

logger = logging.getLogger("newsfacts")
PathLike = Union[str, os.PathLike]


def extract_frame(articles: Any, *, model: Union[None, PathLike, Language] = None, processes: int = 1,
                  dask: Any = None, currency: str = DEFAULT_CURRENCY):
    """See `pipeline.extract_frame`."""
    if dask is not None and processes > 1:
        raise ValueError("give processes or dask, not both: on a cluster the workers are the processes")
    try:
        if isinstance(dask, str):
            from .scheduler import check_cluster_spec

            check_cluster_spec(dask, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                               else os.cpu_count() or 1, option="dask=")
        currency = check_currency(currency, option="currency=")
        nlp = load_model(model, option="model=")
    except UsageFailure as failure:
        raise ValueError(str(failure)) from None
    inputs = _inputs(articles)
    if dask is None:
        result = run_batch(inputs, None, nlp, n_process=processes, currency=currency)
    else:
        from .scheduler import connect

        try:
            with connect(dask) as client:
                result = run_batch(inputs, None, nlp, cluster=client, currency=currency)
        except UsageFailure as failure:
            raise ValueError(str(failure)) from None
    frame = _frame(result.rows, SCHEMA)
    frame.attrs["errors"] = _frame(result.errors, ERROR_SCHEMA)
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


def _inputs(articles: Any) -> Union[list, Records]:
    """What `extract_frame` was given as inputs of a run: paths of files and folders, or `Records`
    (each record with its origin: "row N" of a DataFrame, "item N" of an iterable)."""
    if isinstance(articles, (str, os.PathLike)):
        return [articles]
    if hasattr(articles, "to_dict") and hasattr(articles, "columns"):  # a pandas DataFrame
        return Records((_plain(record), f"row {index}") for index, record
                       in zip(articles.index, articles.to_dict("records"), strict=True))
    items = list(articles)
    if items and all(isinstance(item, (str, os.PathLike)) for item in items):
        return items
    records = Records()
    for number, item in enumerate(items, 1):
        if isinstance(item, Article):
            item = {"id": item.id, "text": item.text, "published": item.published, "title": item.title,
                    "source": item.source, "language": item.language}
        records.append((_plain(item) if isinstance(item, dict) else item, f"item {number}"))
    return records


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
