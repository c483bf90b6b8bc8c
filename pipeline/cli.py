"""The `newsfacts` command line: extract fact tables, build the pipeline, show the schema.

Every failure that stops a command is one line on stderr saying what, where and what to do,
with its own exit status (`pipeline.failures.EXIT_CODES`, listed in `--help`).
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import time
from pathlib import Path
from typing import Callable, List, Optional

import typer

from .failures import ExitCode, Failure, NothingToCheck, Terminated, UsageFailure, exit_codes_help
from .kinds import DATE, ENTITY, KINDS

EXIT_HELP = exit_codes_help()
app = typer.Typer(
    help="Turn English news articles into a fact table: entities, dates and times, and "
         "quantities, each normalised and traceable to its sentence.",
    epilog=EXIT_HELP, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
)
#: most documents per batch: a batch is held in memory while it goes through the pipeline
MAX_BATCH_SIZE = 10_000


def reporting(command: Callable) -> Callable:
    """Turn a `Failure` raised by a command into one line on stderr and its exit status."""
    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except Failure as failure:
            typer.echo(f"newsfacts {command.__name__.replace('_command', '')}: error: {failure}", err=True)
            raise typer.Exit(code=int(failure.code))

    return run


def available_cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


_INPUTS_HELP = ("Article files (.jsonl; .txt with an optional .json sidecar; TimeML .tml) or folders "
                "such as corpus/.")
_OUTPUT_HELP = "Fact table to write; the extension picks the format: .parquet (the default), .csv or .jsonl."
_PUBLISHED_HELP = "Publication date (YYYY-MM-DD) for articles whose metadata has none."
_MODEL_HELP = ("A pipeline saved by `newsfacts build`; default: models/newsfacts_en if it is current, "
               "else built from models/config.cfg (and saved there).")
_DASK_HELP = ("Run on a Dask cluster: local:N starts N worker processes here, tcp://HOST:8786 uses a running "
              "scheduler. OUTPUT is then a Parquet dataset folder; needs `pip install 'newsfacts[dask]'`.")


@app.command(epilog=EXIT_HELP)
@reporting
def extract(
    inputs: List[Path] = typer.Argument(..., help=_INPUTS_HELP),
    output: Path = typer.Option(Path("facts.parquet"), "--output", "-o", help=_OUTPUT_HELP),
    published: Optional[str] = typer.Option(None, help=_PUBLISHED_HELP),
    model: Optional[Path] = typer.Option(None, help=_MODEL_HELP),
    processes: int = typer.Option(1, "--processes", "-p", min=1, help="Worker processes (at most the CPUs)."),
    batch_size: int = typer.Option(16, min=1, max=MAX_BATCH_SIZE, help="Documents per batch."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    output_format: str = typer.Option("table", "--format", help="table (the format follows OUTPUT's "
                                      "extension), or timeml: each article as TimeML with inline TIMEX3 "
                                      "in the folder OUTPUT (or the one file OUTPUT.tml)."),
    dask: Optional[str] = typer.Option(None, "--dask", help=_DASK_HELP),
) -> None:
    """Extract the fact table from articles and write it to OUTPUT.

    Articles that cannot be read or processed, and stages that fail on an article, are listed in OUTPUT's errors table (same name with `.errors` before the extension) and on stderr; everything else is written. OUTPUT is written only once complete, and a second run on the same OUTPUT is refused.
    """
    if output_format not in {"table", "timeml"}:
        raise UsageFailure(f"--format {output_format!r}: give table or timeml")
    if dask is not None and (output_format == "timeml" or output.suffix == ".tml"):
        raise UsageFailure("--dask writes fact tables; give --format table")
    if output_format == "timeml" or output.suffix == ".tml":
        _write_timeml(inputs, output, published, model, processes, batch_size)
        return
    _run(inputs, output, published, model, processes, batch_size, quiet, incremental=False, dask=dask)


def _write_timeml(inputs, output: Path, published, model, processes, batch_size) -> None:
    """Write each article as TimeML: into the folder `output`, or to the file `output` (.tml)
    when there is one article; each file is written whole or not at all."""
    from .articles import read_articles
    from .extract import extract
    from .output import atomic_text
    from .timeml import timeml_file_name, timeml_text

    nlp = _load(model)
    single = output.suffix == ".tml"
    if not single:
        output.mkdir(parents=True, exist_ok=True)
    written, failed = 0, 0
    for item, rows in extract(read_articles(inputs, published), nlp, n_process=processes, batch_size=batch_size):
        if not hasattr(item, "text"):
            typer.echo(f"error: {item}", err=True)
            failed += 1
            continue
        if single and written:
            raise UsageFailure(f"{output}: one .tml file holds one article; give a folder for several")
        atomic_text(output if single else output / timeml_file_name(item.id), timeml_text(item, rows))
        written += 1
    typer.echo(f"{written} articles as TimeML, {failed} errors -> {output}", err=True)
    if failed:
        raise typer.Exit(code=ExitCode.ARTICLES_FAILED)


@app.command(epilog=EXIT_HELP)
@reporting
def regenerate(
    inputs: List[Path] = typer.Argument(..., help=_INPUTS_HELP),
    output: Path = typer.Option(Path("facts.parquet"), "--output", "-o", help=_OUTPUT_HELP),
    everything: bool = typer.Option(False, "--all", help="Reprocess every article."),
    published: Optional[str] = typer.Option(None, help=_PUBLISHED_HELP),
    model: Optional[Path] = typer.Option(None, help=_MODEL_HELP),
    processes: int = typer.Option(1, "--processes", "-p", min=1, help="Worker processes (at most the CPUs)."),
    batch_size: int = typer.Option(16, min=1, max=MAX_BATCH_SIZE, help="Documents per batch."),
    details: bool = typer.Option(True, help="List every fact added, removed or changed."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    report: Optional[Path] = typer.Option(None, "--report", help="Also write the changes as an HTML "
                                          "page (e.g. diff.html): old and new facts side by side."),
    dask: Optional[str] = typer.Option(None, "--dask", help=_DASK_HELP),
) -> None:
    """Rebuild OUTPUT and report what changed against the previous table.

    Only articles whose text, metadata or pipeline changed are processed again (a content hash per article and a pipeline fingerprint, kept in OUTPUT.manifest.json with the table's own hash), unless --all. A manifest that is missing, broken or of another table means every article is processed again and compared with the table.
    """
    result = _run(inputs, output, published, model, processes, batch_size, quiet,
                  incremental=not everything, report=True, dask=dask)
    if report is not None:
        from .review import diff_page, write_page

        write_page(report, diff_page(result.changes, inputs, output.name))
        typer.echo(f"changes of {len(result.changes)} articles -> {report}", err=True)
    for change in result.changes:
        typer.echo(change.summary())
        if details:
            for row in change.added:
                typer.echo(f"  + {row['kind']} {row['label']} {row['text']!r} = {row['value']!r}")
            for row in change.removed:
                typer.echo(f"  - {row['kind']} {row['label']} {row['text']!r} = {row['value']!r}")
            for old, new in change.changed:
                typer.echo(f"  ~ {new['kind']} {new['text']!r}: {old['label']} {old['value']!r} -> "
                           f"{new['label']} {new['value']!r}")
    typer.echo(f"{result.processed} processed, {result.reused} unchanged and reused, "
               f"{len(result.changes)} articles with changes")
    if result.failed:
        raise typer.Exit(code=int(ExitCode.ARTICLES_FAILED))


def _run(inputs, output, published, model, processes, batch_size, quiet, *, incremental, report=False,
         dask=None):
    from .batch import check_output, run_batch
    from .datasets import is_dataset

    if dask is not None:
        from .cluster import check_cluster_spec

        check_cluster_spec(dask, available_cpus())
        if processes > 1:
            raise UsageFailure("--processes and --dask: on a cluster the workers are the processes; give one")
    if processes > available_cpus():
        raise UsageFailure(f"--processes {processes} is more than the {available_cpus()} CPUs this machine gives "
                           f"this process: use at most {available_cpus()}")
    if published is not None:
        from .articles import parse_published
        try:
            published = parse_published(published)
        except ValueError as err:
            raise UsageFailure(f"--published: {err}") from None
    check_output(inputs, output, dataset=dask is not None or is_dataset(output))
    started = time.perf_counter()
    nlp = _load(model)

    def batch(cluster=None):
        progress = _progress(quiet)

        def on_item(item) -> None:
            if hasattr(item, "problem"):
                progress.write(f"error: {item}")
            progress.update(1)

        try:
            return run_batch(inputs, output, nlp, published=published, n_process=processes,
                             batch_size=batch_size, incremental=incremental, on_item=on_item, cluster=cluster)
        finally:
            progress.close()

    if dask is None:
        result = batch()
    else:
        from .cluster import connect, dashboard_note

        with connect(dask) as client:
            typer.echo(dashboard_note(client), err=True)
            result = batch(client)
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    seconds = time.perf_counter() - started
    kinds = result.kinds
    by_kind = ", ".join(f"{kinds[k]} {k}" for k in KINDS)
    typer.echo(f"{result.articles} articles, {sum(kinds.values())} facts ({by_kind}), "
               f"{result.failed} errors, {seconds:.1f}s -> {output}", err=True)
    if result.failed and not report:
        raise typer.Exit(code=int(ExitCode.ARTICLES_FAILED))
    return result


def _load(model: Optional[Path]):
    """The pipeline: `--model`, or the saved or built default (`pipeline.build.load_pipeline`).

    RAISES UsageFailure: `model` is not such a folder, or spaCy cannot load it.
    """
    from .build import load_pipeline

    if model is not None and not (model.is_dir() and (model / "config.cfg").is_file()):
        what = "does not exist" if not model.exists() else "is not a pipeline folder (no config.cfg in it)"
        raise UsageFailure(f"--model {model} {what}: give a folder written by `newsfacts build -o {model}`")
    try:
        return load_pipeline(str(model) if model else None)
    except Exception as err:  # spaCy's errors for a damaged folder are many and long
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise UsageFailure(f"--model {model}: cannot load the pipeline ({type(err).__name__}: {first}); "
                           f"build it again with `newsfacts build -o {model}`") from None


@app.command()
def build(
    output: Path = typer.Option(Path("models/newsfacts_en"), "--output", "-o",
                                help="Folder to save the pipeline to."),
) -> None:
    """Build the pipeline from models/config.cfg and save it for `spacy.load`."""
    from .build import build_pipeline, save_pipeline, source_hash

    nlp = build_pipeline()
    save_pipeline(nlp, output, source_hash())
    typer.echo(f"saved {', '.join(nlp.pipe_names)} -> {output}", err=True)


@app.command(epilog=EXIT_HELP)
@reporting
def check(
    table: Path = typer.Argument(..., help="A fact table written by `newsfacts extract`."),
    inputs: List[Path] = typer.Argument(..., help="The articles and their gold files "
                                                  "(<id>.gold.jsonl), e.g. corpus/."),
    output_format: str = typer.Option("text", "--format", help="text, or json for scripts."),
    config: Path = typer.Option(Path("pyproject.toml"), help="Where [tool.newsfacts.thresholds] is."),
    details: bool = typer.Option(True, help="List each miss, spurious fact and wrong value."),
) -> None:
    """Score a fact table against hand-made gold: P/R/F1 strict and relaxed, value and label F1.

    The thresholds come from [tool.newsfacts.thresholds] in --config, and the report says which it applied; without any, check fails rather than pass unchecked.
    """
    import json

    from .checking import THRESHOLDS_TABLE, check_table, load_thresholds
    from .score import below_thresholds, format_report

    thresholds = load_thresholds(config)
    if not thresholds:
        raise NothingToCheck(f"no thresholds: {config} has no [{THRESHOLDS_TABLE}] table; add one (see "
                             f"pyproject.toml) or give its file with --config")
    report, skipped = check_table(table, inputs)
    scores = report.scores()
    failures = below_thresholds(scores, thresholds)
    measures = sum(len(limits) for limits in thresholds.values())
    applied = f"{config} [{THRESHOLDS_TABLE}]: {measures} thresholds on {', '.join(thresholds)}"
    if output_format == "json":
        typer.echo(json.dumps({"articles": report.articles, "without_gold": skipped, "scores": scores,
                               "thresholds": {"file": str(config), "table": THRESHOLDS_TABLE,
                                              "values": thresholds},
                               "below_thresholds": failures}, indent=2))
    else:
        typer.echo(format_report(report, details=details))
        if skipped:
            typer.echo(f"({len(skipped)} articles in the table have no gold file)")
        typer.echo(f"thresholds applied: {applied}", err=True)
        for failure in failures:
            typer.echo(f"below threshold: {failure}", err=True)
    if failures:
        raise typer.Exit(code=int(ExitCode.BELOW_THRESHOLD))


@app.command(epilog=EXIT_HELP)
@reporting
def review(
    table: Path = typer.Argument(..., help="A fact table written by `newsfacts extract`."),
    gold: List[Path] = typer.Option([], "--gold", help="Gold files (<id>.gold.jsonl) or folders holding "
                                                       "them, e.g. corpus/; their articles are read too."),
    articles: List[Path] = typer.Option([], "--articles", help="The articles' files or folders, for "
                                                               "their texts (default: the --gold folders)."),
    output: Path = typer.Option(Path("report.html"), "--output", "-o", help="The HTML page to write."),
) -> None:
    """Write one self-contained HTML page to review a fact table: an index of the articles with a
    filter, each article's text with its facts highlighted, charts, and with --gold the misses,
    spurious and wrong facts and the scores of `check`.

    The page needs no network and no server. Exits with status 1 when an article had a problem
    (its text or gold missing or not fitting the table); the page is written all the same.
    """
    from .review import ReviewError, gather_review, review_page, write_page

    try:
        found = gather_review(table, articles, gold)
    except ReviewError as error:
        typer.echo(f"newsfacts review: {error}", err=True)
        raise typer.Exit(code=ExitCode.UNREADABLE)
    write_page(output, review_page(found))
    for problem in found.problems:
        typer.echo(f"newsfacts review: article {problem}", err=True)
    typer.echo(f"{len(found.articles)} articles -> {output}", err=True)
    if found.problems:
        raise typer.Exit(code=ExitCode.ARTICLES_FAILED)


@app.command("eval", epilog=EXIT_HELP)
@reporting
def evaluate(
    gold: List[Path] = typer.Argument(..., help="TimeML files with TIMEX3 tags and a DCT (e.g. TempEval-3 "
                                                "te3-platinum/), or MEANTIME CAT XML files, or folders of them."),
    inputs: Optional[Path] = typer.Option(None, help="Folder of the unannotated inputs to run on "
                                                     "(e.g. TE3-platinum-test/), paired by DOCID."),
    model: Optional[Path] = typer.Option(None, help="A pipeline saved by `newsfacts build`."),
    output_format: str = typer.Option("text", "--format", help="text, or json for scripts."),
    details: bool = typer.Option(False, help="List each miss, spurious date and wrong value."),
    kind: str = typer.Option(DATE, "--kind", help="date, or entity (MEANTIME only: its named mentions, "
                                                  "scored beside bare en_core_web_sm on the same texts)."),
) -> None:
    """Score the pipeline's dates on TimeML or MEANTIME documents: strict, relaxed, value and type F1;
    with --kind entity, its entities on MEANTIME: per mention and per entity, untyped and typed F1.

    The text and publication date come from each document; its TIMEX3 tags are the gold (in
    MEANTIME, inside the annotated sentences; its dateline is the publication date).
    """
    import json

    from .checking import evaluate_meantime, evaluate_timeml
    from .meantime import is_meantime
    from .score import format_report

    if kind not in (DATE, ENTITY):
        raise UsageFailure(f"--kind {kind}: give date or entity")
    nlp = _load(model)
    files = [p for g in gold for p in (sorted(g.rglob("*.xml")) if g.is_dir() else [g])]
    meantime = bool(files) and all(is_meantime(p) for p in files)
    if kind == ENTITY:
        _evaluate_entities(gold, nlp, meantime, output_format, details)
        return
    if meantime:
        report = evaluate_meantime(gold, nlp)
    else:
        report = evaluate_timeml(gold, nlp, inputs)
    if output_format == "json":
        typer.echo(json.dumps({"documents": report.articles, "scores": report.scores()[DATE]}, indent=2))
    else:
        text = format_report(report, details=details)
        typer.echo("\n".join(line for line in text.splitlines()
                             if not line.startswith(("entity ", "quantity ", "all "))))


def _evaluate_entities(gold: List[Path], nlp, meantime: bool, output_format: str, details: bool) -> None:
    """`eval --kind entity`: newsfacts and bare en_core_web_sm on MEANTIME's named mentions."""
    import json

    import spacy

    from .build import base_model_name
    from .checking import evaluate_meantime_entities
    from .entity_score import format_entity_reports

    if not meantime:
        raise UsageFailure("--kind entity needs MEANTIME CAT XML files (e.g. ../shared/eval/meantime/)")
    reports = evaluate_meantime_entities(gold, nlp, baseline=spacy.load(base_model_name()),
                                         baseline_name="en_core_web_sm")
    if output_format == "json":
        typer.echo(json.dumps({name: report.scores() for name, report in reports.items()}, indent=2))
        return
    typer.echo(format_entity_reports(reports))
    if details:
        for document, name, label, gold_text, gold_type in reports["newsfacts"].wrong_type:
            typer.echo(f"wrong type: [{document}] {name!r} {label}, gold {gold_text!r} {gold_type}")


@app.command("eval-units", epilog=EXIT_HELP)
@reporting
def evaluate_units_command(
    specs: List[Path] = typer.Argument(..., help="Quantity test sets: Recognizers-Text spec files "
                                                 "(AgeModel.json, NumberModel.json, ...), quantulum3's "
                                                 "test cases, or sentences of ours (.jsonl)."),
    model: Optional[Path] = typer.Option(None, help="A pipeline saved by `newsfacts build`."),
    output_format: str = typer.Option("text", "--format", help="text, or json for scripts."),
) -> None:
    """Score quantities on test sets of sentences: value, value+unit, value+change and concept F1."""
    import json

    from .checking import evaluate_units

    scores = evaluate_units(specs, _load(model))
    if output_format == "json":
        typer.echo(json.dumps(scores, indent=2))
        return
    typer.echo(f"{'set':26} {'cases':>5} {'gold':>5} {'sys':>5} {'span F1':>8} {'value F1':>9} {'+unit F1':>9} "
               f"{'+change F1':>10} {'concept P/C F1':>14}")
    for name, s in scores.items():
        annotated = f"{s['value_change_f1']:>10.3f} {s['concept_partial_f1']:>6.3f} / {s['concept_complete_f1']:.3f}" \
            if "value_change_f1" in s else ""
        typer.echo(f"{name:26} {s['cases']:>5} {s['gold']:>5} {s['system']:>5} {s['span_f1']:>8.3f} "
                   f"{s['value_f1']:>9.3f} {s['value_unit_f1']:>9.3f} {annotated}".rstrip())


@app.command(epilog=EXIT_HELP)
@reporting
def bench(
    inputs: List[Path] = typer.Argument(..., help=_INPUTS_HELP),
    processes: int = typer.Option(2, "--processes", "-p", min=1,
                                  help="Also measure with this many processes (1: one process only)."),
    repeats: int = typer.Option(1, min=1, help="Runs of each configuration; the fastest counts."),
    stage_articles: int = typer.Option(300, min=1, help="At most this many articles for the per-stage times."),
    published: Optional[str] = typer.Option(None, help=_PUBLISHED_HELP),
    output_format: str = typer.Option("text", "--format", help="text, or json for scripts."),
) -> None:
    """Benchmark extraction on your articles against bare en_core_web_sm on the same texts.

    Prints articles and tokens per second with 1 and --processes processes, the ratio to bare
    en_core_web_sm, startup of a fresh process against spacy.load, per-stage milliseconds per
    article and peak memory, with the machine's CPUs. Each run is a process of its own.
    """
    import json

    from .bench import bench as run_bench, format_report

    if output_format not in ("text", "json"):
        raise UsageFailure(f"--format {output_format}: use text or json")
    missing = [str(path) for path in inputs if not path.exists()]
    if missing:
        raise UsageFailure(f"no such file or folder: {', '.join(missing)}")
    try:
        report = run_bench([str(path) for path in inputs], processes=processes, repeats=repeats,
                           stage_articles=stage_articles, published=published)
    except RuntimeError as err:
        raise UsageFailure(str(err)) from None
    if not report.articles:
        raise UsageFailure(f"no articles could be read from {', '.join(map(str, inputs))}")
    typer.echo(json.dumps(report.to_dict(), indent=2) if output_format == "json" else format_report(report))


@app.command()
def schema() -> None:
    """Print the fact table's columns, types and meanings."""
    from .facts import SCHEMA

    for column, (kind, meaning) in SCHEMA.items():
        typer.echo(f"{column:16} {kind:7} {meaning}")


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


class Interrupted(BaseException):
    """Ctrl-C, raised as our own exception so that click does not turn it into "Aborted!"."""


def _raise_on_signal(signum: int, frame) -> None:
    raise Terminated() if signum == signal.SIGTERM else Interrupted()


def main() -> None:
    """Entry point of the `newsfacts` console script: every failure is one line on stderr and
    an exit status of `pipeline.failures.ExitCode`; SIGTERM and Ctrl-C clean up first."""
    signal.signal(signal.SIGTERM, _raise_on_signal)
    signal.signal(signal.SIGINT, _raise_on_signal)
    try:
        app()
    except Terminated:
        typer.echo("newsfacts: terminated (SIGTERM): nothing was written, the previous table is unchanged",
                   err=True)
        sys.exit(int(ExitCode.TERMINATED))
    except Interrupted:
        typer.echo("newsfacts: interrupted: nothing was written, the previous table is unchanged", err=True)
        sys.exit(int(ExitCode.INTERRUPTED))
    except Exception as err:  # a bug: one line, the traceback on request
        if os.environ.get("NEWSFACTS_DEBUG"):
            raise
        typer.echo(f"newsfacts: internal error: {type(err).__name__}: {err} (set NEWSFACTS_DEBUG=1 for the "
                   f"traceback, and please report it)", err=True)
        sys.exit(int(ExitCode.INTERNAL))


if __name__ == "__main__":
    main()
