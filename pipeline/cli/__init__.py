"""The `newsfacts` command line: the Typer application and what every command shares (`app`), the
commands that make tables (`make`: extract, regenerate, build, schema), those that measure
(`measure`: check, review, eval, eval-units, bench) and the console script (`main`). The commands
are registered here, in the order `--help` lists them; the exit statuses are listed once, under
`newsfacts --help`, and each command's help points there."""

from pipeline.cli import make, measure
from pipeline.cli.app import SEE_EXIT_HELP, app
from pipeline.cli.main import main

# a short help where the first sentence of a command's help is too long for the list of commands
app.command(epilog=SEE_EXIT_HELP)(make.extract)
app.command(epilog=SEE_EXIT_HELP, short_help="Rebuild OUTPUT; report what changed since the previous table.")(
    make.regenerate)
app.command(epilog=SEE_EXIT_HELP, short_help="Build the pipeline and save it for spacy.load.")(make.build)
app.command(epilog=SEE_EXIT_HELP, short_help="Print the fact table's columns, their types and meanings.")(make.schema)
app.command(epilog=SEE_EXIT_HELP, short_help="Score a fact table against hand-made gold.")(measure.check)
app.command(epilog=SEE_EXIT_HELP)(measure.review)
app.command("eval", epilog=SEE_EXIT_HELP, short_help="Score dates, entities or quantities on evaluation corpora.")(
    measure.evaluate)
app.command("eval-units", epilog=SEE_EXIT_HELP, short_help="Score quantities on test sets of sentences.")(
    measure.evaluate_units_command)
app.command(epilog=SEE_EXIT_HELP, short_help="Benchmark speed against bare en_core_web_sm.")(measure.bench)

__all__ = ["app", "main"]
