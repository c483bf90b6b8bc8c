"""The `newsfacts` console script: runs the application with every failure as one line on stderr
and an exit status of `pipeline.core.failures.ExitCode`; SIGTERM and Ctrl-C clean up first."""

from __future__ import annotations

import os
import signal
import sys

import typer

from pipeline.core.failures import ExitCode, Terminated

from .app import app, say


class Interrupted(BaseException):
    """Ctrl-C, raised as our own exception so that click does not turn it into "Aborted!"."""


def _raise_on_signal(signum: int, frame) -> None:
    raise Terminated() if signum == signal.SIGTERM else Interrupted()


def main() -> None:
    """Entry point of the `newsfacts` console script: every failure is one line on stderr and
    an exit status of `pipeline.core.failures.ExitCode`; SIGTERM and Ctrl-C clean up first."""
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
        say(f"newsfacts: internal error: {type(err).__name__}: {err} (set NEWSFACTS_DEBUG=1 for the "
            f"traceback, and please report it)")
        sys.exit(int(ExitCode.INTERNAL))


if __name__ == "__main__":
    main()
