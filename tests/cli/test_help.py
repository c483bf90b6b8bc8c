"""Issue 23: what the command line tells a new user: `--version`, help texts as written (no word
in brackets lost to markup), `--format` as a choice, and the exit statuses once, under the main help."""

import subprocess
import sys

import pytest
from typer.testing import CliRunner

import pipeline
from pipeline.cli import app
from pipeline.core.failures import EXIT_CODES, ExitCode

#: every command, as `newsfacts --help` lists them
COMMANDS = ["extract", "regenerate", "build", "schema", "check", "review", "eval", "eval-units", "bench"]

#: each command that has a --format, with the values it takes
FORMATS = {"extract": ["table", "timeml"], "check": ["text", "json"], "eval": ["text", "json"],
           "eval-units": ["text", "json"], "bench": ["text", "json"]}


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args], terminal_width=100)


def test_version_is_the_package_version():
    result = invoke("--version")
    assert result.exit_code == 0, result.output
    assert result.output == f"newsfacts {pipeline.__version__}\n"


def test_version_of_the_console_script_without_loading_spacy():
    """`python -m pipeline.cli --version` answers at once: nothing heavy is imported for it."""
    code = ("import sys, runpy; sys.argv = ['newsfacts', '--version']\n"
            "try:\n    runpy.run_module('pipeline.cli', run_name='__main__')\n"
            "except SystemExit as stop:\n    assert not stop.code, stop.code\n"
            "assert 'spacy' not in sys.modules and 'pandas' not in sys.modules, 'heavy imports'\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"newsfacts {pipeline.__version__}\n"


@pytest.mark.parametrize("command, words", [
    ("extract", ["pip install 'newsfacts[dask]'"]),
    ("regenerate", ["pip install 'newsfacts[dask]'"]),
    ("check", ["The thresholds come from [tool.newsfacts.thresholds] in --config",
               "Where [tool.newsfacts.thresholds] is."]),
])
def test_help_keeps_words_in_brackets(command, words):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    flat = " ".join(result.output.split())  # as one line, whatever the wrapping
    for text in words:
        assert text in flat, result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_no_help_text_is_read_as_markup(command):
    """Every help text of every command and option reaches the screen word for word (wrapping aside)."""
    import typer.main

    group = typer.main.get_command(app)
    flat = " ".join(invoke(command, "--help").output.split()).replace("- ", "-")  # "news-" wrapped before "quantity"
    cmd = group.commands[command]
    texts = [cmd.help or ""] + [p.help for p in cmd.params if getattr(p, "help", None)]
    for text in texts:
        for paragraph in text.replace("\b", "").split("\n\n"):
            assert " ".join(paragraph.split()).replace("- ", "-") in flat, (command, paragraph)


@pytest.mark.parametrize("command, values", FORMATS.items())
def test_format_is_a_choice_listed_in_help(command, values):
    flat = " ".join(invoke(command, "--help").output.split())
    choices = "|".join(values)
    assert f"--format <{choices}>" in flat or f"--format [{choices}]" in flat, flat  # as typer, or click, shows them


@pytest.mark.parametrize("command, values", FORMATS.items())
def test_a_wrong_format_is_a_usage_error_with_the_choices(command, values, tmp_path):
    arguments = {"extract": [tmp_path], "check": [tmp_path, tmp_path], "eval": [tmp_path],
                 "eval-units": [tmp_path], "bench": [tmp_path]}[command]
    result = invoke(command, *arguments, "--format", "xml")
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "'xml' is not one of " + ", ".join(f"'{v}'" for v in values) in result.output


def test_the_exit_statuses_are_listed_once_under_the_main_help():
    result = invoke("--help")
    assert result.output.count("Exit status:") == 1
    for code in EXIT_CODES:
        assert f" {int(code)}  " in result.output, code


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_help_points_to_the_exit_statuses_instead_of_repeating_them(command):
    output = invoke(command, "--help").output
    assert "Exit status:" not in output
    assert " 143  " not in output
    assert "newsfacts --help" in output


def test_the_main_help_fits_a_terminal():
    """No line of the main help is wider than the terminal: the exit statuses wrap under their text."""
    for line in invoke("--help").output.splitlines():
        assert len(line) <= 100, line


def test_the_list_of_commands_is_not_cut_short_in_80_columns():
    output = CliRunner().invoke(app, ["--help"], terminal_width=80).output
    listed = output.split("Commands:")[1].split("Exit status:")[0]
    assert "..." not in listed, listed
    assert all(f"  {command} " in listed for command in COMMANDS)
