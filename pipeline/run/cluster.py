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
import re
import shutil
import tarfile
import tempfile
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from spacy.language import Language

from pipeline.core.failures import UsageFailure, printable
from pipeline.core.records import Reused, article_hash
from pipeline.io.articles import Article, ArticleError
from pipeline.io.partitions import ERRORS, JSONL, PARTITION_BYTES, Partition, PartitionReader, plan_partitions, rebase_origin

from .build import pipeline_fingerprint
from .extract import extract

try:
    from distributed import WorkerPlugin
except ImportError:  # the dask extra is not installed: check_cluster_spec says so before any use
    WorkerPlugin = object

logger = logging.getLogger("newsfacts")
#: what --dask takes: local:N, or the address of a running scheduler
LOCAL = re.compile(r"local:(\d+)")
#: a task that raises is tried this many more times (an input that a worker could not read for a
#: moment); a worker that dies is not counted here: Dask reschedules its tasks by itself
RETRIES = 2
#: what a scheduler's address may be: tcp:// or tls://, a host name or address ([...] for IPv6), a port
ADDRESS = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*)://(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]*)"
                     r"(?::(?P<port>\d*))?/?")
SCHEMES = ("tcp", "tls")
#: how long a peer may take to accept a connection (nothing listening is refused at once), and
#: then to answer Dask's handshake and say it is a scheduler (at most Dask's own connect timeout)
PROBE_SECONDS = 2.0
HANDSHAKE_SECONDS = 10.0
_ACCEPTED = ("give local:N for N worker processes on this machine, or a scheduler's address tcp://HOST:PORT "
             "or tls://HOST:PORT, such as tcp://HOST:8786")


def dask_available() -> bool:
    """Whether Dask's `distributed` is installed (the `dask` extra)."""
    import importlib.util

    return importlib.util.find_spec("distributed") is not None


def check_cluster_spec(spec: str, cpus: int, option: str = "--dask") -> None:
    """Refuse a --dask value that cannot work, before any work: local:N with more workers than
    CPUs, an address that is not tcp:// or tls:// with a host and a port, or one where no Dask
    scheduler answers (see `probe_scheduler`).

    spec (str): "local:N" or a scheduler address such as tcp://10.0.0.5:8786.
    cpus (int): the CPUs this machine gives this process: local:N may not have more workers.
    option (str): how the caller calls it, for the message ("--dask", or "dask=" in Python).
    RAISES UsageFailure: saying what is wrong and what to give instead.
    """
    if not dask_available():
        raise UsageFailure(f"{option} needs Dask's distributed package: pip install 'newsfacts[dask]'")
    local = LOCAL.fullmatch(spec)
    if local:
        workers = int(local.group(1))
        if not 1 <= workers <= cpus:
            raise UsageFailure(f"{option} {spec}: a local cluster of {workers} workers on the {cpus} CPUs this "
                               f"machine gives this process: use local:1 to local:{cpus}")
        return
    probe_scheduler(spec, option)


def scheduler_address(spec: str, option: str = "--dask") -> tuple[str, str, int]:
    """The scheme, host and port of a scheduler's address such as tcp://10.0.0.5:8786.

    RAISES UsageFailure: the address is not tcp:// or tls:// with a host and a port from 1 to 65535.
    """
    found = ADDRESS.fullmatch(spec)
    if found is None:
        problem = "not local:N nor an address"
    elif found["scheme"] not in SCHEMES:
        problem = f"the scheme {found['scheme']}:// is not one newsfacts uses"
    elif not found["host"]:
        problem = "no host"
    elif not found["port"]:
        problem = "no port"
    elif not 1 <= int(found["port"]) <= 65535:
        problem = f"port {int(found['port'])} is not from 1 to 65535"
    else:
        return found["scheme"], found["host"].strip("[]"), int(found["port"])
    raise UsageFailure(f"{option} {printable(spec)}: {problem}; {_ACCEPTED}")


def probe_scheduler(spec: str, option: str = "--dask") -> None:
    """Make sure a Dask scheduler answers at `spec`, in seconds: a plain TCP connection first (so
    that nothing listening is refused at once, not after Dask's 30 s of retries), then Dask's
    handshake and an "identity" request, each bounded in time, so that a peer that is not a
    scheduler (a web server that waits, a banner that Dask reads as a frame of exabytes, a Dask
    worker) is named as such rather than hanging or failing inside Dask.

    RAISES UsageFailure: the address is malformed, or nothing or something else answers there.
    """
    import socket

    scheme, host, port = scheduler_address(spec, option)
    where, address = f"{option} {spec}", f"{_host(host)}:{port}"
    try:
        socket.create_connection((host, port), timeout=PROBE_SECONDS).close()
    except socket.gaierror as err:
        raise UsageFailure(f"{where}: cannot reach the scheduler: no host {host} ({err.strerror}); check the "
                           f"address") from None
    except (TimeoutError, socket.timeout):
        raise UsageFailure(f"{where}: cannot reach the scheduler: {address} did not answer in {PROBE_SECONDS:g} s "
                           f"(a firewall, or the host is down); check the address and port") from None
    except OSError as err:
        raise UsageFailure(f"{where}: cannot reach the scheduler: nothing answers at {address} "
                           f"({err.strerror or err}); start it with `dask scheduler` on that host, or check the "
                           f"address and port") from None
    seconds = _handshake_seconds()
    try:
        identity = _in_own_thread(lambda: asyncio_run_bounded(_identity(f"{scheme}://{address}"), seconds))
    except Exception as err:  # whatever a peer that is not Dask makes Dask's reader raise (MemoryError, ...)
        from distributed.comm import CommClosedError

        why = {TimeoutError: f"it did not answer Dask's handshake in {seconds:g} s",
               CommClosedError: "it closed the connection at Dask's handshake"}.get(
            type(err), "its answer is not in Dask's protocol")
        raise UsageFailure(f"{where}: the service at {address} is not a Dask scheduler ({why}); give the address "
                           f"the scheduler prints when it starts (`dask scheduler` listens on port 8786)") from None
    kind = identity.get("type") if isinstance(identity, dict) else None
    if not (isinstance(kind, str) and "Scheduler" in kind):
        what = f"a Dask {printable(kind)[:40]}" if isinstance(kind, str) else "a Dask service that gives no identity"
        raise UsageFailure(f"{where}: the service at {address} is {what}, not a scheduler; give the "
                           f"scheduler's address (`dask scheduler` prints it when it starts)")


