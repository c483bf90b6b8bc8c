"""The `newsfacts` commands that make tables: extract and regenerate fact tables (or TimeML), build
the pipeline, show the schema. Every extraction goes through `pipeline.run.batch.run_batch`.

Every failure that stops a command is one line on stderr saying what, where and what to do,
with its own exit status (`pipeline.core.failures.EXIT_CODES`, listed in `--help`).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import List, Optional

import typer

from pipeline.core.failures import ExitCode, UsageFailure, printable
from pipeline.core.kinds import KINDS
from pipeline.language.money import DEFAULT_CURRENCY

from .app import (
    _COLUMNS_HELP,
    _DASK_HELP,
    _INPUTS_HELP,
    _MODEL_HELP,
    _OUTPUT_HELP,
    _PUBLISHED_HELP,
    TableOrTimeML,
    _load,
    check_columns,
    check_published,
    reporting,
    say,
)

_CURRENCY_HELP = ("The reference currency of the money columns (amount, amount_max, amount_unit): an ISO code "
                  "the European Central Bank quotes (USD, EUR, GBP, JPY, ...); amounts are converted at its "
                  "rate of each article's publication day.")

#: most documents per batch: a batch is held in memory while it goes through the pipeline
MAX_BATCH_SIZE = 10_000


def available_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@reporting
def extract(
    inputs: List[Path] = typer.Argument(..., help=_INPUTS_HELP),
    output: Path = typer.Option(Path("facts.parquet"), "--output", "-o", help=_OUTPUT_HELP),
    published: Optional[str] = typer.Option(None, help=_PUBLISHED_HELP),
    columns: Optional[str] = typer.Option(None, "--columns", help=_COLUMNS_HELP),
    model: Optional[Path] = typer.Option(None, help=_MODEL_HELP),
    processes: int = typer.Option(1, "--processes", "-p", min=1, help="Worker processes (at most the CPUs)."),
    batch_size: int = typer.Option(16, min=1, max=MAX_BATCH_SIZE, help="Documents per batch."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    output_format: TableOrTimeML = typer.Option(TableOrTimeML.table, "--format", help="table (the format follows OUTPUT's "
                                      "extension), or timeml: each article as TimeML with inline TIMEX3 "
                                      "in the folder OUTPUT (or the one file OUTPUT.tml)."),
    dask: Optional[str] = typer.Option(None, "--dask", help=_DASK_HELP),
    currency: str = typer.Option(DEFAULT_CURRENCY, "--currency", help=_CURRENCY_HELP),
) -> None:
    """Extract the fact table from articles and write it to OUTPUT.

    Articles that cannot be read or processed, and stages that fail on an article, are listed on stderr and in OUTPUT's errors table (same name with `.errors` before the extension; `.errors.jsonl` beside TimeML), written only when one failed; everything else is written. OUTPUT is written only once complete, and a second run on the same OUTPUT is refused.
    """
    output_format = output_format.value
    if output.suffix == ".tml":
        output_format = "timeml"
    if dask is not None and output_format == "timeml":
        raise UsageFailure("--dask writes fact tables; give --format table")
    _run(inputs, output, published, model, processes, batch_size, quiet, incremental=False, dask=dask,
         output_format=output_format, columns=columns, currency=currency)


def _check_options(processes: int, published: Optional[str], dask: Optional[str] = None) -> Optional[str]:
    """The option checks every extraction makes before any work, whatever it writes (a table,
    a dataset or TimeML).

    RETURNS (Optional[str]): the publication date, normalised.
    RAISES UsageFailure: --processes above the CPUs or beside --dask, --dask or --published invalid.
    """
    if dask is not None:
        from pipeline.run.scheduler import check_cluster_spec

        check_cluster_spec(dask, available_cpus())
        if processes > 1:
            raise UsageFailure("--processes and --dask: on a cluster the workers are the processes; give one")
    if processes > available_cpus():
        raise UsageFailure(f"--processes {processes} is more than the {available_cpus()} CPUs this machine gives "
                           f"this process: use at most {available_cpus()}")
    published = check_published(published)
    return published


@reporting
def regenerate(
    inputs: List[Path] = typer.Argument(..., help=_INPUTS_HELP),
    output: Path = typer.Option(Path("facts.parquet"), "--output", "-o", help=_OUTPUT_HELP),
    everything: bool = typer.Option(False, "--all", help="Reprocess every article (the changes are still reported)."),
    published: Optional[str] = typer.Option(None, help=_PUBLISHED_HELP),
    columns: Optional[str] = typer.Option(None, "--columns", help=_COLUMNS_HELP),
    model: Optional[Path] = typer.Option(None, help=_MODEL_HELP),
    processes: int = typer.Option(1, "--processes", "-p", min=1, help="Worker processes (at most the CPUs)."),
    batch_size: int = typer.Option(16, min=1, max=MAX_BATCH_SIZE, help="Documents per batch."),
    details: bool = typer.Option(True, help="List every fact added, removed or changed."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    report: Optional[Path] = typer.Option(None, "--report", help="Also write the changes as an HTML "
                                          "page (e.g. diff.html): old and new facts side by side."),
    dask: Optional[str] = typer.Option(None, "--dask", help=_DASK_HELP),
    currency: str = typer.Option(DEFAULT_CURRENCY, "--currency", help=_CURRENCY_HELP),
) -> None:
    """Rebuild OUTPUT and report what changed against the previous table.

    Only articles whose text, metadata or pipeline changed are processed again (a content hash per article and a pipeline fingerprint, kept in OUTPUT.manifest.json with the table's own hash), unless --all. A manifest that is missing, broken or of another table means every article is processed again and compared with the table.
    """
    result = _run(inputs, output, published, model, processes, batch_size, quiet,
                  incremental=not everything, regenerating=True, report=report, dask=dask, columns=columns,
                  currency=currency)
    if report is not None:
        say(f"changes of {len(result.changes)} articles -> {report}")
    for change in result.changes:
        say(change.summary(), err=False)
        if details:
            for row in change.added:
                say(f"  + {row['kind']} {row['label']} {row['text']!r} = {row['value']!r}", err=False)
            for row in change.removed:
                say(f"  - {row['kind']} {row['label']} {row['text']!r} = {row['value']!r}", err=False)
            for old, new in change.changed:
                say(f"  ~ {new['kind']} {new['text']!r}: {_what_changed(old, new)}", err=False)
    say(f"{result.processed} processed, {result.reused} unchanged and reused, "
        f"{len(result.changes)} articles with changes", err=False)
    if result.failed:
        raise typer.Exit(code=int(ExitCode.ARTICLES_FAILED))


def _run(inputs, output, published, model, processes, batch_size, quiet, *, incremental,
         regenerating: bool = False, report: Optional[Path] = None, dask=None, output_format: str = "table",
         columns: Optional[str] = None, currency: str = DEFAULT_CURRENCY):
    """An extraction of extract or regenerate (`regenerating`): checked before any work, then
    `run.batch.run_batch` with a progress bar and a summary; RETURNS its BatchResult. Failed
    articles exit 1 here for extract; regenerate lists its changes first."""
    from pipeline.run.batch import check_currency, check_run_output, run_batch

    published = _check_options(processes, published, dask)
    mapping = check_columns(columns)
    currency = check_currency(currency)
    check_run_output(inputs, output, output_format, dataset=dask is not None, report=report, published=published,
                     columns=mapping)
    started = time.perf_counter()
    nlp = _load(model)

    def render_report(changes) -> str:
        from pipeline.review.page import diff_page

        return diff_page(changes, inputs, output.name, published=published, columns=mapping)

    def batch(cluster=None):
        progress = _progress(quiet)

        def on_item(item) -> None:
            if hasattr(item, "problem"):
                progress.write(printable(f"error: {item}"))
            progress.update(1)

        try:
            return run_batch(inputs, output, nlp, published=published, n_process=processes,
                             batch_size=batch_size, incremental=incremental, on_item=on_item, cluster=cluster,
                             report=report, render_report=render_report, compare=regenerating,
                             output_format=output_format, columns=mapping, currency=currency)
        finally:
            progress.close()

    if dask is None:
        result = batch()
    else:
        from pipeline.run.scheduler import connect, dashboard_note

        with connect(dask) as client:
            say(dashboard_note(client))
            result = batch(client)
    for warning in result.warnings:
        say(f"warning: {warning}")
    seconds = time.perf_counter() - started
    kinds = result.kinds
    by_kind = ", ".join(f"{kinds[k]} {k}" for k in KINDS)
    what = " as TimeML" if output_format == "timeml" else ""
    say(f"{result.articles} articles{what}, {sum(kinds.values())} facts ({by_kind}), "
        f"{result.failed} errors{_where_errors(result.failed, output)}, {seconds:.1f}s -> {output}")
    if result.failed and not regenerating:
        raise typer.Exit(code=int(ExitCode.ARTICLES_FAILED))
    return result


def _where_errors(failed: int, output: Path) -> str:
    """ " (in OUTPUT's errors table)" for a summary when articles failed; nothing else, as then no
    errors table is written."""
    from pipeline.io.paths import errors_path

    return f" (in {errors_path(output)})" if failed else ""


def build(
    output: Path = typer.Option(Path("models/newsfacts_en"), "--output", "-o",
                                help="Folder to save the pipeline to."),
) -> None:
    """Build the pipeline from models/config.cfg and save it for `spacy.load`."""
    from pipeline.run.build import build_pipeline, save_pipeline, source_hash

    nlp = build_pipeline()
    save_pipeline(nlp, output, source_hash())
    say(f"saved {', '.join(nlp.pipe_names)} -> {output}")


def schema() -> None:
    """Print the fact table's columns, types and meanings, then what each type holds."""
    from pipeline.core.schema import SCHEMA, TYPES

    for column, (kind, meaning) in SCHEMA.items():
        typer.echo(f"{column:16} {kind:9} {meaning}")
    typer.echo("\ntypes (as Parquet stores them and read_facts gives them; CSV and JSON Lines write them as the notes say):")
    for kind, meaning in TYPES.items():
        typer.echo(f"  {kind:9} {meaning}")


class _Quiet:
    def update(self, n: int) -> None:
        pass

    def write(self, message: str) -> None:
        print(message, file=sys.stderr)

    def close(self) -> None:
        pass


def _progress(quiet: bool):
    """A progress bar with articles per second on a terminal; silent otherwise."""
    if quiet or not sys.stderr.isatty():
        return _Quiet()
    from tqdm import tqdm

    return tqdm(unit=" articles", file=sys.stderr, dynamic_ncols=True)


def _what_changed(old: dict, new: dict) -> str:
    """A changed fact in one line: its label and value, else the columns that changed
    ("amount 1400000000.0 -> 1287000000.0, amount_unit 'USD' -> 'EUR'")."""
    from pipeline.run.changes import changed_columns

    if (old["label"], old["value"]) != (new["label"], new["value"]):
        return f"{old['label']} {old['value']!r} -> {new['label']} {new['value']!r}"
    return ", ".join(f"{c} {old.get(c)!r} -> {new.get(c)!r}" for c in changed_columns(old, new)[:4])
