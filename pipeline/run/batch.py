"""The one run: articles read, processed and written, the same way for every command, output
format and the Python API.

`run_batch` checks the output before any work, locks it, streams each article through the
pipeline (here, or on a Dask cluster), writes its rows to the output (a table, a Parquet dataset,
TimeML files, or rows in memory for `extract_frame`) and each article or stage that failed to the
errors table, and publishes every file at once. A table run also writes a manifest
(``<table>.manifest.json``: the pipeline's fingerprint and a content hash per article), so that
`run_batch(incremental=True)` reuses the previous rows of every article whose text, metadata and
pipeline are unchanged, and reports what changed for the others (`pipeline.run.changes`).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from spacy.language import Language

from pipeline.core.failures import OutputError, UsageFailure
from pipeline.core.records import Article, ArticleError, Reused, article_hash
from pipeline.core.schema import ERROR_SCHEMA, SCHEMA
from pipeline.io.articles import read_articles
from pipeline.io.datasets import DatasetWriter
from pipeline.io.partitions import read_inputs
from pipeline.io.paths import (
    Output,
    check_output,
    check_writes,
    errors_path,
    manifest_path,
    output_lock,
    remove_stale_temp_files,
    written_name,
)
from pipeline.io.tables import is_dataset
from pipeline.io.timeml import TimeMLWriter
from pipeline.io.writing import PublishError, TableWriter, publish_together, stage_text

from .build import pipeline_fingerprint
from .changes import ArticleChange, PreviousRows, diff_rows, previous
from .extract import extract

#: what a run writes: a fact table (its format by OUTPUT's extension, or a Parquet dataset), or
#: each article as TimeML
TABLE, TIMEML = "table", "timeml"


@dataclass
class BatchResult:
    """What a batch run did; without an output, also the rows and error rows it made."""

    articles: int = 0
    failed: int = 0
    processed: int = 0
    reused: int = 0
    kinds: Counter = field(default_factory=Counter)
    changes: list[ArticleChange] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about the previous table and manifest
    rows: list[dict] = field(default_factory=list)  # run_batch(output=None): the fact rows
    errors: list[dict] = field(default_factory=list)  # run_batch(output=None): the error rows


def run_batch(inputs: Iterable[Union[str, Path]], output: Optional[Union[str, Path]], nlp: Language, *,
              published: Optional[str] = None, n_process: int = 1, batch_size: int = 16,
              incremental: bool = False, on_item: Optional[Callable[[Any], None]] = None,
              cluster: Any = None, partition_bytes: Optional[int] = None,
              report: Optional[Path] = None, render_report: Optional[Callable[[list[ArticleChange]], str]] = None,
              compare: Optional[bool] = None, output_format: str = TABLE,
              columns: Optional[dict[str, str]] = None) -> BatchResult:
    """Extract facts from `inputs` into `output`, its errors table and (for a table) its manifest.

    The output is checked and locked before any work (a second run on the same output is
    refused), temporary files of earlier killed runs are removed, and the files (output, errors
    table, manifest, report) are moved into place only once all are complete on disk, as one
    publication: should one fail, none is changed. The manifest records the table's hash, so a
    table and a manifest of different runs are never taken for each other.

    inputs (Iterable[str | Path]): article files and folders (see `read_articles`); with
        `cluster`, also fsspec URLs (see `pipeline.io.partitions`); or `Records` given in memory.
    output (Optional[str | Path]): the fact table; `.parquet`, `.csv` or `.jsonl`. With `cluster`,
        or when it is already one, a Parquet dataset folder (`pipeline.io.datasets.DatasetWriter`).
        With `output_format` TIMEML, a folder of TimeML files or one `.tml` file. None: the rows and
        error rows are kept in the result (`BatchResult.rows`, `.errors`), and nothing is written.
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
    output_format (str): TABLE, or TIMEML (no manifest: a TimeML run is never incremental).
    columns (Optional[dict]): article field -> its name in JSON Lines, Parquet, CSV and in-memory
        records, where it is not the field's own (`read_articles`).
    RETURNS (BatchResult): counts, warnings, and with `compare` the change of each article.
    RAISES Failure: UsageFailure (bad output path, before any work), OutputBusy, OutputError.
    """
    if report is not None and render_report is None:
        raise ValueError("run_batch(report=...) needs render_report, the page of the changes")
    inputs = inputs if isinstance(inputs, list) else list(inputs)
    source = _source(nlp, cluster, published, n_process, batch_size, partition_bytes, columns)
    if output is None:
        result = BatchResult()
        _write(source.results(inputs, {}, lambda article_id, digest: None), _Kept(result.rows),
               _Kept(result.errors), result, on_item)
        return result
    output = Path(output)
    check_run_output(inputs, output, output_format, dataset=cluster is not None, report=report, published=published,
                     columns=columns)
    with output_lock(output):
        remove_stale_temp_files(output)
        try:
            return _run_locked(inputs, output, nlp, source, incremental, on_item, output_format,
                               cluster is not None or is_dataset(output),
                               (Path(report), render_report) if report is not None else None,
                               incremental if compare is None else compare)
        except PublishError as err:
            raise OutputError(f"cannot write {written_name(err.filename or output)}: {err.strerror}; "
                              f"{err.note}") from err
        except OSError as err:
            raise OutputError(f"cannot write {written_name(err.filename or output)}: {err.strerror or err}; "
                              f"nothing was written and the previous table is unchanged") from err


def check_run_output(inputs: list, output: Path, output_format: str = TABLE, *, dataset: bool = False,
                     report: Optional[Path] = None, published: Optional[str] = None,
                     columns: Optional[dict[str, str]] = None) -> None:
    """Refuse, before any work, an output the run cannot write (see `io.paths.check_output`): for
    TimeML, a file where a folder is meant, or one `.tml` file for several articles.

    RAISES UsageFailure: saying which path and what to do.
    """
    also = [Output("report", Path(report))] if report is not None else []
    if output_format == TABLE:
        check_output(inputs, output, dataset=dataset or is_dataset(output), also=also)
        return
    if output_format != TIMEML:
        raise UsageFailure(f"--format {output_format!r}: give {TABLE} or {TIMEML}")
    single = output.suffix == ".tml"
    if not single and output.exists() and not output.is_dir():
        raise UsageFailure(f"TimeML output {output} is a file: give a folder (TimeML is one file per article) "
                           f"or a name ending in .tml for one article")
    check_writes(inputs, [Output("TimeML output", output, None if single else "article.tml"),
                          Output("errors table", errors_path(output)), *also])
    if single:
        articles = (item for item in read_articles(inputs, published, columns=columns) if isinstance(item, Article))
        if next(articles, None) is not None and next(articles, None) is not None:
            raise UsageFailure(f"TimeML output {output}: one .tml file holds one article, and the input has "
                               f"several; give a folder, such as {output.with_suffix('')}")


def _source(nlp: Language, cluster: Any, published: Optional[str], n_process: int, batch_size: int,
            partition_bytes: Optional[int], columns: Optional[dict[str, str]] = None):
    """Where articles are read and processed: on `cluster` (`pipeline.run.cluster.ClusterSource`) or here."""
    if cluster is None:
        return LocalSource(nlp, published=published, n_process=n_process, batch_size=batch_size, columns=columns)
    from .cluster import ClusterSource

    return ClusterSource(cluster, nlp, published=published, batch_size=batch_size, partition_bytes=partition_bytes,
                         columns=columns)


class LocalSource:
    """Articles read and processed on this machine: `extract` over `read_inputs` (files, folders,
    URLs, records)."""

    def __init__(self, nlp: Language, *, published: Optional[str], n_process: int, batch_size: int,
                 columns: Optional[dict[str, str]] = None) -> None:
        self.nlp, self.published, self.n_process, self.batch_size = nlp, published, n_process, batch_size
        self.columns = columns

    def results(self, inputs: list, reuse: dict[str, str], note: Callable[[str, str], None]
                ) -> Iterator[tuple[Any, list[dict]]]:
        """Each article with its rows (a `Reused` one without), or an error, in input order.

        reuse (dict[str, str]): article id -> hash of the articles whose previous rows stand.
        note (Callable): called with the id and hash of each article read.
        """
        def items():
            for item in read_inputs(inputs, self.published, columns=self.columns):
                if isinstance(item, Article):
                    digest = article_hash(item)
                    note(item.id, digest)
                    if reuse.get(item.id) == digest:
                        yield Reused(item, None)
                        continue
                yield item

        return extract(items(), self.nlp, n_process=self.n_process, batch_size=self.batch_size)


class _Kept:
    """A writer that keeps the rows in a list: the output of a run without files."""

    def __init__(self, rows: list[dict]) -> None:
        self.rows = rows

    def write_article(self, article: Any, rows: list[dict]) -> None:
        self.rows.extend(rows)

    def write(self, rows: list[dict]) -> None:
        self.rows.extend(rows)


def _write(results: Iterable[tuple[Any, list[dict]]], facts, errors, result: BatchResult,
           on_item: Optional[Callable[[Any], None]], previous_rows: Optional[PreviousRows] = None,
           hashes: Optional[dict[str, str]] = None, compared: Optional[dict[str, str]] = None) -> None:
    """Write each result: an article's rows to `facts`, an error's row to `errors`, counting both.

    previous_rows (Optional[PreviousRows]): the previous table's rows, for the reused articles.
    hashes (Optional[dict]): article id -> hash of those processed; a failed one is taken out, so
        that the next run processes it again.
    compared (Optional[dict]): with it, each article's change against `previous_rows` is reported;
        its ids (of the previous manifest) tell a new article from a changed one.
    """
    for item, rows in results:
        if isinstance(item, Reused):
            item, rows = item.article, previous_rows[item.article.id]
            result.reused += 1
        elif isinstance(item, Article):
            result.processed += 1
            if compared is not None:
                change = diff_rows(item.id, previous_rows.get(item.id, []), rows)
                if item.id not in previous_rows and item.id not in compared:
                    change.status = "new"
                if change.status == "new" or change.added or change.removed or change.changed:
                    result.changes.append(change)
        if isinstance(item, ArticleError):
            result.failed += 1
            if hashes is not None:
                hashes.pop(item.article_id, None)  # not recorded as done: processed again next time
            errors.write([item.row()])
        else:
            result.articles += 1
            facts.write_article(item, rows)
            result.kinds.update(r["kind"] for r in rows)
        if on_item is not None:
            on_item(item)


def _run_locked(inputs, output: Path, nlp: Language, source, incremental, on_item, output_format: str,
                dataset: bool, report: Optional[tuple[Path, Callable]] = None, compare: bool = False) -> BatchResult:
    table = output_format == TABLE
    fingerprint = pipeline_fingerprint(nlp)
    result = BatchResult()
    previous_hashes: dict[str, str] = {}
    previous_rows = PreviousRows()
    if compare and table:
        previous_hashes, previous_rows = previous(output, fingerprint, result.warnings)
    hashes: dict[str, str] = {}
    seen: set[str] = set()

    def note(article_id: str, digest: str) -> None:
        hashes[article_id] = digest
        seen.add(article_id)

    if not table:
        facts = TimeMLWriter(output, publish=False)
    else:
        facts = (DatasetWriter if dataset else TableWriter)(output, SCHEMA, publish=False)
    errors = TableWriter(errors_path(output), ERROR_SCHEMA, publish=False)
    texts: list[tuple[Path, Path]] = []  # (temporary, target) of the manifest and report, once written
    try:
        with facts, errors:
            _write(source.results(inputs, previous_hashes if incremental else {}, note), facts, errors, result,
                   on_item, previous_rows, hashes, previous_hashes if compare and table else None)
        if compare and table:
            for gone in sorted((set(previous_hashes) | set(previous_rows.where)) - seen):
                result.changes.append(ArticleChange(gone, "removed", removed=previous_rows.get(gone, [])))
        # every file is complete on disk before any moves, and they move as one: should a move
        # fail, the previous files are put back (and should a crash fall between two moves, the
        # table's hash no longer matches the manifest, and the next regenerate reprocesses all)
        if table:
            manifest = {"pipeline": fingerprint, "table_sha256": facts.sha256(),
                        "articles": dict(sorted(hashes.items()))}
            texts.append((stage_text(manifest_path(output), json.dumps(manifest, indent=1, sort_keys=True)),
                          manifest_path(output)))
        if report is not None:
            page, render = report
            page.parent.mkdir(parents=True, exist_ok=True)
            texts.append((stage_text(page, render(result.changes)), page))
        publish_together([errors.staged(), *facts.moves(), *texts])
        facts.forget()
        errors.forget()
        texts.clear()
    finally:
        facts.discard()
        errors.discard()
        for tmp, _ in texts:
            tmp.unlink(missing_ok=True)
    return result

