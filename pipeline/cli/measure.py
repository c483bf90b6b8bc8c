"""The `newsfacts` commands that measure: check a fact table against gold, review it in a browser,
evaluate on TempEval-3, MEANTIME and unit test sets, and benchmark speed against bare en_core_web_sm.

They are registered on `pipeline.cli.app`, next to the commands that make fact tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from pipeline.core.failures import ExitCode, NothingToCheck, Unreadable, UsageFailure, printable_lines
from pipeline.core.kinds import DATE, ENTITY, QUANTITY

from .app import _COLUMNS_HELP, _INPUTS_HELP, _PUBLISHED_HELP, _load, check_columns, check_published, reporting, say


@reporting
def check(
    table: Path = typer.Argument(..., help="A fact table written by `newsfacts extract`."),
    inputs: List[Path] = typer.Argument(..., help="The articles and their gold files "
                                                  "(<id>.gold.jsonl), e.g. corpus/."),
    output_format: str = typer.Option("text", "--format", help="text, or json for scripts."),
    config: Path = typer.Option(Path("pyproject.toml"), help="Where [tool.newsfacts.thresholds] is."),
    details: bool = typer.Option(True, help="List each miss, spurious fact and wrong value."),
    published: Optional[str] = typer.Option(None, help=_PUBLISHED_HELP),
    columns: Optional[str] = typer.Option(None, "--columns", help=_COLUMNS_HELP),
) -> None:
    """Score a fact table against hand-made gold: P/R/F1 strict and relaxed, value and label F1.

    The thresholds come from [tool.newsfacts.thresholds] in --config, and the report says which it applied; without any, check fails rather than pass unchecked.
    """
    import json

    from pipeline.evaluation.check import THRESHOLDS_TABLE, check_table, load_thresholds
    from pipeline.evaluation.score import below_thresholds, format_report

    thresholds = load_thresholds(config)
    if not thresholds:
        raise NothingToCheck(f"no thresholds: {config} has no [{THRESHOLDS_TABLE}] table; add one (see "
                             f"pyproject.toml) or give its file with --config")
    report, skipped = check_table(table, inputs, published=check_published(published), columns=check_columns(columns))
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
        typer.echo(printable_lines(format_report(report, details=details)))
        if skipped:
            typer.echo(f"({len(skipped)} articles in the table have no gold file)")
        typer.echo(f"thresholds applied: {applied}", err=True)
        for failure in failures:
            typer.echo(f"below threshold: {failure}", err=True)
    if failures:
        raise typer.Exit(code=int(ExitCode.BELOW_THRESHOLD))


@reporting
def review(
    table: Path = typer.Argument(..., help="A fact table written by `newsfacts extract`."),
    gold: List[Path] = typer.Option([], "--gold", help="Gold files (<id>.gold.jsonl) or folders holding "
                                                       "them, e.g. corpus/; their articles are read too."),
    articles: List[Path] = typer.Option([], "--articles", help="The articles' files or folders, for "
                                                               "their texts (default: the --gold folders)."),
    output: Path = typer.Option(Path("report.html"), "--output", "-o", help="The HTML page to write."),
    published: Optional[str] = typer.Option(None, help=_PUBLISHED_HELP),
    columns: Optional[str] = typer.Option(None, "--columns", help=_COLUMNS_HELP),
) -> None:
    """Write one self-contained HTML page to review a fact table.

    An index of the articles with a filter, each article's text with its facts highlighted, charts, and with --gold the misses, spurious and wrong facts and the scores of `check`.

    The page needs no network and no server. Exits with status 1 when an article had a problem (its text or gold missing or not fitting the table); the page is written all the same.
    """
    from pipeline.io.paths import Output, check_writes, errors_path, manifest_path
    from pipeline.review.page import ReviewError, gather_review, review_page, write_page

    check_writes([table, errors_path(table), manifest_path(table), *articles, *gold], [Output("output", output)])
    reading = {"published": check_published(published), "columns": check_columns(columns)}
    try:
        found = gather_review(table, articles, gold, **reading)
    except ReviewError as error:
        say(f"newsfacts review: {error}")
        raise typer.Exit(code=ExitCode.UNREADABLE) from None
    write_page(output, review_page(found))
    for problem in found.problems:
        say(f"newsfacts review: article {problem}")
    say(f"{len(found.articles)} articles -> {output}")
    if found.problems:
        raise typer.Exit(code=ExitCode.ARTICLES_FAILED)


@reporting
def evaluate(
    gold: List[Path] = typer.Argument(..., help="TimeML files with TIMEX3 tags and a DCT (e.g. TempEval-3 "
                                                "te3-platinum/), or MEANTIME CAT XML files, or folders of them; "
                                                "with --kind quantity, the news-quantity gold (corpus/news-quantities)."),
    inputs: Optional[Path] = typer.Option(None, help="Folder of the unannotated inputs to run on "
                                                     "(e.g. TE3-platinum-test/), paired by DOCID."),
    model: Optional[Path] = typer.Option(None, help="A pipeline saved by `newsfacts build`."),
    output_format: str = typer.Option("text", "--format", help="text, or json for scripts."),
    details: bool = typer.Option(False, help="List each miss, spurious date and wrong value."),
    kind: str = typer.Option(DATE, "--kind", help="date; entity (MEANTIME only: its named mentions, "
                                                  "scored beside bare en_core_web_sm on the same texts); or quantity "
                                                  "(the news-quantity gold, beside quantulum3)."),
    split: str = typer.Option("dev", "--split", help="With --kind quantity: dev, test or all documents."),
    texts: Optional[Path] = typer.Option(None, "--texts", help="With --kind quantity: the evaluation data the "
                                                               "gold points into; default: ../shared/eval beside the checkout."),
) -> None:
    """Score the pipeline's dates on TimeML or MEANTIME documents: strict, relaxed, value and type F1; with --kind entity, its entities on MEANTIME: per mention and per entity, untyped and typed F1; with --kind quantity, its quantities on real news as the quantity benchmarks score them: value, value+unit, value+change and concept F1, beside quantulum3.

    The text and publication date come from each document; its TIMEX3 tags are the gold (in MEANTIME, inside the annotated sentences; its dateline is the publication date).
    """
    import json

    from pipeline.evaluation.corpora import evaluate_meantime, evaluate_timeml
    from pipeline.evaluation.score import format_report
    from pipeline.io.meantime import is_meantime

    if kind not in (DATE, ENTITY, QUANTITY):
        raise UsageFailure(f"--kind {kind}: give date, entity or quantity")
    if kind == QUANTITY:
        _evaluate_quantities(gold, model, split, texts, output_format, details)
        return
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


def _evaluate_quantities(gold: List[Path], model: Optional[Path], split: str, texts: Optional[Path],
                         output_format: str, details: bool) -> None:
    """`eval --kind quantity`: newsfacts and quantulum3 on the news-quantity gold."""
    import json

    from pipeline.evaluation import news_quantities as news

    if len(gold) != 1 or not news.is_news_gold(gold[0]):
        raise UsageFailure(f"--kind quantity: give one folder of news-quantity gold (with split.tsv and gold/), "
                           f"such as corpus/news-quantities, not {' '.join(map(str, gold))}")
    if split not in (*news.SPLITS, "all"):
        raise UsageFailure(f"--split {split}: give {', '.join(news.SPLITS)} or all")
    nlp = _load(model)
    try:
        result = news.evaluate_news_quantities(gold[0], nlp, news.SPLITS if split == "all" else (split,), texts,
                                               details=details)
    except news.NewsGoldError as err:
        raise Unreadable(str(err)) from None
    typer.echo(json.dumps(result, indent=2) if output_format == "json" else printable_lines(news.format_news_scores(result)))


def _evaluate_entities(gold: List[Path], nlp, meantime: bool, output_format: str, details: bool) -> None:
    """`eval --kind entity`: newsfacts and bare en_core_web_sm on MEANTIME's named mentions."""
    import json

    import spacy

    from pipeline.evaluation.corpora import evaluate_meantime_entities
    from pipeline.evaluation.entity_score import format_entity_reports
    from pipeline.run.build import base_model_name

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

    from pipeline.evaluation.unit_sets import evaluate_units

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

    Prints articles and tokens per second with 1 and --processes processes, the ratio to bare en_core_web_sm, startup of a fresh process against spacy.load, per-stage milliseconds per article and peak memory, with the machine's CPUs. Each run is a process of its own.
    """
    import json

    from pipeline.evaluation.bench import bench as run_bench
    from pipeline.evaluation.bench import format_report

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
