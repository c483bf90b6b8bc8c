"""Batch runs: write a fact table, its errors table and a manifest, reprocessing only what changed.

The manifest (``<table>.manifest.json``) records the pipeline's fingerprint and a content hash
per article. ``run_batch(incremental=True)`` reuses the previous rows of every article whose
text, metadata and pipeline are unchanged, and reports what changed for the others.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence, Union

from spacy.language import Language

from pipeline.core.failures import InputConflict, OutputBusy, OutputError, UsageFailure
from pipeline.core.records import Reused, article_hash
from pipeline.io.articles import GOLD_SUFFIX, Article, ArticleError, is_parquet
from pipeline.io.articles import _is_article_file as is_article_file
from pipeline.io.datasets import DATASET_METADATA, DatasetWriter, is_dataset, remove_path, restore_moved_aside
from pipeline.io.partitions import is_url, read_inputs
from pipeline.io.tables import PublishError, TableWriter, publish_together, read_arrow, stage_text, table_format, table_sha256
from pipeline.stages.facts import SCHEMA

from .build import pipeline_fingerprint
from .extract import ERROR_SCHEMA, extract

#: what a fact says; where it stands (offsets, sentence) may move when the text is edited
COMPARED = [c for c in SCHEMA if c not in {"article_id", "fact_id", "start", "end", "sentence",
                                           "paragraph", "sentence_text", "mention_offsets"}]


@dataclass
class ArticleChange:
    """How one article's facts differ from the previous table."""

    article_id: str
    status: str  # "new", "changed", "removed" or "failed"
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[tuple[dict, dict]] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.article_id}: {self.status}: +{len(self.added)} -{len(self.removed)} "
                f"~{len(self.changed)} facts")


