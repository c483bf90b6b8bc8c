"""The same fact table on a Dask cluster: a local one (`local:N`) or any running scheduler.

The client plans partitions of the inputs (`pipeline.io.partitions`: byte ranges, row groups,
groups of files; it reads no article text) and sends one task per partition. Each worker
loads the pipeline once, from a copy of the client's saved pipeline that a worker plugin
carries (`PipelinePlugin`), reads its partition from storage itself, and streams it through
`pipeline.run.extract.extract`, the code of a local run; it sends back the fact rows, without the
articles' texts. The client takes the partitions' results in input order, so that line numbers,
duplicate ids and the rows come out exactly as in a run on one machine, and writes them.

A worker that dies costs the retry of the partitions it held (Dask reschedules them on the
others, and its nanny starts a new worker, which loads the pipeline again); a partition that
fails for good becomes an error row, and the other partitions are written.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import tarfile
import tempfile
import threading
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from spacy.language import Language

from pipeline.core.failures import UsageFailure
from pipeline.core.records import Article, ArticleError, Reused, article_hash
from pipeline.io.partitions import ERRORS, JSONL, PARTITION_BYTES, Partition, PartitionReader, plan_partitions, rebase_origin

from .build import pipeline_fingerprint
from .extract import extract

try:
    from distributed import WorkerPlugin
except ImportError:  # the dask extra is not installed: check_cluster_spec says so before any use
    WorkerPlugin = object

logger = logging.getLogger("newsfacts")

#: a task that raises is tried this many more times (an input that a worker could not read for a
#: moment); a worker that dies is not counted here: Dask reschedules its tasks by itself
RETRIES = 2


class PipelinePlugin(WorkerPlugin):
    """A Dask worker plugin that gives each worker the client's pipeline, loaded once.

    It carries the pipeline as saved by `nlp.to_disk` (a gzipped tar of some 13 MB), so that
    the workers need newsfacts installed and nothing else: each new worker (one that joins, or
    a nanny's replacement for a dead one) unpacks it into its local directory and loads it with
    `spacy.load`, and refuses to work if its pipeline's fingerprint differs from the client's
    (another newsfacts version, say), since its rows would differ.
    """

    def __init__(self, archive: bytes, fingerprint: str) -> None:
        """
        archive (bytes): the saved pipeline folder as a gzipped tar, its files under "model/".
        fingerprint (str): the client's `pipeline_fingerprint`.
        """
        self.archive = archive
        self.fingerprint = fingerprint
        self.nlp: Optional[Language] = None
        self.lock = threading.Lock()

    def __getstate__(self) -> dict:
        return {"archive": self.archive, "fingerprint": self.fingerprint}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["archive"], state["fingerprint"])

    def setup(self, worker: Any) -> None:
        """Unpack and load the pipeline on `worker` (called by Dask on each worker)."""
        import spacy

        folder = Path(worker.local_directory) / f"newsfacts-{self.fingerprint}"
        if not (folder / "model" / "config.cfg").is_file():
            unpacking = Path(tempfile.mkdtemp(dir=worker.local_directory))
            with tarfile.open(fileobj=io.BytesIO(self.archive), mode="r:gz") as tar:
                # only plain files inside the folder; the filter argument came with Python 3.11.4
                tar.extractall(unpacking, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
            shutil.rmtree(folder, ignore_errors=True)
            os.rename(unpacking, folder)
        self.nlp = spacy.load(folder / "model")
        found = pipeline_fingerprint(self.nlp)
        if found != self.fingerprint:
            raise RuntimeError(f"worker {worker.address}: its pipeline's fingerprint is {found}, the client's "
                               f"{self.fingerprint}: install the same newsfacts version on the workers")
        self.archive = b""  # loaded: the copy is no longer needed in memory


def pipeline_archive(nlp: Language) -> bytes:
    """The pipeline saved with `nlp.to_disk`, as a gzipped tar with its files under "model/"."""
    with tempfile.TemporaryDirectory() as folder:
        nlp.to_disk(Path(folder) / "model")
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz", compresslevel=1) as tar:
            tar.add(Path(folder) / "model", arcname="model")
    return buffer.getvalue()


def install_pipeline(client: Any, nlp: Language) -> str:
    """Make sure every worker of `client`'s cluster has `nlp` loaded (see `PipelinePlugin`).

    RETURNS (str): the plugin's name, which tasks use to find the pipeline.
    RAISES UsageFailure: a worker could not load it; says which and why.
    """
    fingerprint = pipeline_fingerprint(nlp)
    name = f"newsfacts-{fingerprint}"
    if not client.run_on_scheduler(_has_worker_plugin, name=name):
        answers = client.register_plugin(PipelinePlugin(pipeline_archive(nlp), fingerprint), name=name)
        failed = {worker: answer for worker, answer in (answers or {}).items()
                  if isinstance(answer, dict) and answer.get("status") != "OK"}
        if failed:
            worker, answer = next(iter(failed.items()))
            raise UsageFailure(f"{len(failed)} Dask workers could not load the pipeline ({worker}: "
                               f"{answer.get('exception') or answer}); install this newsfacts version on them")
    return name


def _has_worker_plugin(dask_scheduler: Any, name: str) -> bool:
    return name in dask_scheduler.worker_plugins


@dataclass
class PartitionResult:
    """What a worker sends back for one partition: no article text, only ids, hashes and rows.

    lines: the lines of a JSON Lines partition (to number the next partition's lines).
    read: (id, hash, origin) of each article read, in order.
    results: (article without its text, or Reused, or ArticleError; its rows) in order.
    """

    lines: int = 0
    read: list[tuple[str, str, str]] = field(default_factory=list)
    results: list[tuple[Any, list[dict]]] = field(default_factory=list)


def extract_partition(partition: Partition, published: Optional[str], batch_size: int, plugin_name: str,
                      reuse: dict[str, str], columns: Optional[dict[str, str]] = None) -> PartitionResult:
    """The task run on a worker: read one partition and extract its facts with the worker's
    pipeline, as `extract` does on one machine.

    reuse (dict[str, str]): article id -> hash of the articles whose previous rows stand: those
        are not processed again, and come back as `Reused` without rows.
    columns (Optional[dict]): article field -> its name in the records (`read_articles`).
    RETURNS (PartitionResult): the partition's rows and errors, in input order.
    """
    from distributed import get_worker

    plugin = get_worker().plugins[plugin_name]
    if plugin.nlp is None:
        raise RuntimeError(f"the pipeline is not loaded on worker {get_worker().address}")
    reader = PartitionReader(partition, published, columns=columns)
    result = PartitionResult()

    def items() -> Iterator[Any]:
        for item in reader:
            if isinstance(item, Article):
                digest = article_hash(item)
                result.read.append((item.id, digest, item.origin))
                if reuse.get(item.id) == digest:
                    yield Reused(item, None)
                    continue
            yield item

    with plugin.lock:  # one partition at a time: a spaCy pipeline is not shared between threads
        for item, rows in extract(items(), plugin.nlp, batch_size=batch_size):
            if isinstance(item, Reused):
                item = Reused(replace(item.article, text=""), None)
            elif isinstance(item, Article):
                item = replace(item, text="")  # the text stays on the worker
            result.results.append((item, rows))
    result.lines = reader.lines
    return result


class ClusterSource:
    """Articles read and processed on a Dask cluster; see the module docstring. Used by
    `pipeline.run.batch.run_batch` in place of a local run."""

    def __init__(self, client: Any, nlp: Language, *, published: Optional[str] = None, batch_size: int = 16,
                 partition_bytes: Optional[int] = None, columns: Optional[dict[str, str]] = None) -> None:
        """
        client (distributed.Client): the cluster's client.
        nlp (Language): the pipeline, sent to the workers.
        published (Optional[str]): publication date for articles whose metadata has none.
        batch_size (int): documents per batch on a worker.
        partition_bytes (Optional[int]): about how many bytes of input one task reads.
        columns (Optional[dict]): article field -> its name in the records (`read_articles`).
        """
        self.client, self.nlp, self.published, self.batch_size = client, nlp, published, batch_size
        self.columns = columns
        self.partition_bytes = partition_bytes or PARTITION_BYTES

    def results(self, inputs: Iterable, reuse: dict[str, str], note: Callable[[str, str], None]
                ) -> Iterator[tuple[Any, list[dict]]]:
        """Each article with its rows (a `Reused` one without), or an error, in input order.

        inputs (Iterable): files, folders and URLs (see `plan_partitions`).
        reuse (dict[str, str]): article id -> hash of the articles whose previous rows stand.
        note (Callable): called with the id and hash of each article read, in input order.
        """
        return self.partition_results(plan_partitions(inputs, self.partition_bytes), reuse, note)

    def partition_results(self, partitions: list[Partition], reuse: dict[str, str],
                          note: Callable[[str, str], None]) -> Iterator[tuple[Any, list[dict]]]:
        """`results` of partitions already planned."""
        from distributed import as_completed

        client = self.client
        plugin_name = install_pipeline(client, self.nlp)
        [reuse_on_workers] = client.scatter([reuse], broadcast=True) if reuse else [{}]
        run = uuid.uuid4().hex[:8]
        futures = {}
        for index, partition in enumerate(partitions):
            if partition.kind != ERRORS:
                futures[client.submit(extract_partition, partition, self.published, self.batch_size, plugin_name,
                                      reuse_on_workers, self.columns, key=f"newsfacts-{run}-{index:06d}", retries=RETRIES,
                                      pure=False)] = index
        arrived: dict[int, Union[PartitionResult, BaseException]] = {}
        following = _InputOrder(note)
        try:
            ready = as_completed(list(futures))
            position = 0
            while position < len(partitions):
                if partitions[position].kind == ERRORS:
                    arrived[position] = PartitionResult(results=[(e, []) for e in partitions[position].errors])
                while position not in arrived:
                    future = next(ready)
                    try:
                        arrived[futures[future]] = future.result()
                    except Exception as err:  # the task failed for good (or killed worker after worker)
                        arrived[futures[future]] = err
                    future.release()
                yield from following.take(partitions[position], arrived.pop(position))
                position += 1
        finally:
            client.cancel(list(futures))


class _InputOrder:
    """Turns partition results, taken in input order, into the stream a local run gives: line
    numbers counted from each file's start, duplicate ids found across partitions."""

    def __init__(self, note: Callable[[str, str], None]) -> None:
        self.note = note
        self.first_seen: dict[str, str] = {}  # article id -> origin of its first occurrence
        self.lines_before: dict[str, int] = {}  # JSON Lines file -> lines in its partitions so far

    def take(self, partition: Partition, result: Union[PartitionResult, BaseException]
             ) -> Iterator[tuple[Any, list[dict]]]:
        if isinstance(result, BaseException):
            yield _failed_partition(partition, result), []
            return
        base = self.lines_before.get(partition.source, 0) if partition.kind == JSONL else 0
        if partition.kind == JSONL:
            self.lines_before[partition.source] = base + result.lines
        origin = (lambda o: rebase_origin(o, partition.source, base)) if base else (lambda o: o)
        duplicates: dict[tuple[str, str], str] = {}  # (id, origin) -> where the id was first seen
        for article_id, digest, where in result.read:
            where = origin(where)
            if article_id in self.first_seen:
                duplicates[(article_id, where)] = self.first_seen[article_id]
            else:
                self.first_seen[article_id] = where
                self.note(article_id, digest)
        reported = set()
        for item, rows in result.results:
            if isinstance(item, Reused):
                item = Reused(replace(item.article, origin=origin(item.article.origin)), None)
                article = item.article
            else:
                item = replace(item, origin=origin(item.origin))
                article = item if isinstance(item, Article) else None
            key = (article.id, article.origin) if article is not None else (item.article_id, item.origin)
            if key in duplicates:
                if key not in reported:  # the article and its stage errors become one error
                    reported.add(key)
                    yield ArticleError(key[0], key[1], f"duplicate id, first seen at {duplicates[key]}"), []
                continue
            yield item, rows


def _failed_partition(partition: Partition, error: BaseException) -> ArticleError:
    """The error row of a partition that failed for good: its articles are not in the table,
    and since none is recorded as done, the next `regenerate` tries them again."""
    where = {JSONL: f"{partition.source} bytes {partition.start}-{partition.end}",
             "parquet": f"{partition.source} row groups {', '.join(map(str, partition.row_groups))}"}.get(
        partition.kind, ", ".join(partition.files) or "records given in memory")
    return ArticleError("", where, f"the cluster could not process this part of the input "
                                   f"({type(error).__name__}: {error}); its articles are missing from the "
                                   f"table; run `newsfacts regenerate` to process them again")
