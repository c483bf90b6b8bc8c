"""Issue 23: after the README's setup command, a new shell said `newsfacts: command not found`.

This runs what the README's first screen says, as a new user would: the first ```bash block, in a
copy of the checkout, its `python3 tasks.py run` as the install that begins it (`tasks.py install`:
the build, extract, review and check that follow take minutes, and other tests cover them), and
every line after it in a new login shell with a clean environment (no variable of this test's
shell, nothing of the test's virtual environment on the PATH).

Offline and under a minute: the fresh `.venv` is made without pip, and a `.pth` file makes the
test environment's packages (pip, spaCy, setuptools ...) importable in it, so `pip install -e .`
finds every dependency installed and builds the editable install without build isolation and
with no index (PIP_NO_INDEX): nothing is downloaded. The newsfacts it installs is the copy's.
Marked `slow` (`pytest -m "not slow"` leaves it out); CI runs it with the rest.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LEFT_OUT = {".venv", ".git", "out", "tests", "corpus", "benchmarks", "newsfacts_en", "__pycache__",
            ".pytest_cache", ".ruff_cache", ".hypothesis"}

pytestmark = pytest.mark.slow


def first_screen_block(readme: str) -> list[str]:
    """The command lines of the README's first ```bash block (comments and blank lines left out)."""
    found = re.search(r"^```bash\n(.*?)^```", readme, re.S | re.M)
    assert found, "the README has no ```bash block"
    assert readme[:found.start()].count("\n") < 60, "the README's first commands are not on its first screen"
    lines = [line.split("  #")[0].strip() for line in found.group(1).splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def test_the_first_screen_block_is_what_the_test_runs():
    lines = first_screen_block((ROOT / "README.md").read_text(encoding="utf-8"))
    assert lines[0] == "python3 tasks.py run"
    assert any(line.split()[0] == "newsfacts" for line in lines), "the block uses no newsfacts command"


def clean_shell(script: str, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    """`script` in a new login shell: bash -l with only HOME, a system PATH and a locale."""
    env = {"HOME": str(home), "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "dumb"}
    return subprocess.run(["bash", "-lc", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def checkout(tmp_path) -> Path:
    """A copy of the checkout as a clone has it (no .venv, no built pipeline, no outputs)."""
    copy = tmp_path / "newsfacts"
    shutil.copytree(ROOT, copy, ignore=lambda folder, names: [n for n in names if n in LEFT_OUT or
                                                              n.endswith(".egg-info")])
    return copy


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_a_new_shell_finds_newsfacts_as_the_readme_says(checkout, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    lines = first_screen_block((checkout / "README.md").read_text(encoding="utf-8"))
    assert lines[0] == "python3 tasks.py run"

    # the virtual environment tasks.py would make, with this test environment's packages in it
    subprocess.run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", "--without-pip",
                    str(checkout / ".venv")], check=True, timeout=60)
    target = Path(subprocess.run([str(checkout / ".venv" / "bin" / "python"), "-c",
                                  "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                 capture_output=True, text=True, check=True).stdout.strip())
    (target / "_newsfacts_test_packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    # the README's setup command's install, offline, with the user's python3 (a system PATH)
    installed = subprocess.run(["bash", "-c", "python3 tasks.py install"], cwd=checkout, capture_output=True,
                               text=True, timeout=300,
                               env={"HOME": str(home), "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
                                    "PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0",
                                    "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert "source .venv/bin/activate" in installed.stdout  # tasks.py says how, as the README does

    # a new shell knows nothing of .venv ...
    bare = clean_shell("newsfacts --version", checkout, home)
    assert bare.returncode == 127 and "newsfacts: command not found" in bare.stderr, bare
    # ... and the README's lines after the setup command make `newsfacts` work in it
    after = [line for line in lines[1:] if not line.startswith("python3 tasks.py")]
    done = clean_shell(" && ".join([*after, "command -v newsfacts", "newsfacts --version"]), checkout, home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-2] == str(checkout / ".venv" / "bin" / "newsfacts")
    assert re.fullmatch(r"newsfacts \d+\.\d+\.\d+\S*", done.stdout.splitlines()[-1])


def test_a_python_without_venv_support_is_told_what_to_install(checkout):
    """Debian's python3 has no ensurepip without python3-venv: one line saying what to install,
    not venv's traceback, and no half-made .venv."""
    script = ("import runpy, sys; sys.modules['ensurepip'] = None; sys.argv = ['tasks.py', 'install']; "
              "runpy.run_path('tasks.py', run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", script], cwd=checkout, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip() == ("this Python cannot make a virtual environment with pip (.venv): on Debian or "
                                   "Ubuntu, `sudo apt-get install python3-venv`, then run this again")
    assert not (checkout / ".venv").exists()