def _handshake_seconds() -> float:
    """HANDSHAKE_SECONDS, or Dask's connect timeout (distributed.comm.timeouts.connect) if shorter."""
    import dask
    from dask.utils import parse_timedelta

    configured = parse_timedelta(dask.config.get("distributed.comm.timeouts.connect", HANDSHAKE_SECONDS), "seconds")
    return min(HANDSHAKE_SECONDS, configured or HANDSHAKE_SECONDS)


def _host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


async def _identity(address: str) -> Any:
    """Dask's handshake with `address`, then its answer to an "identity" request."""
    from distributed.comm import connect as open_comm
    from distributed.security import Security

    args = Security().get_connection_args("client") if address.startswith("tls://") else {}
    comm = await open_comm(address, **args)
    try:
        await comm.write({"op": "identity", "reply": True})
        return await comm.read()
    finally:
        comm.abort()


def asyncio_run_bounded(coroutine: Any, seconds: float) -> Any:
    """Run `coroutine` in a new event loop; TimeoutError after `seconds`."""
    import asyncio

    async def bounded() -> Any:
        return await asyncio.wait_for(coroutine, seconds)

    return asyncio.run(bounded())


def _in_own_thread(call: Callable[[], Any]) -> Any:
    """call() in a thread of its own: it may run an event loop even when this thread runs one
    (a notebook's)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1, thread_name_prefix="newsfacts-dask-probe") as pool:
        return pool.submit(call).result()


@contextmanager
def connect(spec: Union[str, Any]) -> Iterator[Any]:
    """A Dask client for `spec`: "local:N" starts a cluster of N worker processes (one thread
    each) on this machine and stops it after; an address connects to a running scheduler, once
    `probe_scheduler` has found one there; a `distributed.Client` is used as it is. Yields the client.

    RAISES UsageFailure: no scheduler answers at the address (see `probe_scheduler`).
    """
    from distributed import Client, LocalCluster

    if not isinstance(spec, str):
        yield spec
        return
    local = LOCAL.fullmatch(spec)
    if local:
        with LocalCluster(n_workers=int(local.group(1)), threads_per_worker=1, processes=True,
                          dashboard_address=":0", silence_logs=logging.ERROR) as cluster, \
                Client(cluster) as client:
            yield client
        return
    probe_scheduler(spec)
    try:
        client = Client(spec, timeout=_handshake_seconds())
    except Exception as err:  # it answered the probe a moment ago: gone, or not a scheduler after all
        raise UsageFailure(f"--dask {spec}: cannot reach the scheduler ({type(err).__name__}: "
                           f"{printable(str(err))[:120]}); start it with `dask scheduler` on that host, or check the "
                           f"address and port") from None
    with client:
        yield client


def dashboard_note(client: Any) -> str:
    """Where the cluster's dashboard is, and what it needs when that is missing."""
    import importlib.util

    link = getattr(client, "dashboard_link", None) or "no address"
    if importlib.util.find_spec("bokeh") is None and getattr(client, "cluster", None) is not None:
        return f"Dask dashboard: {link} (shows a page only with bokeh installed: pip install 'bokeh>=3.1')"
    return f"Dask dashboard: {link}"


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
                      reuse: dict[str, str]) -> PartitionResult:
    """The task run on a worker: read one partition and extract its facts with the worker's
    pipeline, as `extract` does on one machine.

    reuse (dict[str, str]): article id -> hash of the articles whose previous rows stand: those
        are not processed again, and come back as `Reused` without rows.
    RETURNS (PartitionResult): the partition's rows and errors, in input order.
    """
    from distributed import get_worker

    plugin = get_worker().plugins[plugin_name]
    if plugin.nlp is None:
        raise RuntimeError(f"the pipeline is not loaded on worker {get_worker().address}")
    reader = PartitionReader(partition, published)
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
                 partition_bytes: Optional[int] = None) -> None:
        """
        client (distributed.Client): the cluster's client.
        nlp (Language): the pipeline, sent to the workers.
        published (Optional[str]): publication date for articles whose metadata has none.
        batch_size (int): documents per batch on a worker.
        partition_bytes (Optional[int]): about how many bytes of input one task reads.
        """
        self.client, self.nlp, self.published, self.batch_size = client, nlp, published, batch_size
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
                                      reuse_on_workers, key=f"newsfacts-{run}-{index:06d}", retries=RETRIES,
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
