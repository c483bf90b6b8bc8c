"""The `newsfacts` command line: the Typer application and what every command shares (`app`), the
commands that make tables (`make`: extract, regenerate, build, schema), those that measure
(`measure`: check, review, eval, eval-units, bench) and the console script (`main`). The commands
are registered here, in the order `--help` lists them."""

from pipeline.cli import make, measure
from pipeline.cli.app import EXIT_HELP, app
from pipeline.cli.main import main

app.command(epilog=EXIT_HELP)(make.extract)
app.command(epilog=EXIT_HELP)(make.regenerate)
app.command()(make.build)
app.command()(make.schema)
app.command(epilog=EXIT_HELP)(measure.check)
app.command(epilog=EXIT_HELP)(measure.review)
app.command("eval", epilog=EXIT_HELP)(measure.evaluate)
app.command("eval-units", epilog=EXIT_HELP)(measure.evaluate_units_command)
app.command(epilog=EXIT_HELP)(measure.bench)

__all__ = ["app", "main"]
