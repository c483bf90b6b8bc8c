"""Issue 23: `newsfacts check` at the end of `tasks.py run` printed hundreds of lines of differences
that buried the score table. The table comes first and last; the differences only with --details
(else one line counting them); the thresholds say which passed; --format json stays complete."""

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.failures import ExitCode

TEXT = "The probe landed on Monday with 1,935.3 grams of rock. It left on Friday."
#: the system's rows: one right, one with a wrong value, one spurious ("Friday" is missed by gold's span)
ROWS = [
    {"article_id": "a1", "fact_id": "d20-26", "kind": "date", "label": "DATE", "text": "Monday", "start": 20,
     "end": 26, "value": "2024-09-23", "sentence_text": TEXT[:55]},
    {"article_id": "a1", "fact_id": "q32-45", "kind": "quantity", "label": "mass", "text": "1,935.3 grams",
     "start": 32, "end": 45, "value": "1.9 kg", "sentence_text": TEXT[:55]},
    {"article_id": "a1", "fact_id": "e4-9", "kind": "entity", "label": "PRODUCT", "text": "probe", "start": 4,
     "end": 9, "value": "probe", "sentence_text": TEXT[:55]},
]
GOLD = [
    {"kind": "date", "label": "DATE", "text": "Monday", "value": "2024-09-23"},
    {"kind": "quantity", "label": "mass", "text": "1,935.3 grams", "value": "1.9353 kg"},
    {"kind": "date", "label": "DATE", "text": "Friday", "value": "2024-09-27"},
]


@pytest.fixture
def checked(tmp_path):
    """A table, its article and gold, and a config whose one threshold passes: the command's arguments."""
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "a1", "published": "2024-09-24", "text": TEXT}) + "\n")
    (tmp_path / "a1.gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in GOLD))
    (tmp_path / "facts.jsonl").write_text("".join(json.dumps(r) + "\n" for r in ROWS))
    (tmp_path / "t.toml").write_text("[tool.newsfacts.thresholds.date]\nrelaxed_f1 = 0.5\n")
    return [tmp_path / "facts.jsonl", tmp_path, "--config", tmp_path / "t.toml"]


def invoke(*args):
    return CliRunner().invoke(app, ["check", *map(str, args)])


def table_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.split(" ")[0] in ("kind", "entity", "date", "quantity", "all")]


def test_the_table_without_the_details_and_one_line_that_counts_them(checked):
    result = invoke(*checked)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "1 articles"
    assert lines[1:6] == table_lines(result.output) and len(table_lines(result.output)) == 5
    assert not any(line.startswith(("missed:", "spurious:", "wrong:", "differs:")) for line in lines)
    [summary] = [line for line in lines if line.startswith("details:")]
    assert summary.startswith("details: 1 missed, 1 spurious, 1 wrong value or label, 0 differing in unit, "
                              "change or concept: --details lists them"), summary
    assert "newsfacts review" in summary  # where they are readable, in their sentences


def test_the_thresholds_say_which_passed(checked, tmp_path):
    result = invoke(*checked)
    assert f"thresholds applied: {tmp_path / 't.toml'} [tool.newsfacts.thresholds]: 1 thresholds on date: " \
           f"all passed" in result.output
    (tmp_path / "t.toml").write_text("[tool.newsfacts.thresholds.date]\nrelaxed_f1 = 0.5\nvalue_f1 = 0.9\n"
                                     "[tool.newsfacts.thresholds.quantity]\nrelaxed_f1 = 0.9\n")
    result = invoke(*checked)
    assert result.exit_code == ExitCode.BELOW_THRESHOLD
    assert "3 thresholds on date, quantity: 2 passed (date.relaxed_f1, quantity.relaxed_f1), 1 below" in result.output
    assert "below threshold: date.value_f1 0.667 < 0.900" in result.output


def test_details_come_between_the_table_and_the_table_again(checked):
    result = invoke(*checked, "--details")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    table = table_lines(result.output)[:5]
    assert lines[1:6] == table
    details = lines[6:]
    assert [line.split(":")[0] for line in details[:3]] == ["missed", "spurious", "wrong"]
    last_table = len(lines) - 1 - lines[::-1].index(table[-1])
    assert lines[last_table - 4:last_table + 1] == table  # the table again, after the details
    assert not any(line.startswith(("missed:", "spurious:", "wrong:")) for line in lines[last_table:])
    assert not any(line.startswith("details:") for line in lines)


def test_json_is_complete_with_or_without_details(checked):
    for options in ([], ["--details"], ["--no-details"]):
        result = invoke(*checked, "--format", "json", *options)
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert set(data) == {"articles", "without_gold", "scores", "thresholds", "below_thresholds", "details"}
        assert data["scores"]["date"]["relaxed_r"] == 0.5
        details = data["details"]
        assert [len(details[what]) for what in ("missed", "spurious", "wrong", "differing")] == [1, 1, 1, 0]
        assert details["missed"][0] == {"article_id": "a1", "kind": "date", "label": "DATE", "text": "Friday",
                                        "value": "2024-09-27", "sentence": "It left on Friday."}
        assert details["wrong"][0]["gold"]["value"] == "1.9353 kg" and details["wrong"][0]["got"]["value"] == "1.9 kg"


def test_the_check_that_tasks_py_run_ends_with_ends_on_the_score_table(checked):
    """`python3 tasks.py run` ends with `newsfacts check`: its options as tasks.py gives them, the
    score table is in the last lines, under only the line counting the details and the thresholds."""
    import ast
    from pathlib import Path

    tasks = ast.parse((Path(__file__).resolve().parents[2] / "tasks.py").read_text(encoding="utf-8"))
    [call] = [node for node in ast.walk(tasks) if isinstance(node, ast.Call) and len(node.args) > 1
              and "newsfacts" in ast.unparse(node.args[0]) and ast.unparse(node.args[1]) == "'check'"]
    options = [arg.value for arg in call.args[2:] if isinstance(arg, ast.Constant) and arg.value.startswith("-")]
    assert options == []  # no --details: the differences stay behind the option
    result = invoke(*checked)
    lines = result.output.splitlines()
    assert table_lines(result.output)[-1] == lines[-3]
    assert lines[-2].startswith("details: ") and lines[-1].startswith("thresholds applied: ")
