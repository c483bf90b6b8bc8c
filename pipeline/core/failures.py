"""What can stop a whole run, and the exit status of each: one table for the CLI, its
`--help` and docs/failures.md.

A failure of one article is never one of these: it becomes a row of the errors table, the
other articles are written and the status is ARTICLES_FAILED.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit statuses of the `newsfacts` commands (see `EXIT_CODES` for their meaning)."""

    OK = 0
    ARTICLES_FAILED = 1
    USAGE = 2
    BELOW_THRESHOLD = 3
    NOTHING_TO_CHECK = 4
    UNREADABLE = 5
    OUTPUT_FAILED = 6
    BUSY = 7
    INTERNAL = 8
    INTERRUPTED = 130  # 128 + SIGINT
    TERMINATED = 143  # 128 + SIGTERM


#: status -> what it means and what was written
EXIT_CODES: dict[ExitCode, str] = {
    ExitCode.OK: "done: every article was written",
    ExitCode.ARTICLES_FAILED: "some articles, or a stage of some, failed: all the rest is written, and "
                              "<output>.errors.<ext> and stderr say which, where and why",
    ExitCode.USAGE: "bad command line, found before any work: unknown option or value, an output that is an "
                    "input, another output or a folder, or lies where an input folder would read it, "
                    "--processes above the CPUs, --model not a pipeline folder, --dask not local:N nor a "
                    "scheduler that answers, or workers that cannot load the pipeline",
    ExitCode.BELOW_THRESHOLD: "check: a score is below its threshold",
    ExitCode.NOTHING_TO_CHECK: "check: no thresholds found, or no gold file belongs to an article given",
    ExitCode.UNREADABLE: "check, review: the table, the config or a gold file cannot be read (missing or corrupted)",
    ExitCode.OUTPUT_FAILED: "the output could not be written (disk full, read-only, no permission): "
                            "nothing was written and the previous table is unchanged",
    ExitCode.BUSY: "another run is writing the same output: nothing was done",
    ExitCode.INTERNAL: "a bug in newsfacts: nothing was written; set NEWSFACTS_DEBUG=1 for the traceback "
                       "and please report it",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C): nothing was written, the previous table is unchanged",
    ExitCode.TERMINATED: "terminated (SIGTERM): nothing was written, the previous table is unchanged",
}


def exit_codes_help(width: int = 76) -> str:
    """The exit statuses as lines for `--help`, each meaning wrapped under itself so that no line is
    wider than a terminal (click keeps a paragraph after "\\b" as it is)."""
    import textwrap

    lines = ["\b", "Exit status:"]
    for code, meaning in EXIT_CODES.items():
        lines += textwrap.wrap(meaning, width, initial_indent=f"  {int(code):>3}  ", subsequent_indent=" " * 7)
    return "\n".join(lines)


class Failure(Exception):
    """A failure that stops the whole run; its message is one line saying what, where and
    what to do, and `code` is the exit status."""

    code = ExitCode.INTERNAL


class UsageFailure(Failure):
    """A bad command line, found before any work."""

    code = ExitCode.USAGE


class InputConflict(UsageFailure):
    """The output would overwrite one of the inputs."""


class OutputError(Failure):
    """The output cannot be written."""

    code = ExitCode.OUTPUT_FAILED


class OutputBusy(Failure):
    """Another run holds the output's lock."""

    code = ExitCode.BUSY


class Unreadable(Failure):
    """A table, config or gold file that a command needs as a whole cannot be read."""

    code = ExitCode.UNREADABLE


class NothingToCheck(Failure):
    """`check` has no thresholds, or no gold that belongs to the articles."""

    code = ExitCode.NOTHING_TO_CHECK


def printable(text: object) -> str:
    """`text` as it may be printed on a terminal: each character that is not printable (ESC and the
    other control characters, carriage return, line breaks, bidirectional overrides) written as in a
    Python string literal (``\\x1b``, ``\\r``, ``\\u202e``). Every message that echoes an article id,
    a file name or a text goes through it, so input can never set the window title, clear the
    screen or fake a line of output."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def printable_lines(text: object) -> str:
    """`text` of several lines, each made `printable`: a report whose lines quote the input."""
    return "\n".join(printable(line) for line in str(text).split("\n"))


class Terminated(BaseException):
    """SIGTERM, raised in the main process so that every temporary file is cleaned up."""
