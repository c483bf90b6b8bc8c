"""The `newsfacts` command-line application, on which `pipeline.cli` registers every command: the Typer app,
the error reporting every command shares, the common option help and the pipeline loader."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable, Optional

import typer

from pipeline.core.failures import Failure, UsageFailure, exit_codes_help, printable

EXIT_HELP = exit_codes_help()
app = typer.Typer(
    help="Turn English news articles into a fact table: entities, dates and times, and "
         "quantities, each normalised and traceable to its sentence.",
    epilog=EXIT_HELP, add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
)


def say(message: object, err: bool = True) -> None:
    """Print one message line (on stderr by default) with what is not printable escaped
    (`failures.printable`): ids, file names and texts in it never reach the terminal raw."""
    typer.echo(printable(message), err=err)


def reporting(command: Callable) -> Callable:
    """Turn a `Failure` raised by a command into one line on stderr and its exit status."""
    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except Failure as failure:
            say(f"newsfacts {command.__name__.replace('_command', '')}: error: {failure}")
            raise typer.Exit(code=int(failure.code)) from None

    return run


_INPUTS_HELP = ("Article files (.jsonl; .csv or .parquet with a row per article; .txt, its first line the title "
                "when a headline, with an optional .json sidecar; TimeML .tml) or folders such as corpus/ "
                "(a folder's .csv and .parquet files are not read: name them).")
_OUTPUT_HELP = "Fact table to write; the extension picks the format: .parquet (the default), .csv or .jsonl."
_PUBLISHED_HELP = ("Publication date (YYYY-MM-DD) for every article whose own has none, e.g. a folder of .txt "
                   "stories without sidecars; a sidecar's or a record's own date wins over it.")
_COLUMNS_HELP = ("Column names of JSON Lines, CSV and Parquet inputs that are not id, text, published, title, "
                 "source, language: FIELD=NAME pairs, e.g. id=story_id,text=body,published=date.")
_MODEL_HELP = ("A pipeline saved by `newsfacts build`; default: models/newsfacts_en if it is current, "
               "else built from models/config.cfg (and saved there).")
_DASK_HELP = ("Run on a Dask cluster: local:N starts N worker processes here, tcp://HOST:8786 uses a running "
              "scheduler. OUTPUT is then a Parquet dataset folder; needs `pip install 'newsfacts[dask]'`.")


def check_columns(columns: Optional[str]) -> Optional[dict[str, str]]:
    """The --columns mapping (`io.article_formats.parse_columns`), or None without one.

    RAISES UsageFailure: the mapping is not FIELD=NAME pairs of article fields.
    """
    if columns is None:
        return None
    from pipeline.io.article_formats import parse_columns

    try:
        return parse_columns(columns)
    except ValueError as err:
        raise UsageFailure(f"--columns {columns!r}: {err}") from None


def check_published(published: Optional[str]) -> Optional[str]:
    """The --published date normalised (`core.records.parse_published`), or None without one.

    RAISES UsageFailure: not a date newsfacts takes.
    """
    if published is None:
        return None
    from pipeline.core.records import parse_published

    try:
        return parse_published(published)
    except ValueError as err:
        raise UsageFailure(f"--published: {err}") from None


def _load(model: Optional[Path]):
    """The pipeline of `--model`, or the saved or built default (`pipeline.run.build.load_model`).

    RAISES UsageFailure: `model` is not such a folder, or spaCy cannot load it.
    """
    from pipeline.run.build import load_model

    return load_model(model, "--model")
