"""The fact table as a pandas DataFrame, for notebooks: the work behind `pipeline.extract_frame`
and `pipeline.read_facts` (imported only when they are called, so `import pipeline` stays cheap).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Iterable, Optional, Union

from spacy.language import Language

from pipeline.core.records import Article, ArticleError
from pipeline.io.articles import article_from_record, unique_ids
from pipeline.io.datasets import is_dataset
from pipeline.io.partitions import PARTITION_BYTES, RECORDS, Partition, plan_partitions, read_inputs
from pipeline.io.tables import arrow_schema, read_arrow
from pipeline.stages.facts import SCHEMA

from .extract import ERROR_SCHEMA, extract

logger = logging.getLogger("newsfacts")
PathLike = Union[str, os.PathLike]


def extract_frame(articles: Any, *, model: Union[None, PathLike, Language] = None, processes: int = 1,
                  dask: Any = None):
    """See `pipeline.extract_frame`."""
    if dask is not None and processes > 1:
        raise ValueError("give processes or dask, not both: on a cluster the workers are the processes")
    if isinstance(dask, str):
        from pipeline.core.failures import UsageFailure

        from .cluster import check_cluster_spec

        try:
            check_cluster_spec(dask, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                               else os.cpu_count() or 1, option="dask=")
        except UsageFailure as failure:
            raise ValueError(str(failure)) from None
    nlp = _pipeline(model)
    paths, records = _inputs(articles)
    rows: list[dict] = []
    errors: list[dict] = []
    if dask is None:
        items = read_inputs(paths) if paths is not None else unique_ids(
            article_from_record(record, origin) for record, origin in records)
        results = extract(items, nlp, n_process=processes)
    else:
        from .cluster import ClusterSource, connect

        with connect(dask) as client:
            source = ClusterSource(client, nlp)
            partitions = plan_partitions(paths) if paths is not None else _record_partitions(records)
            results = list(source.partition_results(partitions, {}, lambda article_id, digest: None))
    for item, item_rows in results:
        if isinstance(item, ArticleError):
            errors.append({"article_id": item.article_id, "origin": item.origin, "stage": item.stage or None,
                           "problem": item.problem, "sentence": item.sentence or None})
        else:
            rows.extend(item_rows)
    frame = _frame(rows, SCHEMA)
    frame.attrs["errors"] = _frame(errors, ERROR_SCHEMA)
    if errors:
        logger.warning("%d articles or stages failed; frame.attrs['errors'] says which and why; first: %s: %s",
                       len(errors), errors[0]["origin"], errors[0]["problem"])
    return frame


def read_facts(path: PathLike):
    """See `pipeline.read_facts`."""
    path = Path(path)
    if not (path.is_file() or is_dataset(path)):
        raise FileNotFoundError(f"{path}: no such fact table; write one with `newsfacts extract ARTICLES -o {path}`")
    return read_arrow(path, SCHEMA).to_pandas()


def _pipeline(model: Union[None, PathLike, Language]) -> Language:
    from .build import load_pipeline

    if isinstance(model, Language):
        return model
    if model is not None and not (Path(model) / "config.cfg").is_file():
        raise ValueError(f"model {model} is not a pipeline folder (no config.cfg in it): give a folder written by "
                         f"`newsfacts build -o {model}`, or None to build the pipeline")
    return load_pipeline(str(model) if model is not None else None)


def _inputs(articles: Any) -> tuple[Optional[list], Optional[list[tuple[dict, str]]]]:
    """(paths, None) or (None, records with their origins) for what `extract_frame` was given."""
    if isinstance(articles, (str, os.PathLike)):
        return [articles], None
    if hasattr(articles, "to_dict") and hasattr(articles, "columns"):  # a pandas DataFrame
        return None, [(_plain(record), f"row {index}") for index, record
                      in zip(articles.index, articles.to_dict("records"), strict=True)]
    items = list(articles)
    if items and all(isinstance(item, (str, os.PathLike)) for item in items):
        return items, None
    records = []
    for number, item in enumerate(items, 1):
        if isinstance(item, Article):
            item = {"id": item.id, "text": item.text, "published": item.published, "title": item.title,
                    "source": item.source, "language": item.language}
        records.append((_plain(item) if isinstance(item, dict) else item, f"item {number}"))
    return None, records


def _plain(record: dict) -> dict:
    """A record without pandas' missing values (NaN, NA, NaT), its dates as ISO text."""
    plain = {}
    for key, value in record.items():
        if value is None or (isinstance(value, float) and value != value) or type(value).__name__ in {"NAType",
                                                                                                     "NaTType"}:
            continue
        plain[key] = value.isoformat() if hasattr(value, "isoformat") else value
    return plain


def _record_partitions(records: list[tuple[dict, str]]) -> list[Partition]:
    """Records given in memory, cut into partitions of about `PARTITION_BYTES` of text."""
    partitions, chunk, size = [], [], 0
    for record, origin in records:
        chunk.append((record, origin))
        size += len(str(record.get("text", ""))) if isinstance(record, dict) else 0
        if size >= PARTITION_BYTES:
            partitions.append(Partition(RECORDS, records=tuple(chunk)))
            chunk, size = [], 0
    if chunk:
        partitions.append(Partition(RECORDS, records=tuple(chunk)))
    return partitions


def _frame(rows: Iterable[dict], schema: dict):
    import pyarrow as pa

    return pa.Table.from_pylist(list(rows), schema=arrow_schema(schema)).to_pandas()
