"""The `newsfacts` command line: extract fact tables, build the pipeline, show the schema."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(
    help="Turn English news articles into a fact table: entities, dates and times, and "
         "quantities, each normalised and traceable to its sentence.",
    add_completion=False, no_args_is_help=True,
)


@app.command()
def extract(
    inputs: List[Path] = typer.Argument(..., help="Article files (.jsonl, .txt with optional .json "
                                                  "sidecar) or folders such as corpus/."),
    output: Path = typer.Option(..., "--output", "-o", help="Fact table to write; the extension picks "
                                                            "the format: .parquet, .csv or .jsonl."),
    published: Optional[str] = typer.Option(None, help="Publication date (YYYY-MM-DD) for articles "
                                                       "whose metadata has none, e.g. plain .txt files."),
    model: Optional[Path] = typer.Option(None, help="A pipeline saved by `newsfacts build`; default: "
                                                    "build from models/config.cfg."),
    processes: int = typer.Option(1, "--processes", "-p", min=1, help="Worker processes."),
    batch_size: int = typer.Option(16, help="Articles per batch."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Extract the fact table from articles and write it to OUTPUT.

    Articles that cannot be read or processed are listed in OUTPUT's errors table
    (same name with `.errors` before the extension) and on stderr; the others are written.
    The exit status is 1 when any article failed.
    """
    from .articles import read_articles
    from .build import load_pipeline
    from .extract import ERROR_SCHEMA, extract as run
    from .facts import SCHEMA
    from .output import TableWriter, table_format

    try:
        table_format(output)
    except ValueError as err:
        raise typer.BadParameter(str(err), param_hint="--output")
    if published is not None:
        from .articles import parse_published
        try:
            published = parse_published(published)
        except ValueError as err:
            raise typer.BadParameter(str(err), param_hint="--published")
    started = time.perf_counter()
    nlp = load_pipeline(str(model) if model else None)
    errors_path = output.with_name(f"{output.stem}.errors{output.suffix}")
    kinds: Counter = Counter()
    articles = failed = 0
    progress = _progress(quiet)
    with TableWriter(output, SCHEMA) as facts, TableWriter(errors_path, ERROR_SCHEMA) as errors:
        for item, rows in run(read_articles(inputs, published), nlp, n_process=processes,
                              batch_size=batch_size):
            if hasattr(item, "problem"):
                failed += 1
                errors.write([{"article_id": item.article_id, "origin": item.origin,
                               "problem": item.problem}])
                progress.write(f"error: {item}")
            else:
                articles += 1
                facts.write(rows)
                kinds.update(r["kind"] for r in rows)
            progress.update(1)
    progress.close()
    seconds = time.perf_counter() - started
    by_kind = ", ".join(f"{kinds[k]} {k}" for k in ("entity", "date", "quantity"))
    typer.echo(f"{articles} articles, {sum(kinds.values())} facts ({by_kind}), {failed} errors, "
               f"{seconds:.1f}s -> {output}", err=True)
    if failed:
        raise typer.Exit(code=1)


@app.command()
def build(
    output: Path = typer.Option(Path("models/newsfacts_en"), "--output", "-o",
                                help="Folder to save the pipeline to."),
) -> None:
    """Build the pipeline from models/config.cfg and save it for `spacy.load`."""
    from .build import build_pipeline

    nlp = build_pipeline()
    nlp.to_disk(output)
    typer.echo(f"saved {', '.join(nlp.pipe_names)} -> {output}", err=True)


@app.command()
def check(
    table: Path = typer.Argument(..., help="A fact table written by `newsfacts extract`."),
    inputs: List[Path] = typer.Argument(..., help="The articles and their gold files "
                                                  "(<id>.gold.jsonl), e.g. corpus/."),
    output_format: str = typer.Option("text", "--format", help="text, or json for scripts."),
    config: Path = typer.Option(Path("pyproject.toml"), help="Where [tool.newsfacts.thresholds] is."),
    details: bool = typer.Option(True, help="List each miss, spurious fact and wrong value."),
) -> None:
    """Score a fact table against hand-made gold: P/R/F1 strict and relaxed, value and label F1.

    Exits with status 1 when a score is below its threshold in the config.
    """
    import json

    from .checking import check_table, load_thresholds
    from .score import below_thresholds, format_report

    report, skipped = check_table(table, inputs)
    scores = report.scores()
    failures = below_thresholds(scores, load_thresholds(config))
    if output_format == "json":
        typer.echo(json.dumps({"articles": report.articles, "without_gold": skipped,
                               "scores": scores, "below_thresholds": failures}, indent=2))
    else:
        typer.echo(format_report(report, details=details))
        if skipped:
            typer.echo(f"({len(skipped)} articles in the table have no gold file)")
        for failure in failures:
            typer.echo(f"below threshold: {failure}", err=True)
    if failures:
        raise typer.Exit(code=1)


@app.command("eval")
def evaluate(
    gold: List[Path] = typer.Argument(..., help="TimeML files with TIMEX3 tags and a DCT, or "
                                                "folders of them (e.g. TempEval-3 te3-platinum/)."),
    inputs: Optional[Path] = typer.Option(None, help="Folder of the unannotated inputs to run on "
                                                     "(e.g. TE3-platinum-test/), paired by DOCID."),
    model: Optional[Path] = typer.Option(None, help="A pipeline saved by `newsfacts build`."),
    output_format: str = typer.Option("text", "--format", help="text, or json for scripts."),
    details: bool = typer.Option(False, help="List each miss, spurious date and wrong value."),
) -> None:
    """Score the pipeline's dates on TimeML documents: strict, relaxed, value and type F1.

    The text and publication date come from each document; its TIMEX3 tags are the gold.
    """
    import json

    from .build import load_pipeline
    from .checking import evaluate_timeml
    from .score import format_report

    report = evaluate_timeml(gold, load_pipeline(str(model) if model else None), inputs)
    if output_format == "json":
        typer.echo(json.dumps({"documents": report.articles, "scores": report.scores()["date"]}, indent=2))
    else:
        text = format_report(report, details=details)
        typer.echo("\n".join(line for line in text.splitlines()
                             if not line.startswith(("entity ", "quantity ", "all "))))


@app.command()
def schema() -> None:
    """Print the fact table's columns, types and meanings."""
    from .facts import SCHEMA

    for column, (kind, meaning) in SCHEMA.items():
        typer.echo(f"{column:14} {kind:7} {meaning}")


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


def main() -> None:
    """Entry point of the `newsfacts` console script."""
    app()


if __name__ == "__main__":
    main()