@dataclass
class BatchResult:
    """What a batch run did."""

    articles: int = 0
    failed: int = 0
    processed: int = 0
    reused: int = 0
    kinds: Counter = field(default_factory=Counter)
    changes: list[ArticleChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about the previous table and manifest


def manifest_path(table: Union[str, Path]) -> Path:
    table = Path(table)
    return table.with_name(f"{table.name}.manifest.json")


def errors_path(table: Union[str, Path]) -> Path:
    table = Path(table)
    return table.with_name(f"{table.stem}.errors{table.suffix}")


def diff_rows(article_id: str, old: list[dict], new: list[dict]) -> ArticleChange:
    """Facts added, removed and changed between two versions of an article's rows.

    Old and new facts pair up by kind and span, then by kind and text (an edit elsewhere
    moves offsets), then by overlapping span; a pair has changed when its content differs.
    """
    before, after = list(old), list(new)
    pairs = []
    for same in (lambda a, b: (int(a["start"]), int(a["end"])) == (int(b["start"]), int(b["end"])),
                 lambda a, b: a["text"] == b["text"],
                 lambda a, b: int(a["start"]) < int(b["end"]) and int(b["start"]) < int(a["end"])):
        for b in list(after):
            match = next((a for a in before if a["kind"] == b["kind"] and same(a, b)), None)
            if match is not None:
                before.remove(match)
                after.remove(b)
                pairs.append((match, b))
    change = ArticleChange(article_id, "changed", added=after, removed=before)
    change.changed = sorted(((a, b) for a, b in pairs if any(_norm(a.get(c)) != _norm(b.get(c)) for c in COMPARED)),
                            key=lambda pair: int(pair[1]["start"]))
    return change


def _norm(value: Any) -> Any:
    """Compare cells across formats: CSV gives strings, Parquet numbers."""
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def run_batch(inputs: Iterable[Union[str, Path]], output: Union[str, Path], nlp: Language, *,
              published: Optional[str] = None, n_process: int = 1, batch_size: int = 16,
              incremental: bool = False, on_item: Optional[Callable[[Any], None]] = None,
              cluster: Any = None, partition_bytes: Optional[int] = None,
              report: Optional[Path] = None, render_report: Optional[Callable[[list[ArticleChange]], str]] = None,
              compare: Optional[bool] = None) -> BatchResult:
    """Extract facts from `inputs` into the table `output`, its errors table and manifest.

    The output is checked and locked before any work (a second run on the same output is
    refused), temporary files of earlier killed runs are removed, and the files (table, errors
    table, manifest, report) are moved into place only once all are complete on disk, as one
    publication: should one fail, none is changed. The manifest records the table's hash, so a
    table and a manifest of different runs are never taken for each other.

    inputs (Iterable[str | Path]): article files and folders (see `read_articles`); with
        `cluster`, also fsspec URLs (see `pipeline.io.partitions`).
    output (str | Path): the fact table; `.parquet`, `.csv` or `.jsonl`. With `cluster`, or
        when it is already one, a Parquet dataset folder (`pipeline.io.datasets.DatasetWriter`).
    nlp (Language): the newsfacts pipeline.
    published (Optional[str]): publication date for articles whose metadata has none.
    n_process (int): worker processes.
    batch_size (int): documents per batch.
    incremental (bool): reuse the previous rows of unchanged articles and report changes.
    compare (Optional[bool]): report each article's changes against the previous table (default:
        as `incremental`); `compare=True, incremental=False` processes every article again and
        still reports what changed (`regenerate --all`).
    on_item (Optional[Callable]): called with each article or error as it is written.
    cluster (Optional[distributed.Client]): run on this Dask cluster (`pipeline.run.cluster`):
        the same rows, in the same order, as on one machine.
    partition_bytes (Optional[int]): with `cluster`, about how many bytes of input one task reads.
    report (Optional[Path]): with `compare`, also write the changes as a page there, published
        with the table: a page that cannot be written leaves the previous table, so the next run
        reports the same changes.
    render_report (Optional[Callable]): the page of the changes, given the list of them (the
        CLI's is `review.diff_page`); needed with `report`.
    RETURNS (BatchResult): counts, warnings, and with `compare` the change of each article.
    RAISES Failure: UsageFailure (bad output path, before any work), OutputBusy, OutputError.
    """
    if report is not None and render_report is None:
        raise ValueError("run_batch(report=...) needs render_report, the page of the changes")
    output = Path(output)
    inputs = list(inputs)
    dataset = cluster is not None or is_dataset(output)
    check_output(inputs, output, dataset=dataset, also=[Output("report", Path(report))] if report else ())
    if cluster is not None:
        from .cluster import ClusterSource

        source = ClusterSource(cluster, nlp, published=published, batch_size=batch_size,
                               partition_bytes=partition_bytes)
    else:
        source = LocalSource(nlp, published=published, n_process=n_process, batch_size=batch_size)
    with output_lock(output):
        remove_stale_temp_files(output)
        try:
            return _run_locked(inputs, output, nlp, source, incremental, on_item, dataset,
                               (Path(report), render_report) if report is not None else None,
                               incremental if compare is None else compare)
        except PublishError as err:
            raise OutputError(f"cannot write {written_name(err.filename or output)}: {err.strerror}; "
                              f"{err.note}") from err
        except OSError as err:
            raise OutputError(f"cannot write {written_name(err.filename or output)}: {err.strerror or err}; "
                              f"nothing was written and the previous table is unchanged") from err


def written_name(filename: Union[str, Path]) -> str:
    """The file an OSError's file name stands for: the file a temporary one (`.<name>.<random>.tmp`,
    as `tempfile.mkstemp` makes them) was to become, else the name itself."""
    path = Path(filename)
    found = re.fullmatch(r"\.(.+)\.[a-z0-9_]{8}\.tmp", path.name)
    return str(path.with_name(found.group(1)) if found else path)


class LocalSource:
    """Articles read and processed on this machine: `extract` over `read_inputs` (files, folders, URLs)."""

    def __init__(self, nlp: Language, *, published: Optional[str], n_process: int, batch_size: int) -> None:
        self.nlp, self.published, self.n_process, self.batch_size = nlp, published, n_process, batch_size

    def results(self, inputs: list, reuse: dict[str, str], note: Callable[[str, str], None]
                ) -> Iterator[tuple[Any, list[dict]]]:
        """Each article with its rows (a `Reused` one without), or an error, in input order.

        reuse (dict[str, str]): article id -> hash of the articles whose previous rows stand.
        note (Callable): called with the id and hash of each article read.
        """
        def items():
            for item in read_inputs(inputs, self.published):
                if isinstance(item, Article):
                    digest = article_hash(item)
                    note(item.id, digest)
                    if reuse.get(item.id) == digest:
                        yield Reused(item, None)
                        continue
                yield item

        return extract(items(), self.nlp, n_process=self.n_process, batch_size=self.batch_size)


def _run_locked(inputs, output: Path, nlp: Language, source, incremental, on_item, dataset: bool,
                report: Optional[tuple[Path, Callable]] = None, compare: bool = False) -> BatchResult:
    fingerprint = pipeline_fingerprint(nlp)
    result = BatchResult()
    previous_hashes: dict[str, str] = {}
    previous_rows = PreviousRows()
    if compare:
        previous_hashes, previous_rows = _previous(output, fingerprint, result.warnings)
    hashes: dict[str, str] = {}
    seen: set[str] = set()

    def note(article_id: str, digest: str) -> None:
        hashes[article_id] = digest
        seen.add(article_id)

    facts = (DatasetWriter if dataset else TableWriter)(output, SCHEMA, publish=False)
    errors = TableWriter(errors_path(output), ERROR_SCHEMA, publish=False)
    texts: list[tuple[Path, Path]] = []  # (temporary, target) of the manifest and report, once written
    try:
        with facts, errors:
            for item, rows in source.results(inputs, previous_hashes if incremental else {}, note):
                if isinstance(item, Reused):
                    item, rows = item.article, previous_rows[item.article.id]
                    result.reused += 1
                elif isinstance(item, Article):
                    result.processed += 1
                    if compare:
                        change = diff_rows(item.id, previous_rows.get(item.id, []), rows)
                        if item.id not in previous_rows and item.id not in previous_hashes:
                            change.status = "new"
                        if change.status == "new" or change.added or change.removed or change.changed:
                            result.changes.append(change)
                if isinstance(item, ArticleError):
                    result.failed += 1
                    hashes.pop(item.article_id, None)  # not recorded as done: processed again next time
                    errors.write([{"article_id": item.article_id, "origin": item.origin,
                                   "stage": item.stage or None, "problem": item.problem,
                                   "sentence": item.sentence or None}])
                else:
                    result.articles += 1
                    facts.write(rows)
                    result.kinds.update(r["kind"] for r in rows)
                if on_item is not None:
                    on_item(item)
        if compare:
            for gone in sorted((set(previous_hashes) | set(previous_rows.where)) - seen):
                result.changes.append(ArticleChange(gone, "removed", removed=previous_rows.get(gone, [])))
        # every file is complete on disk before any moves, and they move as one: should a move
        # fail, the previous files are put back (and should a crash fall between two moves, the
        # table's hash no longer matches the manifest, and the next regenerate reprocesses all)
        manifest = {"pipeline": fingerprint, "table_sha256": facts.sha256(), "articles": dict(sorted(hashes.items()))}
        texts.append((stage_text(manifest_path(output), json.dumps(manifest, indent=1, sort_keys=True)),
                      manifest_path(output)))
        if report is not None:
            page, render = report
            page.parent.mkdir(parents=True, exist_ok=True)
            texts.append((stage_text(page, render(result.changes)), page))
        publish_together([errors.staged(), facts.staged(), *texts])
        facts.forget()
        errors.forget()
        texts.clear()
    finally:
        facts.discard()
        errors.discard()
        for tmp, _ in texts:
            tmp.unlink(missing_ok=True)
    return result


def check_output(inputs: list[Union[str, Path]], output: Path, dataset: bool = False,
                 also: Sequence[Output] = ()) -> None:
    """Refuse, before any work, a table output that is a folder (unless a dataset is written), has
    an unknown extension, or that (with its errors table, its manifest and the outputs `also`)
    would overwrite an input or be read as one (`check_writes`).

    dataset (bool): the output is a Parquet dataset folder (see `DatasetWriter`).
    also (Sequence[Output]): other files the run writes, such as regenerate's report.
    RAISES UsageFailure: saying which path and what to do (InputConflict for a clash with an input).
    """
    if dataset:
        if output.suffix.lower() != ".parquet":
            raise UsageFailure(f"output {output}: a run on a cluster writes a Parquet dataset (a folder of "
                               f"part files): give an output ending in .parquet, such as {output.with_suffix('.parquet')}")
        if output.is_dir() and not is_dataset(output) and any(output.iterdir()):
            raise UsageFailure(f"output {output} is a folder but not a newsfacts dataset (it has no "
                               f"{DATASET_METADATA}): it would be replaced; give another output path")
    elif output.is_dir():
        raise UsageFailure(f"output {output} is a folder: give a file name such as {output / 'facts.parquet'}")
    try:
        table_format(output)
    except ValueError as err:
        raise UsageFailure(str(err)) from None
    check_writes(inputs, [Output("output", output, "part-000000.parquet" if dataset else None),
                          Output("errors table", errors_path(output)), Output("manifest", manifest_path(output)),
                          *also])


@dataclass(frozen=True)
class Output:
    """A path a command writes, for `check_writes`: what it is (named in messages) and, for a
    folder of files (a dataset, a TimeML folder), the name of a file it holds."""

    role: str  # "output", "errors table", "manifest", "report", ...
    path: Path
    member: Optional[str] = None  # set for a folder output: e.g. "article.tml"


def check_writes(inputs: Iterable[Union[str, Path]], outputs: Sequence[Output]) -> None:
    """Refuse, before any work, an output that would overwrite an input or another output, a file
    output that is a folder, a folder output that holds an input, and an output inside an input
    folder whose reader would read it as input on the next run. Every command that writes calls
    it with everything it reads (articles, gold, a table) and everything it writes.

    RAISES InputConflict: naming both paths and what to do. UsageFailure: a file output is a folder.
    """
    sources = [(Path(i), _real(i)) for i in inputs if not is_url(i) and Path(i).exists()]
    taken: dict[Path, Output] = {}
    for out in outputs:
        real = _real(out.path)
        if out.member is None and out.path.is_dir():
            raise UsageFailure(f"{out.role} {out.path} is a folder: remove or rename it, or give another path")
        other = taken.get(real) or next((o for o in taken.values() if _same_file(o.path, out.path)), None)
        if other is not None:
            raise InputConflict(f"{out.role} {out.path} is also the {other.role} ({other.path}): "
                                f"give another {out.role} path")
        taken[real] = out
        for source, src in sources:
            if real == src or _same_file(source, out.path):
                named = "" if str(source) == str(out.path) else f" ({source})"
                raise InputConflict(f"{out.role} {out.path} is also an input{named}: writing it would "
                                    f"overwrite it; give another {out.role} path")
            if src in real.parents and source.is_dir() and _read_as_input(source, src, real / (out.member or "")):
                raise InputConflict(f"{out.role} {out.path} is also an input: it lies in the input folder "
                                    f"{source}, where it would be read as articles; give a path outside {source}")
            if real in src.parents:
                raise InputConflict(f"{out.role} {out.path} holds the input {source}, which writing it could "
                                    f"overwrite; give another {out.role} path")


def _real(path: Union[str, Path]) -> Path:
    """The absolute path, with every symbolic link of the part that exists resolved."""
    return Path(os.path.realpath(path))


def _same_file(a: Path, b: Path) -> bool:
    """Two existing paths to one file (a hard link too)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _read_as_input(folder: Path, real: Path, path: Path) -> bool:
    """Whether reading the input folder `folder` (`real` once resolved) reads `path` in it: every
    data file of a Parquet dataset folder (`articles.parquet_files`), the article and gold files
    of any other."""
    if is_parquet(folder):
        return not any(part.startswith(("_", ".")) for part in path.relative_to(real).parts)
    return is_article_file(path) or path.name.endswith(GOLD_SUFFIX)


@contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """Hold an exclusive lock on `output` (a hidden `.<name>.lock` beside it) while writing.

    RAISES OutputBusy: another run holds it. OutputError: the folder cannot be written.
    """
    lock = output.with_name(f".{output.name}.lock")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock, "a+b")
    except OSError as err:
        raise OutputError(f"cannot write to {output.parent}: {err.strerror or err}; choose a folder you may "
                          f"write to") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputBusy(f"another run is writing {output} (it holds {lock}); wait for it to finish "
                             f"or choose another output") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def remove_stale_temp_files(output: Path) -> list[Path]:
    """Remove the temporary files that killed runs left beside `output`, its errors table and
    its manifest (names made by `tempfile.mkstemp`). Call with the output's lock held.

    RETURNS (list[Path]): the files removed.
    """
    names = [re.escape(output.name), re.escape(errors_path(output).name), re.escape(manifest_path(output).name)]
    stale = re.compile(rf"\.(?:{'|'.join(names)})\.[a-z0-9_]{{8}}(?:\.manifest)?\.tmp")
    removed = []
    for path in output.parent.iterdir() if output.parent.is_dir() else []:
        if stale.fullmatch(path.name):
            remove_path(path)  # a file, or a dataset's folder
            removed.append(path)
    for path in (output, errors_path(output), manifest_path(output)):
        restore_moved_aside(path)  # moved aside by a run killed in the middle of its publication
    return removed


class PreviousRows:
    """The previous table, kept columnar, with each article's rows sliced out on demand.

    A table written by `run_batch` holds each article's rows together; one edited by hand (sorted
    by kind, shuffled) may not, so its rows are first grouped by article, in the order each
    article first appears and each article's rows in table order: an article's previous rows are
    always exactly its own.
    """

    def __init__(self, table=None) -> None:
        self.table = table
        self.where: dict[str, tuple[int, int]] = {}  # article id -> (first row, row count)
        self.contiguous = True  # as written by run_batch; an edited table may not be
        if table is None:
            return
        rows: dict[str, list[int]] = {}
        for i, article_id in enumerate(table.column("article_id").to_pylist()):
            rows.setdefault(article_id, []).append(i)
        self.contiguous = all(indices[-1] - indices[0] + 1 == len(indices) for indices in rows.values())
        if not self.contiguous:
            self.table = table.take([i for indices in rows.values() for i in indices])
        first = 0
        for article_id, indices in rows.items():
            self.where[article_id] = (first, len(indices))
            first += len(indices)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self.where

    def get(self, article_id: str, default=None) -> list[dict]:
        """The rows of `article_id` in the previous table (`default`, or none, if it had none)."""
        if article_id not in self.where:
            return default if default is not None else []
        first, count = self.where[article_id]
        return self.table.slice(first, count).to_pylist()

    __getitem__ = get


def _previous(output: Path, fingerprint: str, warnings: list[str]) -> tuple[dict[str, str], PreviousRows]:
    """The previous run's article hashes and rows. The hashes are trusted only when the
    manifest is sound, was written with the same pipeline and records this very table;
    otherwise every article is processed again and compared with the table's rows."""
    if not (output.is_file() or is_dataset(output)):
        return {}, PreviousRows()
    try:
        rows = PreviousRows(read_arrow(output, SCHEMA))
    except Exception as err:  # a table that cannot be read is one we cannot reuse
        warnings.append(f"cannot read the previous table {output} ({type(err).__name__}: {err}); "
                        f"every article is processed as new")
        return {}, PreviousRows()
    manifest = manifest_path(output)
    if not manifest.is_file():
        warnings.append(f"no manifest {manifest}: every article is processed again and compared with the table")
        return {}, rows
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as err:
        warnings.append(f"unreadable manifest {manifest} ({err}): every article is processed again")
        return {}, rows
    articles = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(articles, dict):
        warnings.append(f"manifest {manifest} is not a newsfacts manifest: every article is processed again")
        return {}, rows
    if data.get("table_sha256") != table_sha256(output):
        warnings.append(f"manifest {manifest} does not match the table {output} (another run's, or a table "
                        f"restored alone): every article is processed again")
        return {}, rows
    return (articles if data.get("pipeline") == fingerprint else {}), rows

